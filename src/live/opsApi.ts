import type { z } from 'zod';
import { savedLogin } from './liveFeed.ts';
import { OPS_API_PREFIX } from './opsApiContract.ts';

/**
 * The page's side of the operations service's HTTP API (opsApiContract.ts): a signed-in
 * operator's login goes with each request, and every JSON answer is validated here, at the edge,
 * with its route's schema. Each domain's calls sit beside its contract (its apiContract.ts).
 */

/** A GET under /api/ops/ with the operator's login; an answer other than 200 throws. */
export async function opsGet(path: string): Promise<Response> {
  const login = savedLogin();
  const headers: Record<string, string> = login ? { Authorization: `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${login.username}:${login.password}`)))}` } : {};
  const res = await fetch(`${OPS_API_PREFIX}${path}`, { headers, cache: 'no-store' });
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
