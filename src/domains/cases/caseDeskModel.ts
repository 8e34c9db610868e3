/**
 * What the case desk shows and offers, decided apart from React and the DOM so that it can be
 * tested: the actions a signed-in role may take on a case in its state (the page's mirror of
 * caseLoop.ts's rules, so that a button the service would refuse is never offered), the step
 * each action's inputs make, the countdown a case runs against, and the order of the queue.
 * The service stays the judge: a step this offers may still be refused (the case changed).
 */
import type { Me } from '../../live/opsApiContract.ts';
import { maskPhone, type CaseListView, type CaseView, type ReportRequest, type StepRequest } from './apiContract.ts';
import { URGENCIES, type Role, type Urgency } from './caseLoop.ts';
import { CASE_TYPES } from '../panorama/index.ts';

/** The roles that have a case desk (the `system` role acts by rule, not at a desk). */
export const DESK_ROLES = ['dispatcher', 'handler', 'inspector', 'supervisor', 'hotline'] as const satisfies readonly Role[];
export type DeskRole = (typeof DESK_ROLES)[number];

export const isDeskRole = (role: string): role is DeskRole => (DESK_ROLES as readonly string[]).includes(role);

/** The list a role's desk opens on: the supervisor's is what is overdue, the hotline's what it took in. */
export function defaultView(role: DeskRole): CaseListView {
  return viewsOf(role)[0]!;
}

/**
 * The lists a desk offers, its own work first: the service's queue is what the role has to act
 * on (the dispatcher's reports and requests, a department's dispatched cases, an inspector's
 * handled ones, the hotline's unfiled calls), the supervisor's the overdue cases.
 */
export function viewsOf(role: DeskRole): readonly CaseListView[] {
  switch (role) {
    case 'supervisor':
      return ['overdue', 'all'];
    case 'handler':
      return ['queue', 'mine', 'overdue'];
    case 'dispatcher':
      return ['queue', 'overdue', 'all'];
    default:
      return ['queue', 'all'];
  }
}

/**
 * One button of the desk. A step with a yes and a no (decide, verify) is two buttons, since they
 * need different inputs: a refusal or a failed check says why.
 */
export const DESK_ACTIONS = ['file', 'reject', 'merge', 'dispatch', 'approve', 'refuse', 'resume', 'send-back', 'request-extension', 'request-suspension', 'report-back', 'verify-pass', 'verify-fail'] as const;
export type DeskAction = (typeof DESK_ACTIONS)[number];

/** The inputs an action's form asks for. */
export type StepInput = 'type' | 'urgency' | 'department' | 'into' | 'reason' | 'minutes' | 'note';
export const NEEDS: Record<DeskAction, readonly StepInput[]> = {
  file: ['type', 'urgency'],
  reject: ['reason'],
  merge: ['into'],
  dispatch: ['department'],
  approve: [],
  refuse: ['reason'],
  resume: [],
  'send-back': ['reason'],
  'request-extension': ['minutes', 'reason'],
  'request-suspension': ['reason'],
  'report-back': ['note'],
  'verify-pass': [],
  'verify-fail': ['reason'],
};

/** Who may act on a case: the signed-in login's role and reach (its department, its cells). */
export type DeskActor = Pick<Me, 'role' | 'department' | 'cells'>;
type CaseFacts = Pick<CaseView, 'id' | 'state' | 'pending' | 'department' | 'cell'>;

/** Whether the case is within the actor's reach: a handler's department's, an inspector's cells'. */
function inReach(c: CaseFacts, actor: DeskActor): boolean {
  if (actor.role === 'handler') return c.department !== null && c.department === actor.department;
  if (actor.role === 'inspector') return c.cell !== null && (actor.cells ?? []).includes(c.cell);
  return true;
}

/** The actions the actor may take on the case now, in the order the desk shows them. */
export function actionsFor(actor: DeskActor, c: CaseFacts): DeskAction[] {
  if (!inReach(c, actor)) return [];
  switch (actor.role) {
    case 'dispatcher':
      if (c.state === 'reported') return ['file', 'reject', 'merge'];
      if (c.state === 'filed') return ['dispatch'];
      if (c.state === 'dispatched' && c.pending) return ['approve', 'refuse'];
      if (c.state === 'suspended') return ['resume'];
      return [];
    case 'handler':
      if (c.state !== 'dispatched') return [];
      // One request waits at a time: the service refuses a second.
      return c.pending ? ['report-back', 'send-back'] : ['report-back', 'request-extension', 'request-suspension', 'send-back'];
    case 'inspector':
      return c.state === 'handled' ? ['verify-pass', 'verify-fail'] : [];
    default:
      return [];
  }
}

/** What a desk form holds, as typed (a number as text, until it is read). */
export interface StepInputs {
  type: string;
  urgency: Urgency | '';
  department: string;
  into: string;
  reason: string;
  minutes: string;
  note: string;
}

export const NO_INPUTS: StepInputs = { type: '', urgency: '', department: '', into: '', reason: '', minutes: '', note: '' };

export type DeskStep = StepRequest['step'];

/** Whole minutes from a typed number, or null when it is not a positive whole number. */
function wholeMinutes(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n > 0 ? n : null;
}

/** The step an action's inputs make for case `caseId`, or null while one it needs is missing. */
export function stepOf(action: DeskAction, inputs: StepInputs, caseId: string): DeskStep | null {
  const reason = inputs.reason.trim();
  const into = inputs.into.trim();
  switch (action) {
    case 'file':
      return inputs.type && URGENCIES.includes(inputs.urgency as Urgency) ? { kind: 'file', type: inputs.type, urgency: inputs.urgency as Urgency } : null;
    case 'reject':
      return reason ? { kind: 'reject', reason } : null;
    case 'merge':
      return into && into !== caseId ? { kind: 'merge', into } : null;
    case 'dispatch':
      return inputs.department ? { kind: 'dispatch', department: inputs.department } : null;
    case 'approve':
      return { kind: 'decide', approve: true };
    case 'refuse':
      return reason ? { kind: 'decide', approve: false, reason } : null;
    case 'resume':
      return { kind: 'resume' };
    case 'send-back':
      return reason ? { kind: 'send-back', reason } : null;
    case 'request-extension': {
      const minutes = wholeMinutes(inputs.minutes);
      return minutes !== null && reason ? { kind: 'request-extension', minutes, reason } : null;
    }
    case 'request-suspension':
      return reason ? { kind: 'request-suspension', reason } : null;
    case 'report-back':
      return inputs.note.trim() ? { kind: 'report-back', note: inputs.note.trim(), photos: [] } : null;
    case 'verify-pass':
      return { kind: 'verify', pass: true };
    case 'verify-fail':
      return reason ? { kind: 'verify', pass: false, reason } : null;
  }
}

/** The inputs an action opens with: a dispatch starts on the dispatch table's suggestion. */
export function initialInputs(action: DeskAction, c: Pick<CaseView, 'suggested' | 'type' | 'urgency'>): StepInputs {
  if (action === 'dispatch') return { ...NO_INPUTS, department: c.suggested ?? '' };
  if (action === 'file') return { ...NO_INPUTS, type: c.type ?? '', urgency: c.urgency ?? '' };
  return NO_INPUTS;
}

/** How close a case is to its deadline: overdue, under an hour left, or in time. */
export type CountdownLevel = 'ok' | 'soon' | 'overdue';
export const SOON_MINUTES = 60;

export interface Countdown {
  level: CountdownLevel;
  /** The working time left, or (overdue) past the deadline, as text: `1 h 20 min`. */
  text: string;
}

/** Working minutes as hours and minutes (`1 h 20 min`, `45 min`, `3 h`), with the language's units. */
export function durationText(minutes: number, units: { h: string; min: string } = { h: 'h', min: 'min' }): string {
  const whole = Math.round(Math.abs(minutes));
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  if (h === 0) return `${m} ${units.min}`;
  return m === 0 ? `${h} ${units.h}` : `${h} ${units.h} ${m} ${units.min}`;
}

/** A dispatched case's countdown from its working minutes left (negative: overdue by that much); null with none. */
export function countdown(minutesLeft: number | null, units?: { h: string; min: string }): Countdown | null {
  if (minutesLeft === null || !Number.isFinite(minutesLeft)) return null;
  const level: CountdownLevel = minutesLeft < 0 ? 'overdue' : minutesLeft < SOON_MINUTES ? 'soon' : 'ok';
  return { level, text: durationText(minutesLeft, units) };
}

/** The queue's order: overdue first, then the least time left, then (no deadline running) the newest reported. */
export function orderQueue<C extends Pick<CaseView, 'minutesLeft' | 'reportedAt' | 'id'>>(cases: readonly C[]): C[] {
  const rank = (c: C): number => (c.minutesLeft === null ? 2 : c.minutesLeft < 0 ? 0 : 1);
  return cases.toSorted((a, b) => rank(a) - rank(b) || (a.minutesLeft ?? 0) - (b.minutesLeft ?? 0) || b.reportedAt - a.reportedAt || a.id.localeCompare(b.id));
}

/** The caller as the queue shows it: masked, whether or not the service masked it already (the hotline's own list). */
export function callerShown(caller: string | null): string | null {
  if (caller === null) return null;
  return caller.includes('*') ? caller : maskPhone(caller);
}

/** The hotline's intake form, as typed. */
export interface IntakeInputs {
  /** The caller's category, as the hotline takes it (the dispatcher may file it as another). */
  type: string;
  description: string;
  phone: string;
  lon: string;
  lat: string;
}

const isCaseType = (code: string): code is ReportRequest['type'] => CASE_TYPES.some((x) => x.code === code);

/** The report the intake form makes, or null while its type, description or place is missing; the phone may be left out. */
export function reportOf(form: IntakeInputs): ReportRequest | null {
  const description = form.description.trim();
  const [lon, lat] = [form.lon, form.lat].map((v) => (v.trim() === '' ? NaN : Number(v)));
  if (!isCaseType(form.type) || !description || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  const phone = form.phone.trim();
  return { type: form.type, description, lon: lon!, lat: lat!, ...(phone ? { phone } : {}) };
}
