import { z } from 'zod';
import { savedLogin } from './liveFeed.ts';
import { violationSchema } from '../trucks/contract.ts';

/**
 * The operations service's HTTP side, on the app's own origin (/api/ops/): an alarm's history,
 * the alarm-load figures, and the audit trail as CSV, for a signed-in operator (their login goes
 * with each request). Answers are validated here, at the edge.
 */
export const OPS_API = '/api/ops';

const historyRowSchema = z.object({
  at: z.string(),
  event: z.string(),
  from_state: z.string(),
  to_state: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  value: z.number().nullable(),
});
export type HistoryRow = z.infer<typeof historyRowSchema>;

const loadSchema = z.object({
  from: z.number(),
  to: z.number(),
  positions: z.array(z.object({ position: z.string(), alarms: z.number(), per10MinAvg: z.number(), per10MinPeak: z.number(), floodWindows: z.number(), floodShare: z.number() })),
  floods: z.array(z.object({ position: z.string(), start: z.number(), alarms: z.number() })),
  top: z.array(z.object({ alarm: z.string(), district: z.string(), count: z.number() })),
  chattering: z.array(z.object({ alarm: z.string(), district: z.string() })),
  stale: z.array(z.object({ alarm: z.string(), district: z.string(), since: z.number() })),
});
export type AlarmLoadView = z.infer<typeof loadSchema>;

async function get(path: string): Promise<Response> {
  const login = savedLogin();
  const headers: Record<string, string> = login ? { Authorization: `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${login.username}:${login.password}`)))}` } : {};
  const res = await fetch(`${OPS_API}${path}`, { headers, cache: 'no-store' });
  if (!res.ok) throw new Error(`${OPS_API}${path}: HTTP ${res.status}`);
  return res;
}

async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const res = await get(path);
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) throw new Error(`${OPS_API}${path}: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

export const alarmHistory = (alarm: string): Promise<HistoryRow[]> => getJson(`/history?alarm=${encodeURIComponent(alarm)}`, z.array(historyRowSchema));
export const alarmLoadFigures = (hours: number): Promise<AlarmLoadView> => getJson(`/load?hours=${hours}`, loadSchema);
export const auditCsv = async (hours: number): Promise<string> => (await get(`/audit.csv?hours=${hours}`)).text();
export const loadCsv = async (hours: number): Promise<string> => (await get(`/load.csv?hours=${hours}`)).text();

const truckDaySchema = z.object({
  truck: z.string(),
  date: z.string(),
  from: z.number(),
  to: z.number(),
  points: z.array(z.tuple([z.number(), z.number().min(-180).max(180), z.number().min(-90).max(90), z.number()])),
  violations: z.array(violationSchema),
});
export type TruckDayView = z.infer<typeof truckDaySchema>;

/** One truck's track and violations over a day in China Standard Time (YYYY-MM-DD), for its replay. */
export const truckDay = (truck: string, date: string): Promise<TruckDayView> => getJson(`/truck-day?truck=${encodeURIComponent(truck)}&date=${date}`, truckDaySchema);

const countsSchema = z.record(z.string(), z.number());
const violationReportSchema = z.object({
  from: z.number(),
  to: z.number(),
  violations: z.array(violationSchema),
  counts: z.object({ rule: countsSchema, district: countsSchema, cell: countsSchema, company: countsSchema }),
});
export type ViolationReportView = z.infer<typeof violationReportSchema>;

/** The muck-truck violations since `from` (ms), with their counts per rule, district, cell and company, from the service's database. */
export const violationsSince = (from: number): Promise<ViolationReportView> => getJson(`/violations?hours=${Math.max(0.1, (Date.now() - from) / 3600_000).toFixed(3)}`, violationReportSchema);

const hitSchema = z.object({ code: z.string(), name: z.string(), industry: z.string(), status: z.string(), cell: z.number().int(), lon: z.number(), lat: z.number() });
const searchSchema = z.object({
  state: z.union([z.object({ phase: z.enum(['idle', 'ready']) }), z.object({ phase: z.literal('loading'), loaded: z.number(), total: z.number() }), z.object({ phase: z.literal('error'), error: z.string() })]),
  hits: z.array(hitSchema),
});
export type EnterpriseSearchAnswer = z.infer<typeof searchSchema>;
export type EnterpriseHit = z.infer<typeof hitSchema>;

/** Enterprises by part of a name or the start of a credit code; public, so no login is sent. 202 while the service loads them. */
export async function searchEnterprises(q: string): Promise<EnterpriseSearchAnswer> {
  const path = `/enterprises?q=${encodeURIComponent(q)}`;
  const res = await fetch(`${OPS_API}${path}`, { cache: 'no-store' });
  if (res.status !== 200 && res.status !== 202 && res.status !== 503) throw new Error(`${OPS_API}${path}: HTTP ${res.status}`);
  const parsed = searchSchema.safeParse(await res.json());
  if (!parsed.success) throw new Error(`${OPS_API}${path}: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}
