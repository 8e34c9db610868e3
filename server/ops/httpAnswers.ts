/** How the operations service's HTTP API reads a span and sends its answers (./http.ts and the domains' routes). */
import type { ServerResponse } from 'node:http';
import type { OpsAnswer, OpsRoute } from '../../src/live/opsApiContract.ts';

const MAX_HOURS = 24 * 31;

/** The span `hours` back from now (default 24, at most 31 days). */
export function opsSpan(url: URL): { from: number; to: number } {
  const hours = Math.min(MAX_HOURS, Math.max(0.1, Number(url.searchParams.get('hours') ?? 24) || 24));
  const to = Date.now();
  return { from: to - hours * 3600_000, to };
}

export function send(res: ServerResponse, type: string, body: string, filename?: string): void {
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...(filename ? { 'Content-Disposition': `attachment; filename="${filename}"` } : {}) }).end(body);
}

/** A route's answer, typed by the API's contract so that what is sent is what the page parses. */
export function sendJson<R extends OpsRoute>(res: ServerResponse, _route: R, answer: OpsAnswer<R>): void {
  send(res, 'application/json; charset=utf-8', JSON.stringify(answer));
}
