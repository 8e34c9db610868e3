/**
 * The operations service's HTTP API on the app's own origin (/api/ops/…): each JSON route's path
 * and the schema of its answer, defined once, by the domain that serves it (its apiContract.ts,
 * which adds the route to `OpsRoutes` by declaration merging). The page validates every answer
 * with the route's schema (opsApi.ts), the service types what it sends with it
 * (server/ops/httpAnswers.ts), and tests/live/opsApi.live.ts checks the real answers against it.
 */
import { z } from 'zod';

export const OPS_API_PREFIX = '/api/ops/';

/** Each JSON route (its path after the prefix) and the schema of its answer, added by the domains. */
export interface OpsRoutes {
  /** Who is signed in: the login, its role, and what its reach is tied to. */
  me: typeof meSchema;
}

export const meSchema = z.object({ name: z.string(), role: z.string(), department: z.string().nullable(), cells: z.array(z.string()).nullable() });
export type Me = z.infer<typeof meSchema>;

export type OpsRoute = keyof OpsRoutes;
/** What a route answers, as the service builds it and the page reads it. */
export type OpsAnswer<R extends OpsRoute> = OpsRoutes[R] extends z.ZodType ? z.infer<OpsRoutes[R]> : never;

/** A route's path; the CSV downloads and the status have no schema. */
export const opsPath = (route: OpsRoute | 'load.csv' | 'audit.csv' | 'status'): string => `${OPS_API_PREFIX}${route}`;
