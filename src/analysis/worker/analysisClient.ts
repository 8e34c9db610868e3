import type { AnalysisReply, AnalysisRequest, AnalysisResults } from './analysisProtocol.ts';

/** The page's side of the analysis worker: typed requests, answered as promises. */
export class AnalysisClient {
  private readonly worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.addEventListener('message', (e: MessageEvent<AnalysisReply>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.result);
      else p.reject(new Error(e.data.error));
    });
    this.worker.addEventListener('error', (e) => {
      for (const p of this.pending.values()) p.reject(new Error(e.message || 'analysis worker failed'));
      this.pending.clear();
    });
  }

  request<R extends AnalysisRequest>(request: R): Promise<AnalysisResults[R['type']]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, request });
    });
  }

  terminate(): void {
    this.worker.terminate();
  }
}

let shared: AnalysisClient | null = null;

/** One worker for the page: the grid index is built once and serves every query. */
export function analysis(): AnalysisClient {
  shared ??= new AnalysisClient();
  return shared;
}
