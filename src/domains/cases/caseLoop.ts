/**
 * The city-management case loop after GB/T 30428 (数字化城市管理): collect (信息收集), file
 * (立案), dispatch (派遣), handle (处置), report back (反馈), verify and close (核查结案); the
 * evaluation (综合评价, ./evaluation.ts) reads the steps this writes. Pure: a step is checked
 * against the case's state, the actor's role and reach, and the case's version (two dispatchers
 * on one case: the second is told it changed), and either refused with a reason or applied as one
 * new case and one step row, never half. Time limits run on the working calendar.
 */
import type { WorkingCalendar } from './workingCalendar.ts';

export const CASE_STATES = ['reported', 'filed', 'dispatched', 'suspended', 'handled', 'closed', 'rejected', 'merged'] as const;
export type CaseState = (typeof CASE_STATES)[number];
/** States a case never leaves. */
export const FINAL_STATES: readonly CaseState[] = ['closed', 'rejected', 'merged'];

export const ROLES = ['hotline', 'dispatcher', 'handler', 'inspector', 'supervisor', 'system'] as const;
export type Role = (typeof ROLES)[number];

export const URGENCIES = ['urgent', 'normal', 'complex'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Who acts: a handler for one department, an inspector for their cells. */
export interface Actor {
  login: string;
  role: Role;
  department?: string;
  cells?: readonly string[];
}

export interface Case {
  id: string;
  state: CaseState;
  /** Bumped by every applied step: a step names the version it was decided on. */
  version: number;
  source: 'hotline' | 'inspector' | 'rule';
  cell: string | null;
  district: string;
  lon: number;
  lat: number;
  reportedAt: number;
  /** What the caller or inspector said, as they said it: shown as text, never as markup. */
  description: string;
  /** The hotline caller's phone number: shown masked to everyone but the hotline, never exported. */
  caller: string | null;
  /** Photos (the service's ids): the inspector's report's, then the department's report back's. */
  photos: string[];
  /** The alarm or violation a rule made this case from, and the reports merged into it. */
  origin: string | null;
  /** The reporter's category, until the dispatcher files the case with its own. */
  type: string | null;
  urgency: Urgency | null;
  department: string | null;
  /** When the department's time runs out (working time, ./workingCalendar.ts); null until dispatched. */
  deadline: number | null;
  /** Working minutes left when the case was suspended (挂账), to run again on resume. */
  pausedMinutes: number | null;
  /** A department's request waiting for the dispatcher. */
  pending: { kind: 'extension'; minutes: number } | { kind: 'suspension' } | null;
  /** Set once its alarm clears: the case says so, and stays open until verified. */
  alarmCleared: boolean;
  mergedInto: string | null;
}

/** The steps, each with what it carries. */
export type Step =
  | { kind: 'file'; type: string; urgency: Urgency }
  | { kind: 'reject'; reason: string }
  | { kind: 'merge'; into: string }
  | { kind: 'dispatch'; department: string }
  | { kind: 'send-back'; reason: string }
  | { kind: 'request-extension'; minutes: number; reason: string }
  | { kind: 'request-suspension'; reason: string }
  | { kind: 'decide'; approve: boolean; reason?: string }
  | { kind: 'resume' }
  | { kind: 'report-back'; note: string; photos: readonly string[] }
  | { kind: 'verify'; pass: boolean; reason?: string }
  | { kind: 'alarm-cleared' };
export type StepKind = Step['kind'];

/** One applied step, as the audit keeps it: never updated in place. */
export interface StepRow {
  case: string;
  /** The case's version after the step. */
  version: number;
  kind: StepKind | 'collect';
  at: number;
  actor: string;
  role: Role;
  from: CaseState | null;
  to: CaseState;
  /** The department the step concerns: the one dispatched to, or the one sending back. */
  department: string | null;
  /** The case's deadline after the step (what the evaluation's on-time rate reads). */
  deadline: number | null;
  detail: string | null;
}

/** Why a step is refused: not the role's step, not the actor's case, not from this state, bad content, or decided on an older version. */
export type Refusal = 'role' | 'reach' | 'state' | 'input' | 'changed';
export type StepResult = { ok: true; case: Case; row: StepRow } | { ok: false; refusal: Refusal; reason: string; current?: Case };

/** Which role takes which step, from which states. */
const RULES: Record<StepKind, { roles: readonly Role[]; from: readonly CaseState[] }> = {
  file: { roles: ['dispatcher'], from: ['reported'] },
  reject: { roles: ['dispatcher'], from: ['reported'] },
  merge: { roles: ['dispatcher'], from: ['reported'] },
  dispatch: { roles: ['dispatcher'], from: ['filed'] },
  'send-back': { roles: ['handler'], from: ['dispatched'] },
  'request-extension': { roles: ['handler'], from: ['dispatched'] },
  'request-suspension': { roles: ['handler'], from: ['dispatched'] },
  decide: { roles: ['dispatcher'], from: ['dispatched'] },
  resume: { roles: ['dispatcher'], from: ['suspended'] },
  'report-back': { roles: ['handler'], from: ['dispatched'] },
  verify: { roles: ['inspector'], from: ['handled'] },
  'alarm-cleared': { roles: ['system'], from: ['reported', 'filed', 'dispatched', 'suspended', 'handled'] },
};

/** The time limit of a type and urgency, in working minutes (the dispatch table's, or these). */
export type LimitOf = (type: string, urgency: Urgency) => number;
export const DEFAULT_LIMITS: Record<Urgency, number> = { urgent: 120, normal: 2 * 7 * 60, complex: 5 * 7 * 60 };

/** What a source reports: a hotline call, an inspector's report or an alarm by rule. */
export type Report = Pick<Case, 'id' | 'source' | 'cell' | 'district' | 'lon' | 'lat' | 'reportedAt' | 'description' | 'caller' | 'photos' | 'origin' | 'type'> & { urgency?: Urgency };

/** A new case, as collected from a report. */
export function collect(c: Report, actor: Actor): StepResult {
  const allowed: Record<Case['source'], Role> = { hotline: 'hotline', inspector: 'inspector', rule: 'system' };
  if (actor.role !== allowed[c.source]) return { ok: false, refusal: 'role', reason: `a ${c.source} case is collected by the ${allowed[c.source]} role, not ${actor.role}` };
  if (actor.role === 'inspector' && c.cell !== null && !actor.cells?.includes(c.cell)) return { ok: false, refusal: 'reach', reason: `cell ${c.cell} is not one of ${actor.login}'s cells` };
  const made: Case = { ...c, state: 'reported', version: 1, urgency: c.urgency ?? null, department: null, deadline: null, pausedMinutes: null, pending: null, alarmCleared: false, mergedInto: null };
  return { ok: true, case: made, row: { case: c.id, version: 1, kind: 'collect', at: c.reportedAt, actor: actor.login, role: actor.role, from: null, to: 'reported', department: null, deadline: null, detail: c.source } };
}

/** Whether the actor may act on this case at all: a handler on their department's, an inspector in their cells. */
function reach(c: Case, actor: Actor): string | null {
  if (actor.role === 'handler' && c.department !== actor.department) return `case ${c.id} is not ${actor.department ?? 'this department'}'s`;
  if (actor.role === 'inspector' && (c.cell === null || !actor.cells?.includes(c.cell))) return `case ${c.id} is not in ${actor.login}'s cells`;
  return null;
}

/**
 * Applies one step decided on `version` of the case, by `actor`, at `now`: the new case and its
 * row, or the reason it is refused (with the current case when it changed meanwhile).
 */
export function applyStep(c: Case, step: Step, version: number, actor: Actor, now: number, calendar: WorkingCalendar, limitOf: LimitOf): StepResult {
  if (version !== c.version) return { ok: false, refusal: 'changed', reason: `case ${c.id} changed (version ${c.version}, not ${version}): it is now ${c.state}`, current: c };
  const rule = RULES[step.kind];
  if (!rule.roles.includes(actor.role)) return { ok: false, refusal: 'role', reason: `${step.kind} is a ${rule.roles.join(' or ')} step, not ${actor.role}'s` };
  if (!rule.from.includes(c.state)) return { ok: false, refusal: 'state', reason: `${step.kind} is not allowed on a ${c.state} case` };
  const outside = reach(c, actor);
  if (outside) return { ok: false, refusal: 'reach', reason: outside };
  const out = next(c, step, now, calendar, limitOf);
  if (typeof out === 'string') return { ok: false, refusal: 'input', reason: out };
  const made: Case = { ...c, ...out.patch, version: c.version + 1 };
  const row: StepRow = { case: c.id, version: made.version, kind: step.kind, at: now, actor: actor.login, role: actor.role, from: c.state, to: made.state, department: made.department ?? c.department, deadline: made.deadline, detail: out.detail };
  return { ok: true, case: made, row };
}

type Next = { patch: Partial<Case>; detail: string | null } | string;

/** What a step allowed by role and state changes, or why its content is refused. */
function next(c: Case, step: Step, now: number, calendar: WorkingCalendar, limitOf: LimitOf): Next {
  const reasoned = (reason: string | undefined): string | null => (reason && reason.trim().length > 0 ? null : `${step.kind} needs a reason`);
  switch (step.kind) {
    case 'file':
      return { patch: { state: 'filed', type: step.type, urgency: step.urgency }, detail: `${step.type}/${step.urgency}` };
    case 'reject':
      return reasoned(step.reason) ?? { patch: { state: 'rejected' }, detail: step.reason };
    case 'merge':
      return step.into === c.id ? 'a case cannot be merged into itself' : { patch: { state: 'merged', mergedInto: step.into }, detail: step.into };
    case 'dispatch': {
      const deadline = calendar.addWorkingMinutes(now, limitOf(c.type!, c.urgency!));
      return { patch: { state: 'dispatched', department: step.department, deadline, pending: null }, detail: step.department };
    }
    case 'send-back':
      return reasoned(step.reason) ?? { patch: { state: 'filed', department: null, deadline: null, pending: null }, detail: step.reason };
    case 'request-extension':
      if (c.pending) return `a ${c.pending.kind} request is already waiting`;
      if (!(step.minutes > 0 && step.minutes <= 20 * calendar.dayMinutes)) return 'an extension is from one minute to twenty working days';
      return reasoned(step.reason) ?? { patch: { pending: { kind: 'extension', minutes: step.minutes } }, detail: `${step.minutes} min: ${step.reason}` };
    case 'request-suspension':
      if (c.pending) return `a ${c.pending.kind} request is already waiting`;
      return reasoned(step.reason) ?? { patch: { pending: { kind: 'suspension' } }, detail: step.reason };
    case 'decide':
      return decide(c, step, now, calendar);
    case 'resume':
      return { patch: { state: 'dispatched', deadline: calendar.addWorkingMinutes(now, c.pausedMinutes ?? 0), pausedMinutes: null }, detail: null };
    case 'report-back':
      return step.note.trim().length === 0 ? 'a report back says what was done' : { patch: { state: 'handled', pending: null, photos: [...c.photos, ...step.photos] }, detail: step.note };
    case 'verify':
      if (step.pass) return { patch: { state: 'closed' }, detail: 'passed' };
      // Rework (返工): back to the same department, on the time it had.
      return reasoned(step.reason) ?? { patch: { state: 'dispatched' }, detail: step.reason! };
    case 'alarm-cleared':
      return { patch: { alarmCleared: true }, detail: null };
  }
}

/** The dispatcher's answer to a department's request. */
function decide(c: Case, step: Extract<Step, { kind: 'decide' }>, now: number, calendar: WorkingCalendar): Next {
  const p = c.pending;
  if (!p) return 'no request is waiting';
  if (!step.approve) return { patch: { pending: null }, detail: `refused ${p.kind}${step.reason ? `: ${step.reason}` : ''}` };
  if (p.kind === 'extension') return { patch: { pending: null, deadline: calendar.addWorkingMinutes(c.deadline ?? now, p.minutes) }, detail: `approved extension ${p.minutes} min` };
  return { patch: { pending: null, state: 'suspended', pausedMinutes: Math.max(0, calendar.workingMinutesBetween(now, c.deadline ?? now)) }, detail: 'approved suspension' };
}

/** Working minutes left (negative: overdue) for a case running against a deadline; null otherwise. */
export function minutesLeft(c: Case, now: number, calendar: WorkingCalendar): number | null {
  if (c.state !== 'dispatched' || c.deadline === null) return null;
  return calendar.workingMinutesBetween(now, c.deadline);
}
