/** How the operations service's HTTP API reads a span and a body, and sends its answers and refusals (./http.ts and the domains' routes). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
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

/** A refusal with its reason, as JSON (`{"error": …}`), plus anything the caller needs to try again. */
export function sendProblem(res: ServerResponse, status: number, error: string, more: Record<string, unknown> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify({ error, ...more }));
}

/** A request body refused before it was used: its HTTP status and why. */
export class BodyProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request's body, at most `maxBytes` (413 beyond, counted from Content-Length when it is sent,
 * and from what arrives otherwise, so that a lying header buys nothing), of one of `types`.
 */
export async function readBody(req: IncomingMessage, maxBytes: number, types: readonly string[]): Promise<{ type: string; body: Buffer }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!types.includes(type)) throw new BodyProblem(415, `the body must be ${types.join(' or ')}, not ${type || 'untyped'}`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw new BodyProblem(413, `the body is over ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyProblem(413, `the body is over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return { type, body: Buffer.concat(chunks) };
}

/** A JSON body checked by a schema: the value, or a BodyProblem (400) that says which field is wrong. */
export async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>, maxBytes = 64 * 1024): Promise<T> {
  const { body } = await readBody(req, maxBytes, ['application/json']);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BodyProblem(400, 'the body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BodyProblem(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}
