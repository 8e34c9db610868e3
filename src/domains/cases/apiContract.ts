/**
 * The case loop's routes of the operations service's HTTP API (src/live/opsApiContract.ts), for
 * the loop's signed-in people (roles: ./caseLoop.ts). Each answer's schema is defined here once;
 * the service types what it sends with it, the page validates what it gets.
 *
 *   GET  cases?view=queue|mine|overdue|all   the cases the login may see, newest first
 *   GET  case?id=…                            one case and its timeline
 *   GET  case-departments                     the departments a case may go to
 *   GET  case-evaluation?hours=…&by=…         the evaluation per department, district or type
 *   POST case-report   {type, description, lon, lat, phone?, photos?}   a hotline call or an inspector's report
 *   POST case-step     {id, version, step}                       one step of the loop
 *
 * A refusal is `{"error": reason}` with 400 (bad input), 403 (not this role's or reach's), 404,
 * 409 (the case changed: `current` holds it now), 429 or 503 (the database is down: nothing kept).
 */
import { z } from 'zod';
import { CASE_STATES, URGENCIES } from './caseLoop.ts';
import { CASE_TYPES, codesOf } from '../panorama/index.ts';

const bilingual = z.object({ zh: z.string(), en: z.string() });

export const departmentSchema = z.object({
  id: z.string(),
  name: bilingual,
  /** A city bureau, or a district's government (its adcode). */
  district: z.string().nullable(),
});
export type CaseDepartment = z.infer<typeof departmentSchema>;

export const caseViewSchema = z.object({
  id: z.string(),
  state: z.enum(CASE_STATES),
  version: z.number().int(),
  source: z.enum(['hotline', 'inspector', 'rule']),
  cell: z.string().nullable(),
  district: z.string(),
  lon: z.number(),
  lat: z.number(),
  reportedAt: z.number(),
  description: z.string(),
  /** Masked (138****8000) for every role but the hotline's. */
  caller: z.string().nullable(),
  photos: z.array(z.string()),
  origin: z.string().nullable(),
  type: z.string().nullable(),
  urgency: z.enum(URGENCIES).nullable(),
  department: z.string().nullable(),
  deadline: z.number().nullable(),
  pausedMinutes: z.number().nullable(),
  pending: z.union([z.object({ kind: z.literal('extension'), minutes: z.number() }), z.object({ kind: z.literal('suspension') })]).nullable(),
  alarmCleared: z.boolean(),
  mergedInto: z.string().nullable(),
  /** Working minutes left at `now` (negative: overdue), for a dispatched case. */
  minutesLeft: z.number().nullable(),
  /** The dispatch table's department for the case's type and district, once it is filed. */
  suggested: z.string().nullable(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const stepRowSchema = z.object({
  case: z.string(),
  version: z.number().int(),
  kind: z.string(),
  at: z.number(),
  actor: z.string(),
  role: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  department: z.string().nullable(),
  deadline: z.number().nullable(),
  detail: z.string().nullable(),
});

export const CASE_VIEWS = ['queue', 'mine', 'overdue', 'all'] as const;
export type CaseListView = (typeof CASE_VIEWS)[number];

const rateSchema = z.object({
  group: z.string(),
  dispatched: z.number(),
  onTime: z.number().nullable(),
  closure: z.number().nullable(),
  rework: z.number().nullable(),
  sentBack: z.number().nullable(),
  /** Mean minutes in each state. */
  meanMinutes: z.record(z.string(), z.number()),
});

export const CASE_ROUTES = {
  cases: z.object({ now: z.number(), total: z.number(), cases: z.array(caseViewSchema) }),
  case: z.object({ now: z.number(), case: caseViewSchema, steps: z.array(stepRowSchema) }),
  'case-departments': z.array(departmentSchema),
  'case-evaluation': z.object({ from: z.number(), to: z.number(), by: z.enum(['department', 'district', 'type']), rows: z.array(rateSchema) }),
  'case-report': z.object({ case: caseViewSchema }),
  'case-step': z.object({ case: caseViewSchema }),
};

declare module '../../live/opsApiContract.ts' {
  interface OpsRoutes {
    cases: typeof CASE_ROUTES.cases;
    case: typeof CASE_ROUTES.case;
    'case-departments': typeof CASE_ROUTES['case-departments'];
    'case-evaluation': typeof CASE_ROUTES['case-evaluation'];
    'case-report': typeof CASE_ROUTES['case-report'];
    'case-step': typeof CASE_ROUTES['case-step'];
  }
}

/** A description: any script, up to 2,000 characters, kept as text. */
const description = z.string().trim().min(1, 'say what was seen').max(2000);

export const reportRequestSchema = z.object({
  /** The reporter's category (the dispatcher may file it as another). */
  type: z.enum(codesOf(CASE_TYPES)),
  description,
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  /** The caller's number (hotline only): digits, with an optional + and spaces or dashes. */
  phone: z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number is 5–20 digits').optional(),
  /** Photo ids the service gave (inspector only), at most 3. */
  photos: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(3).optional(),
});
export type ReportRequest = z.infer<typeof reportRequestSchema>;

const reason = z.string().max(500);
export const stepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), type: z.string().min(1).max(64), urgency: z.enum(URGENCIES) }),
  z.object({ kind: z.literal('reject'), reason }),
  z.object({ kind: z.literal('merge'), into: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('dispatch'), department: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('send-back'), reason }),
  z.object({ kind: z.literal('request-extension'), minutes: z.number().int(), reason }),
  z.object({ kind: z.literal('request-suspension'), reason }),
  z.object({ kind: z.literal('decide'), approve: z.boolean(), reason: reason.optional() }),
  z.object({ kind: z.literal('resume') }),
  z.object({ kind: z.literal('report-back'), note: z.string().max(2000), photos: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(3) }),
  z.object({ kind: z.literal('verify'), pass: z.boolean(), reason: reason.optional() }),
]);
export const stepRequestSchema = z.object({ id: z.string().min(1).max(64), version: z.number().int().positive(), step: stepSchema });
export type StepRequest = z.infer<typeof stepRequestSchema>;

/** A phone number as every role but the hotline sees it: the first three and last four digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 7 ? '*'.repeat(digits.length) : `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
