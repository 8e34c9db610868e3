/**
 * The evaluation's and the funnel's calls to the operations service's HTTP API
 * (./evaluationContract.ts), each answer validated with its route's schema. Both are counts, open
 * to the display wall: the login goes with them when there is one, and none is needed.
 */
import { opsGetJson } from '../../live/opsApi.ts';
import { CASE_ROUTES } from './apiContract.ts';
import { EVALUATION_ROUTES, type CaseEvaluation, type CaseFunnel, type EvaluationBy } from './evaluationContract.ts';

/** The evaluation of the last `hours`, per department, district or case type. */
export const evaluation = (hours: number, by: EvaluationBy): Promise<CaseEvaluation> => opsGetJson(CASE_ROUTES['case-evaluation'], `case-evaluation?hours=${hours}&by=${by}`);

/** The cases that reached each stage of the loop in the last `hours`. */
export const funnel = (hours: number): Promise<CaseFunnel> => opsGetJson(EVALUATION_ROUTES['case-funnel'], `case-funnel?hours=${hours}`);
