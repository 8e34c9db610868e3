/**
 * The alarms' routes of the operations service's HTTP API (src/live/opsApiContract.ts): an
 * alarm's transitions and the alarm-load figures after ISA-18.2, both for a signed-in operator.
 */
import { z } from 'zod';

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

export const ALARM_ROUTES = {
  /** An alarm's transitions, newest first. */
  history: z.array(historyRowSchema),
  /** The alarm-load figures over `hours`. */
  load: loadSchema,
};

declare module '../../live/opsApiContract.ts' {
  interface OpsRoutes {
    history: typeof ALARM_ROUTES.history;
    load: typeof ALARM_ROUTES.load;
  }
}

export type HistoryRow = z.infer<typeof historyRowSchema>;
export type AlarmLoadView = z.infer<typeof loadSchema>;
