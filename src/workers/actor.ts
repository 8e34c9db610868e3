/**
 * One typed request/response channel across a worker boundary, in the manner of maplibre's Actor:
 * the page asks `request({ type, ...fields })` and gets a promise of that type's result; the worker
 * routes each request by its type to one handler. The methods are an interface that each side
 * extends (declaration merging), so the channel names none of them.
 */

/** A method: what its request carries (besides its type) and what it answers. */
export interface Method {
  request: object;
  result: unknown;
}

/** Every request a set of methods accepts: its type and its fields. */
export type RequestOf<M> = { [K in keyof M & string]: M[K] extends Method ? { type: K } & M[K]['request'] : never }[keyof M & string];
/** The result of a method, by its type. */
export type ResultOf<M, K extends keyof M> = M[K] extends Method ? M[K]['result'] : never;

/** A handler's answer: the result, and the buffers to move rather than copy. */
export interface Answer<R> {
  result: R;
  transfer?: Transferable[];
}

export type Handler<M, K extends keyof M & string> = (request: Extract<RequestOf<M>, { type: K }>) => Answer<ResultOf<M, K>> | Promise<Answer<ResultOf<M, K>>>;
export type Handlers<M> = { [K in keyof M & string]?: Handler<M, K> };

type Envelope = { id: number; request: { type: string } };
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

interface Port {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/** The worker's side: answers each request with its type's handler, or says none serves it. */
export function serveRequests<M>(port: Port, handlers: Handlers<M>): void {
  const table = handlers as Record<string, ((request: unknown) => Answer<unknown> | Promise<Answer<unknown>>) | undefined>;
  const reply = (message: Reply, transfer: Transferable[] = []): void => port.postMessage(message, transfer);
  port.addEventListener('message', (e: MessageEvent<Envelope>) => {
    const { id, request } = e.data;
    const handler = table[request.type];
    if (!handler) return reply({ id, ok: false, error: `no handler for ${request.type}` });
    Promise.resolve()
      .then(() => handler(request))
      .then(
        (answer) => reply({ id, ok: true, result: answer.result }, answer.transfer),
        (err: unknown) => reply({ id, ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
  });
}

/** The page's side: typed requests, answered as promises; a failing worker fails what is pending. */
export class RequestClient<M> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly worker: Worker,
    name: string,
  ) {
    worker.addEventListener('message', (e: MessageEvent<Reply>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.result);
      else p.reject(new Error(e.data.error));
    });
    worker.addEventListener('error', (e) => {
      for (const p of this.pending.values()) p.reject(new Error(e.message || `${name} worker failed`));
      this.pending.clear();
    });
  }

  request<R extends RequestOf<M>>(request: R): Promise<ResultOf<M, R['type']>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, request } satisfies Envelope);
    });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
