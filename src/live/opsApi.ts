import type { z } from 'zod';
import { savedLogin } from './liveFeed.ts';
import { OPS_API_PREFIX } from './opsApiContract.ts';

/**
 * The page's side of the operations service's HTTP API (opsApiContract.ts): a signed-in
 * operator's login goes with each request, and every JSON answer is validated here, at the edge,
 * with its route's schema. Each domain's calls sit beside its contract (its apiContract.ts).
 */

/** The signed-in login as HTTP Basic credentials (UTF-8), or none. */
function authorization(): Record<string, string> {
  const login = savedLogin();
  return login ? { Authorization: `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${login.username}:${login.password}`)))}` } : {};
}

/** A GET under /api/ops/ with the operator's login; an answer other than 200 throws. */
export async function opsGet(path: string): Promise<Response> {
  const res = await fetch(`${OPS_API_PREFIX}${path}`, { headers: authorization(), cache: 'no-store' });
  if (!res.ok) throw new Error(`${OPS_API_PREFIX}${path}: HTTP ${res.status}`);
  return res;
}

/** An answer checked against its route's schema; one that does not match throws, naming the route. */
export function parseOpsAnswer<S extends z.ZodType>(schema: S, path: string, json: unknown): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${OPS_API_PREFIX}${path}: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

/** A JSON route's answer (`path`: the route and its query), with the operator's login, validated. */
export async function opsGetJson<S extends z.ZodType>(schema: S, path: string): Promise<z.infer<S>> {
  return parseOpsAnswer(schema, path, await (await opsGet(path)).json());
}

/** Why the service refused a write: its status and reason, and what it sent with it (a case's state now). */
export class OpsRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A POST under /api/ops/ with the signed-in login: the answer validated, or an OpsRefusal with the service's reason. */
export async function opsPostJson<S extends z.ZodType>(schema: S, path: string, body: unknown): Promise<z.infer<S>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...authorization() };
  const res = await fetch(`${OPS_API_PREFIX}${path}`, { method: 'POST', headers, body: JSON.stringify(body), cache: 'no-store' });
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const detail = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    throw new OpsRefusal(res.status, typeof detail.error === 'string' ? detail.error : `HTTP ${res.status}`, detail);
  }
  return parseOpsAnswer(schema, path, json);
}
