/**
 * The case funnel's route of the operations service's HTTP API (src/live/opsApiContract.ts), beside
 * the evaluation's (./apiContract.ts, `case-evaluation`): both are counts over a period and carry
 * no one's name or number, so that the display wall may read them without a login.
 *
 *   GET  case-funnel?hours=…   the cases that reached each stage of the loop in the period
 */
import { z } from 'zod';

/** The loop's stages as the funnel shows them, in order: each the step that reaches it (../caseLoop.ts). */
export const FUNNEL_STAGES = ['reported', 'filed', 'dispatched', 'handled', 'closed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

const count = z.number().int().nonnegative();

export const EVALUATION_ROUTES = {
  /** Cases with the stage's step in [from, to): a case sent back and dispatched again counts once. */
  'case-funnel': z.object({ from: z.number(), to: z.number(), reported: count, filed: count, dispatched: count, handled: count, closed: count }),
};
export type CaseFunnel = z.infer<(typeof EVALUATION_ROUTES)['case-funnel']>;

declare module '../../live/opsApiContract.ts' {
  interface OpsRoutes {
    'case-funnel': (typeof EVALUATION_ROUTES)['case-funnel'];
  }
}
