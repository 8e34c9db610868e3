import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyStep, collect, DEFAULT_LIMITS, FINAL_STATES, minutesLeft, type Actor, type Case, type CaseState, type Step, type StepRow } from './caseLoop.ts';
import { evaluate, ratesOf } from './evaluation.ts';
import { calendarSchema, WorkingCalendar } from './workingCalendar.ts';

const calendar = new WorkingCalendar(calendarSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/cities/guangzhou/calendar.json'), 'utf8'))));
const limitOf = (_type: string, urgency: keyof typeof DEFAULT_LIMITS): number => DEFAULT_LIMITS[urgency];
/** A CST wall-clock time as epoch ms. */
const cst = (iso: string): number => Date.parse(`${iso}+08:00`);

const hotline: Actor = { login: 'wang', role: 'hotline' };
const dispatcher: Actor = { login: 'chen', role: 'dispatcher' };
const other: Actor = { login: 'zhou', role: 'dispatcher' };
const water: Actor = { login: 'lin', role: 'handler', department: 'water' };
const roads: Actor = { login: 'he', role: 'handler', department: 'roads' };
const inspector: Actor = { login: 'liu', role: 'inspector', cells: ['C1'] };

function reported(at: number): Case {
  const r = collect({ id: 'AJ1', source: 'hotline', cell: 'C1', district: '440106', lon: 113.33, lat: 23.13, reportedAt: at, description: '路面积水', caller: '13800138000', photos: [], origin: null, type: 'waterlogging' }, hotline);
  if (!r.ok) throw new Error(r.reason);
  return r.case;
}

describe('the working calendar', () => {
  it('counts office hours only: over lunch, over a weekend, over the Spring Festival and its worked Saturday', () => {
    // Friday 11:00 + 2 h: one hour before lunch, one after (13:30–14:30).
    expect(calendar.addWorkingMinutes(cst('2026-12-04T11:00'), 120)).toBe(cst('2026-12-04T14:30'));
    // Friday 17:00 + 1 h: half an hour on Friday, the rest on Monday morning.
    expect(calendar.addWorkingMinutes(cst('2026-12-04T17:00'), 60)).toBe(cst('2026-12-07T09:30'));
    // Friday 13 Feb 17:30 + 1 h: Saturday 14 Feb is worked (调休), 15–23 Feb are the holiday.
    expect(calendar.addWorkingMinutes(cst('2026-02-13T17:30'), 60)).toBe(cst('2026-02-14T10:00'));
    expect(calendar.addWorkingMinutes(cst('2026-02-14T17:00'), 60)).toBe(cst('2026-02-24T09:30'));
    expect(calendar.isWorkingDay(cst('2026-10-10T12:00'))).toBe(true);
    expect(calendar.isWorkingDay(cst('2026-10-05T12:00'))).toBe(false);
    expect(calendar.dayMinutes).toBe(7 * 60);
  });

  it('gives the working minutes between two moments, the inverse of adding them', () => {
    fc.assert(
      fc.property(fc.integer({ min: cst('2025-12-01T00:00'), max: cst('2026-11-30T00:00') }), fc.integer({ min: 1, max: 20 * 7 * 60 }), (start, minutes) => {
        const end = calendar.addWorkingMinutes(start, minutes);
        expect(calendar.workingMinutesBetween(start, end)).toBeCloseTo(minutes, 6);
        expect(calendar.workingMinutesBetween(end, start)).toBeCloseTo(-minutes, 6);
      }),
      { seed: 36037, numRuns: 300 },
    );
  });

  it('refuses office hours out of order', () => {
    expect(calendarSchema.safeParse({ source: 'x', hours: [['14:00', '18:00'], ['09:00', '12:00']], holidays: [], workdays: [] }).success).toBe(false);
  });
});

describe('the case loop (GB/T 30428)', () => {
  it('walks a hotline call through filing, a send-back, an extension, a failed verification and rework to closure', () => {
    let c = reported(cst('2026-12-07T09:00'));
    const rows: StepRow[] = [];
    const step = (s: Step, actor: Actor, at: string): Case => {
      const r = applyStep(c, s, c.version, actor, cst(at), calendar, limitOf);
      if (!r.ok) throw new Error(r.reason);
      rows.push(r.row);
      return (c = r.case);
    };
    step({ kind: 'file', type: 'waterlogging', urgency: 'urgent' }, dispatcher, '2026-12-07T09:05');
    step({ kind: 'dispatch', department: 'roads' }, dispatcher, '2026-12-07T09:10');
    expect(c.deadline).toBe(cst('2026-12-07T11:10'));
    step({ kind: 'send-back', reason: '非本单位职责' }, roads, '2026-12-07T09:30');
    expect([c.state, c.department, c.deadline]).toEqual(['filed', null, null]);
    step({ kind: 'dispatch', department: 'water' }, dispatcher, '2026-12-07T10:00');
    expect(c.deadline).toBe(cst('2026-12-07T12:00'));
    step({ kind: 'request-extension', minutes: 60, reason: 'pump on its way' }, water, '2026-12-07T11:00');
    step({ kind: 'decide', approve: true }, dispatcher, '2026-12-07T11:05');
    // The hour runs after lunch.
    expect(c.deadline).toBe(cst('2026-12-07T14:30'));
    expect(minutesLeft(c, cst('2026-12-07T14:00'), calendar)).toBe(30);
    step({ kind: 'report-back', note: 'drained', photos: ['p1', 'p2'] }, water, '2026-12-07T14:00');
    step({ kind: 'verify', pass: false, reason: 'still standing water' }, inspector, '2026-12-07T15:00');
    expect([c.state, c.department]).toEqual(['dispatched', 'water']);
    step({ kind: 'report-back', note: 'drained again', photos: ['p3'] }, water, '2026-12-07T15:30');
    step({ kind: 'verify', pass: true }, inspector, '2026-12-07T16:00');
    expect(c.state).toBe('closed');
    expect(rows.map((r) => r.version)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const byDept = evaluate(rows, cst('2026-12-07T00:00'), cst('2026-12-08T00:00'), (r) => r.department);
    expect(byDept.get('roads')).toMatchObject({ dispatched: 1, sentBack: 1 });
    expect(byDept.get('water')).toMatchObject({ dispatched: 1, handled: 2, handledOnTime: 1, verified: 2, reworked: 1, closed: 1 });
    expect(ratesOf(byDept.get('water')!)).toMatchObject({ onTime: 0.5, rework: 0.5, sentBack: 0 });
  });

  it('refuses an illegal step with a clear reason and changes nothing', () => {
    const c = reported(cst('2026-12-07T09:00'));
    const at = cst('2026-12-07T09:05');
    expect(applyStep(c, { kind: 'dispatch', department: 'water' }, 1, dispatcher, at, calendar, limitOf)).toEqual({ ok: false, refusal: 'state', reason: 'dispatch is not allowed on a reported case' });
    expect(applyStep(c, { kind: 'verify', pass: true }, 1, inspector, at, calendar, limitOf)).toMatchObject({ ok: false, reason: 'verify is not allowed on a reported case' });
    expect(applyStep(c, { kind: 'file', type: 'noise', urgency: 'normal' }, 1, water, at, calendar, limitOf)).toMatchObject({ ok: false, refusal: 'role', reason: "file is a dispatcher step, not handler's" });
    expect(applyStep(c, { kind: 'reject', reason: ' ' }, 1, dispatcher, at, calendar, limitOf)).toMatchObject({ ok: false, refusal: 'input', reason: 'reject needs a reason' });
    const filed = applyStep(c, { kind: 'file', type: 'noise', urgency: 'normal' }, 1, dispatcher, at, calendar, limitOf);
    if (!filed.ok) throw new Error(filed.reason);
    const sent = applyStep(filed.case, { kind: 'dispatch', department: 'water' }, 2, dispatcher, at, calendar, limitOf);
    if (!sent.ok) throw new Error(sent.reason);
    expect(applyStep(sent.case, { kind: 'report-back', note: 'done', photos: [] }, 3, roads, at, calendar, limitOf)).toMatchObject({ ok: false, refusal: 'reach', reason: "case AJ1 is not roads's" });
    // Two dispatchers on one case: the second decided on version 2 and is told what it is now.
    expect(applyStep(sent.case, { kind: 'send-back', reason: 'x' }, 2, water, at, calendar, limitOf)).toMatchObject({ ok: false, refusal: 'changed', reason: 'case AJ1 changed (version 3, not 2): it is now dispatched', current: sent.case });
    expect(applyStep(filed.case, { kind: 'dispatch', department: 'roads' }, 1, other, at, calendar, limitOf)).toMatchObject({ ok: false, current: filed.case });
  });

  it('suspends the countdown and runs it again on resume', () => {
    let c = reported(cst('2026-12-07T09:00'));
    for (const [s, actor] of [
      [{ kind: 'file', type: 'noise', urgency: 'normal' }, dispatcher],
      [{ kind: 'dispatch', department: 'water' }, dispatcher],
      [{ kind: 'request-suspension', reason: 'waiting for the owner' }, water],
      [{ kind: 'decide', approve: true }, dispatcher],
    ] as [Step, Actor][]) {
      const r = applyStep(c, s, c.version, actor, cst('2026-12-07T10:00'), calendar, limitOf);
      if (!r.ok) throw new Error(r.reason);
      c = r.case;
    }
    expect([c.state, c.pausedMinutes]).toEqual(['suspended', 14 * 60]);
    const resumed = applyStep(c, { kind: 'resume' }, c.version, dispatcher, cst('2026-12-14T09:00'), calendar, limitOf);
    if (!resumed.ok) throw new Error(resumed.reason);
    expect(resumed.case.deadline).toBe(cst('2026-12-15T17:30'));
  });
});

/** A random step for a random actor: most are refused, as a careless or hostile client's would be. */
const anyStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('file' as const), type: fc.constantFrom('noise', 'waterlogging'), urgency: fc.constantFrom('urgent' as const, 'normal' as const, 'complex' as const) }),
  fc.record({ kind: fc.constant('reject' as const), reason: fc.constantFrom('', 'duplicate') }),
  fc.record({ kind: fc.constant('merge' as const), into: fc.constantFrom('AJ1', 'AJ9') }),
  fc.record({ kind: fc.constant('dispatch' as const), department: fc.constantFrom('water', 'roads') }),
  fc.record({ kind: fc.constant('send-back' as const), reason: fc.constantFrom('', 'not ours') }),
  fc.record({ kind: fc.constant('request-extension' as const), minutes: fc.integer({ min: -10, max: 3000 }), reason: fc.constant('parts') }),
  fc.record({ kind: fc.constant('request-suspension' as const), reason: fc.constant('owner away') }),
  fc.record({ kind: fc.constant('decide' as const), approve: fc.boolean() }),
  fc.constant({ kind: 'resume' as const }),
  fc.record({ kind: fc.constant('report-back' as const), note: fc.constantFrom('', 'done'), photos: fc.array(fc.constantFrom('p1', 'p2'), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('verify' as const), pass: fc.boolean(), reason: fc.constantFrom(undefined, 'still there') }),
  fc.constant({ kind: 'alarm-cleared' as const }),
);
const ACTORS: readonly Actor[] = [hotline, dispatcher, water, roads, inspector, { login: 'sys', role: 'system' }, { login: 'boss', role: 'supervisor' }];

/** The actor whose step it is, most of the time (so that the walk gets far), else anyone. */
function actorFor(step: Step, c: Case, roll: number): Actor {
  if (roll >= 8) return ACTORS[roll % ACTORS.length]!;
  if (['send-back', 'request-extension', 'request-suspension', 'report-back'].includes(step.kind)) return c.department === 'roads' ? roads : water;
  if (step.kind === 'verify') return inspector;
  if (step.kind === 'alarm-cleared') return ACTORS[5]!;
  return dispatcher;
}

/** Every step the loop allows, with the state it leaves and the state it reaches. */
const ALLOWED = new Set([
  'file:reported>filed', 'reject:reported>rejected', 'merge:reported>merged', 'dispatch:filed>dispatched', 'send-back:dispatched>filed',
  'request-extension:dispatched>dispatched', 'request-suspension:dispatched>dispatched', 'decide:dispatched>dispatched', 'decide:dispatched>suspended',
  'resume:suspended>dispatched', 'report-back:dispatched>handled', 'verify:handled>closed', 'verify:handled>dispatched',
  ...['reported', 'filed', 'dispatched', 'suspended', 'handled'].map((s) => `alarm-cleared:${s}>${s}`),
]);

/** Whose step each is, written apart from the loop's own table. */
const ROLE_OF: Record<StepRow['kind'], Actor['role']> = { collect: 'hotline', file: 'dispatcher', reject: 'dispatcher', merge: 'dispatcher', dispatch: 'dispatcher', 'send-back': 'handler', 'request-extension': 'handler', 'request-suspension': 'handler', decide: 'dispatcher', resume: 'dispatcher', 'report-back': 'handler', verify: 'inspector', 'alarm-cleared': 'system' };

describe('the case loop under random steps (property)', () => {
  it('reaches no state the loop forbids, writes one row per applied step, and its evaluation recounts from the rows', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyStep, fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 9 })), { minLength: 30, maxLength: 80 }), (steps) => {
        let c = reported(cst('2026-12-07T09:00'));
        let now = c.reportedAt;
        const rows: StepRow[] = [];
        /** What broke the loop's rules, if anything: one line each. */
        const broken: string[] = [];
        for (const [step, roll, gap, stale] of steps) {
          now += gap * 60_000;
          const before = c;
          const actor = actorFor(step, c, roll);
          const r = applyStep(c, step, stale === 0 ? c.version - 1 : c.version, actor, now, calendar, limitOf);
          if (!r.ok) {
            if (r.reason.length === 0) broken.push(`${step.kind} refused without a reason`);
            continue;
          }
          c = r.case;
          rows.push(r.row);
          const change = `${step.kind}:${before.state}>${c.state}`;
          if (!ALLOWED.has(change)) broken.push(change);
          if (r.row.role !== ROLE_OF[r.row.kind]) broken.push(`${r.row.kind} by ${r.row.role}`);
          // A department acts on its own cases only, an inspector in their own cells only.
          if (actor.role === 'handler' && before.department !== actor.department) broken.push(`${actor.login} on ${before.department}'s case`);
          if (actor.role === 'inspector' && !actor.cells?.includes(before.cell ?? '')) broken.push(`${actor.login} outside their cells`);
          if (c.version !== before.version + 1) broken.push(`version ${before.version} → ${c.version}`);
          if (FINAL_STATES.includes(before.state)) broken.push(`a ${before.state} case moved`);
        }
        expect(broken).toEqual([]);
        expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 2));
        const all = evaluate(rows, 0, Infinity, () => 'all').get('all') ?? null;
        const n = (kind: StepRow['kind'], to?: CaseState): number => rows.filter((r) => r.kind === kind && (to === undefined || r.to === to)).length;
        const recount = { filed: n('file'), dispatched: n('dispatch'), sentBack: n('send-back'), handled: n('report-back'), handledOnTime: rows.filter((r) => r.kind === 'report-back' && r.at <= r.deadline!).length, verified: n('verify'), reworked: n('verify', 'dispatched'), closed: n('verify', 'closed') };
        expect(all && { ...all, meanMinutes: undefined }).toEqual(rows.length === 0 ? null : { ...recount, meanMinutes: undefined });
      }),
      { seed: 30428, numRuns: 500 },
    );
  });
});
