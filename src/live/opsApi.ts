import { z } from 'zod';

/**
 * The operations service's HTTP side, on the app's own origin (/api/ops/): an alarm's history,
 * the alarm-load figures, and the audit trail as CSV. Answers are validated here, at the edge.
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

async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const res = await fetch(`${OPS_API}${path}`);
  if (!res.ok) throw new Error(`${OPS_API}${path}: HTTP ${res.status}`);
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) throw new Error(`${OPS_API}${path}: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

export const alarmHistory = (alarm: string): Promise<HistoryRow[]> => getJson(`/history?alarm=${encodeURIComponent(alarm)}`, z.array(historyRowSchema));
export const alarmLoadFigures = (hours: number): Promise<AlarmLoadView> => getJson(`/load?hours=${hours}`, loadSchema);
export const auditCsvUrl = (hours: number): string => `${OPS_API}/audit.csv?hours=${hours}`;
export const loadCsvUrl = (hours: number): string => `${OPS_API}/load.csv?hours=${hours}`;
