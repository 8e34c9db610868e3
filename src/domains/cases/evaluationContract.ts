/**
 * The case funnel's route of the operations service's HTTP API (src/live/opsApiContract.ts), beside
 * the evaluation's (./apiContract.ts, `case-evaluation`): both are counts over a period and carry
 * no one's name or number, so that the display wall may read them without a login. Open to all,
 * they take only the panel's periods (server/evaluationRoutes.ts says why).
 *
 *   GET  case-funnel?hours=24|168|720   of the cases reported in the period, how many reached each stage
 */
import { z } from 'zod';
import type { CASE_ROUTES } from './apiContract.ts';

/** The evaluation's answer (route `case-evaluation`, ./apiContract.ts) and what it is grouped by. */
export type CaseEvaluation = z.infer<(typeof CASE_ROUTES)['case-evaluation']>;
export type EvaluationBy = CaseEvaluation['by'];
export const EVALUATION_BYS: readonly EvaluationBy[] = ['department', 'district', 'type'];

/** The periods the evaluation and the funnel are asked for, in hours: a day, a week, a month. */
export const EVALUATION_HOURS = [24, 168, 720] as const;
export type EvaluationHours = (typeof EVALUATION_HOURS)[number];

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
