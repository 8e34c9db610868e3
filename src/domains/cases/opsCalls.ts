/**
 * The case desk's calls to the operations service's HTTP API (./apiContract.ts), with the signed-in
 * login. Every answer is validated with its route's schema; a request body is checked with the
 * contract's schema before it goes, so that a form's mistake is named here rather than by a 400.
 */
import type { z } from 'zod';
import { OpsRefusal, opsGetJson, opsPostJson } from '../../live/opsApi.ts';
import { OPS_API_PREFIX, meSchema, type Me } from '../../live/opsApiContract.ts';
import { CASE_ROUTES, reportRequestSchema, stepRequestSchema, type CaseDepartment, type CaseListView, type CaseView, type ReportRequest, type StepRequest } from './apiContract.ts';

export type CaseList = z.infer<typeof CASE_ROUTES.cases>;
export type CaseDetail = z.infer<typeof CASE_ROUTES.case>;

/** Who is signed in: the login's name, role, department and cells. */
export const me = (): Promise<Me> => opsGetJson(meSchema, 'me');

export const listCases = (view: CaseListView): Promise<CaseList> => opsGetJson(CASE_ROUTES.cases, `cases?view=${view}`);

export const getCase = (id: string): Promise<CaseDetail> => opsGetJson(CASE_ROUTES.case, `case?id=${encodeURIComponent(id)}`);

export const departments = (): Promise<CaseDepartment[]> => opsGetJson(CASE_ROUTES['case-departments'], 'case-departments');

/** A body checked by its schema: the value, or a 400-like refusal naming the first wrong field. */
function checked<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new OpsRefusal(400, issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid', {});
}

/** A hotline call or an inspector's report: the case it became. */
export async function report(body: ReportRequest): Promise<CaseView> {
  return (await opsPostJson(CASE_ROUTES['case-report'], 'case-report', checked(reportRequestSchema, body))).case;
}

/** One step of the loop, decided on the case's `version`: the case after it. */
export async function step(req: StepRequest): Promise<CaseView> {
  return (await opsPostJson(CASE_ROUTES['case-step'], 'case-step', checked(stepRequestSchema, req))).case;
}

/** Where a case's photo is served (the service's id). */
export const photoUrl = (id: string): string => `${OPS_API_PREFIX}case-photo?id=${encodeURIComponent(id)}`;

/**
 * The HTTP status behind a failed call, when it had one: a write's refusal carries it, a read's
 * error names it (`…: HTTP 503`); null for a network failure or an answer that did not match.
 */
export function statusOf(e: unknown): number | null {
  if (e instanceof OpsRefusal) return e.status;
  const m = e instanceof Error ? /: HTTP (\d{3})$/.exec(e.message) : null;
  return m ? Number(m[1]) : null;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
