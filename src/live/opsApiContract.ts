/**
 * The operations service's HTTP API on the app's own origin (/api/ops/…), defined once: each
 * route's path and the schema of its JSON answer. The page validates every answer with it
 * (opsApi.ts, signHistory.ts), the service types what it sends with it (server/ops/http.ts and
 * the routes it mounts), and tests/live/opsApiContract.live.ts checks the real answers against it.
 */
import { z } from 'zod';
import { signHistoryAnswerSchema } from '../domains/signs/historyContract.ts';
import { violationSchema } from '../domains/trucks/contract.ts';

export const OPS_API_PREFIX = '/api/ops/';

const historyRowSchema = z.object({
  at: z.string(),
  event: z.string(),
  from_state: z.string(),
  to_state: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  value: z.number().nullable(),
});

const loadSchema = z.object({
  from: z.number(),
  to: z.number(),
  positions: z.array(z.object({ position: z.string(), alarms: z.number(), per10MinAvg: z.number(), per10MinPeak: z.number(), floodWindows: z.number(), floodShare: z.number() })),
  floods: z.array(z.object({ position: z.string(), start: z.number(), alarms: z.number() })),
  top: z.array(z.object({ alarm: z.string(), district: z.string(), count: z.number() })),
  chattering: z.array(z.object({ alarm: z.string(), district: z.string() })),
  stale: z.array(z.object({ alarm: z.string(), district: z.string(), since: z.number() })),
});

const countsSchema = z.record(z.string(), z.number());

const hitSchema = z.object({ code: z.string(), name: z.string(), industry: z.string(), status: z.string(), cell: z.number().int(), lon: z.number(), lat: z.number() });

/** Each JSON route (its path after the prefix) and its answer. */
export const OPS_ROUTES = {
  /** An alarm's transitions, newest first (operator login). */
  history: z.array(historyRowSchema),
  /** The alarm-load figures after ISA-18.2 over `hours` (operator login). */
  load: loadSchema,
  /** Muck-truck violations that started in the span, with their counts (operator login). */
  violations: z.object({
    from: z.number(),
    to: z.number(),
    violations: z.array(violationSchema),
    counts: z.object({ rule: countsSchema, district: countsSchema, cell: countsSchema, company: countsSchema }),
  }),
  /** One truck's day in China Standard Time: t ms, lon, lat, speed per point, and its violations (operator login). */
  'truck-day': z.object({
    truck: z.string(),
    date: z.string(),
    from: z.number(),
    to: z.number(),
    points: z.array(z.tuple([z.number(), z.number().min(-180).max(180), z.number().min(-90).max(90), z.number()])),
    violations: z.array(violationSchema),
  }),
  /** Enterprises by part of a name or the start of a credit code (public; 503 with the build's progress until ready). */
  enterprises: z.object({
    state: z.union([z.object({ phase: z.enum(['idle', 'ready']) }), z.object({ phase: z.literal('loading'), loaded: z.number(), total: z.number() }), z.object({ phase: z.literal('error'), error: z.string() })]),
    hits: z.array(hitSchema),
  }),
  /** A vital sign's recent history, [t ms, value] (public, like the signs). */
  'signs/history': signHistoryAnswerSchema,
} as const;

export type OpsRoute = keyof typeof OPS_ROUTES;
/** What a route answers, as the service builds it and the page reads it. */
export type OpsAnswer<R extends OpsRoute> = z.infer<(typeof OPS_ROUTES)[R]>;
export type HistoryRow = OpsAnswer<'history'>[number];
export type EnterpriseHit = OpsAnswer<'enterprises'>['hits'][number];

export const opsPath = (route: OpsRoute | 'load.csv' | 'audit.csv' | 'status'): string => `${OPS_API_PREFIX}${route}`;
