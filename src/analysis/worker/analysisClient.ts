import { RequestClient } from '../../workers/actor.ts';
import type { AnalysisMethods } from './analysisProtocol.ts';

/** The page's side of the analysis worker: typed requests, answered as promises. */
export type AnalysisClient = RequestClient<AnalysisMethods>;

let shared: AnalysisClient | null = null;

/** One worker for the page: the grid index is built once and serves every query. */
export function analysis(): AnalysisClient {
  shared ??= new RequestClient<AnalysisMethods>(new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' }), 'analysis');
  return shared;
}
