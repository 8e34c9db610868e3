import { describe, expect, it } from 'vitest';
import { reportRequestSchema, stepSchema, type CaseView } from './apiContract.ts';
import { CASE_STATES, type CaseState } from './caseLoop.ts';
import { DESK_ACTIONS, NEEDS, NO_INPUTS, actionsFor, callerShown, countdown, defaultView, durationText, initialInputs, isDeskRole, orderQueue, reportOf, stepOf, viewsOf, type DeskActor } from './caseDeskModel.ts';

const dispatcher: DeskActor = { role: 'dispatcher', department: null, cells: null };
const handler: DeskActor = { role: 'handler', department: 'water', cells: null };
const inspector: DeskActor = { role: 'inspector', department: null, cells: ['C1'] };

function aCase(state: CaseState, more: Partial<CaseView> = {}): CaseView {
  return {
    id: 'K1', state, version: 3, source: 'hotline', cell: 'C1', district: '440106', lon: 113.3, lat: 23.1, reportedAt: 1_000, description: 'noise',
    caller: '13800138000', photos: [], origin: null, type: 'noise', urgency: 'normal', department: 'water', deadline: null, pausedMinutes: null,
    pending: null, alarmCleared: false, mergedInto: null, minutesLeft: null, suggested: 'water', ...more,
  };
}

describe('the actions a role may take', () => {
  it('gives the dispatcher file, reject and merge on a reported case, dispatch on a filed one', () => {
    expect(actionsFor(dispatcher, aCase('reported'))).toEqual(['file', 'reject', 'merge']);
    expect(actionsFor(dispatcher, aCase('filed'))).toEqual(['dispatch']);
    expect(actionsFor(dispatcher, aCase('suspended'))).toEqual(['resume']);
  });

  it('lets the dispatcher decide only while a request waits', () => {
    expect(actionsFor(dispatcher, aCase('dispatched'))).toEqual([]);
    expect(actionsFor(dispatcher, aCase('dispatched', { pending: { kind: 'suspension' } }))).toEqual(['approve', 'refuse']);
  });

  it('gives the handler its department’s dispatched cases, with one request at a time', () => {
    expect(actionsFor(handler, aCase('dispatched'))).toEqual(['report-back', 'request-extension', 'request-suspension', 'send-back']);
    expect(actionsFor(handler, aCase('dispatched', { pending: { kind: 'extension', minutes: 60 } }))).toEqual(['report-back', 'send-back']);
    expect(actionsFor(handler, aCase('dispatched', { department: 'roads' }))).toEqual([]);
    expect(actionsFor(handler, aCase('handled'))).toEqual([]);
  });

  it('lets the inspector verify a handled case in their cells only', () => {
    expect(actionsFor(inspector, aCase('handled'))).toEqual(['verify-pass', 'verify-fail']);
    expect(actionsFor(inspector, aCase('handled', { cell: 'C9' }))).toEqual([]);
    expect(actionsFor(inspector, aCase('handled', { cell: null }))).toEqual([]);
    expect(actionsFor(inspector, aCase('dispatched'))).toEqual([]);
  });

  it('offers nothing on a final case, and nothing to the supervisor or the hotline', () => {
    for (const state of ['closed', 'rejected', 'merged'] as const) for (const actor of [dispatcher, handler, inspector]) expect(actionsFor(actor, aCase(state))).toEqual([]);
    for (const state of CASE_STATES) {
      expect(actionsFor({ role: 'supervisor', department: null, cells: null }, aCase(state))).toEqual([]);
      expect(actionsFor({ role: 'hotline', department: null, cells: null }, aCase(state))).toEqual([]);
    }
  });

  it('knows the desk roles and where each desk opens', () => {
    expect(isDeskRole('dispatcher')).toBe(true);
    expect(isDeskRole('operator')).toBe(false);
    expect(defaultView('supervisor')).toBe('overdue');
    expect(defaultView('hotline')).toBe('queue');
    expect(defaultView('handler')).toBe('queue');
    // Each desk offers its own work first, and the dispatcher's queue is no department's list.
    expect(viewsOf('handler')).toEqual(['queue', 'mine', 'overdue']);
    expect(viewsOf('supervisor')).not.toContain('queue');
  });
});

const askExtension = (minutes: string) => stepOf('request-extension', { ...NO_INPUTS, minutes, reason: 'parts' }, 'K1');

describe('the step an action makes', () => {
  it('waits for what each action needs, and then makes a step the service’s schema takes', () => {
    const full = { type: 'noise', urgency: 'urgent' as const, department: 'water', into: 'K2', reason: 'why', minutes: '90', note: 'done' };
    for (const action of DESK_ACTIONS) {
      const step = stepOf(action, full, 'K1');
      expect(stepSchema.safeParse(step).success, action).toBe(true);
      for (const input of NEEDS[action]) expect(stepOf(action, { ...full, [input]: '' }, 'K1'), `${action} without ${input}`).toBeNull();
    }
  });

  it('trims reasons and refuses a blank one', () => {
    expect(stepOf('reject', { ...NO_INPUTS, reason: '  duplicate ' }, 'K1')).toEqual({ kind: 'reject', reason: 'duplicate' });
    expect(stepOf('verify-fail', { ...NO_INPUTS, reason: '   ' }, 'K1')).toBeNull();
  });

  it('reads an extension’s minutes as a positive whole number', () => {
    expect(askExtension('120')).toEqual({ kind: 'request-extension', minutes: 120, reason: 'parts' });
    for (const bad of ['0', '-5', '1.5', 'abc', ' ']) expect(askExtension(bad), bad).toBeNull();
  });

  it('does not merge a case into itself', () => {
    expect(stepOf('merge', { ...NO_INPUTS, into: 'K1' }, 'K1')).toBeNull();
    expect(stepOf('merge', { ...NO_INPUTS, into: ' K2 ' }, 'K1')).toEqual({ kind: 'merge', into: 'K2' });
  });

  it('preselects the dispatch table’s department, and keeps a filed type', () => {
    expect(initialInputs('dispatch', aCase('filed', { suggested: 'roads' })).department).toBe('roads');
    expect(initialInputs('dispatch', aCase('filed', { suggested: null })).department).toBe('');
    expect(initialInputs('file', aCase('reported', { type: null, urgency: null }))).toEqual(NO_INPUTS);
  });
});

describe('the countdown', () => {
  it('writes hours and minutes', () => {
    expect(durationText(80)).toBe('1 h 20 min');
    expect(durationText(45)).toBe('45 min');
    expect(durationText(180)).toBe('3 h');
    expect(durationText(0)).toBe('0 min');
    expect(durationText(-95)).toBe('1 h 35 min');
    expect(durationText(61, { h: '小时', min: '分钟' })).toBe('1 小时 1 分钟');
  });

  it('is ok from an hour left, soon under it, overdue past the deadline', () => {
    expect(countdown(60)).toEqual({ level: 'ok', text: '1 h' });
    expect(countdown(59)).toEqual({ level: 'soon', text: '59 min' });
    expect(countdown(0)?.level).toBe('soon');
    expect(countdown(-1)).toEqual({ level: 'overdue', text: '1 min' });
    expect(countdown(null)).toBeNull();
  });
});

describe('the queue', () => {
  it('puts the overdue first, then the least time left, then the newest reported', () => {
    const cases = [
      aCase('reported', { id: 'old', reportedAt: 1 }),
      aCase('dispatched', { id: 'plenty', minutesLeft: 500 }),
      aCase('dispatched', { id: 'late', minutesLeft: -10 }),
      aCase('reported', { id: 'new', reportedAt: 9 }),
      aCase('dispatched', { id: 'later', minutesLeft: -300 }),
      aCase('dispatched', { id: 'soon', minutesLeft: 20 }),
    ];
    expect(orderQueue(cases).map((c) => c.id)).toEqual(['later', 'late', 'soon', 'plenty', 'new', 'old']);
    expect(cases[0]!.id).toBe('old');
  });

  it('masks a caller’s number once', () => {
    expect(callerShown('13800138000')).toBe('138****8000');
    expect(callerShown('138****8000')).toBe('138****8000');
    expect(callerShown(null)).toBeNull();
  });
});

describe('the hotline’s intake', () => {
  const form = { type: 'noise', description: ' loud music ', phone: '', lon: '113.32', lat: '23.12' };

  it('makes a report the service’s schema takes, without a phone when none was typed', () => {
    const r = reportOf(form);
    expect(r).toEqual({ type: 'noise', description: 'loud music', lon: 113.32, lat: 23.12 });
    expect(reportRequestSchema.safeParse(r).success).toBe(true);
    expect(reportOf({ ...form, phone: ' 138 0013 8000 ' })?.phone).toBe('138 0013 8000');
  });

  it('waits for a known type, a description and a place', () => {
    expect(reportOf({ ...form, type: '' })).toBeNull();
    expect(reportOf({ ...form, type: 'aliens' })).toBeNull();
    expect(reportOf({ ...form, description: '  ' })).toBeNull();
    expect(reportOf({ ...form, lon: '' })).toBeNull();
    expect(reportOf({ ...form, lat: 'north' })).toBeNull();
  });
});
