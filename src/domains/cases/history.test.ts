/**
 * The generated history (./server/history.ts) against the loop it claims to come from: each
 * case's rows replayed through collect and applyStep give the same rows and the same case, its
 * times keep order inside the window on the real working calendar, its shares are the ones asked
 * for, and the evaluation over it counts what a recount counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES } from '../panorama/index.ts';
import { applyStep, collect, DEFAULT_LIMITS, FINAL_STATES, type Actor, type Case, type Step, type StepRow } from './caseLoop.ts';
import { evaluate, ratesOf, type Figures } from './evaluation.ts';
import { generateHistory, type HistoryCase, type HistoryOptions } from './server/history.ts';
import { calendarSchema, WorkingCalendar } from './workingCalendar.ts';

const calendar = new WorkingCalendar(calendarSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/cities/guangzhou/calendar.json'), 'utf8'))));
const DAY = 86_400_000;
const end = Date.parse('2026-12-07T18:00+08:00');
const DISTRICTS = ['440103', '440104', '440105', '440106'];
/** 400 places over central Guangzhou; every 25th outside the grid. */
const places = Float64Array.from({ length: 800 }, (_, k) => (k % 2 === 0 ? 113.2 + (k / 2 / 400) * 0.2 : 23.05 + ((k * 37) % 400) / 400 * 0.15));
const options = (seed: number, count = 2000): HistoryOptions => ({
  seed,
  count,
  end,
  days: 30,
  calendar,
  places,
  districtOf: (i) => DISTRICTS[i % DISTRICTS.length]!,
  cellOf: (i) => (i % 25 === 24 ? null : `C${i % 60}`),
  departmentsFor: (type, district) => ({ component: 'citymgmt', waterlogging: 'water', parking: 'traffic-police' })[type] ?? `gov-${district}`,
  types: CASE_TYPES.map((t) => t.code),
});
const history: HistoryCase[] = [...generateHistory(options(7))];
const allRows = history.flatMap((h) => h.rows);
const limitOf = (_type: string, urgency: keyof typeof DEFAULT_LIMITS): number => DEFAULT_LIMITS[urgency];

/** The step a row records, read back from what the row keeps. */
function stepOf(r: StepRow): Step {
  const detail = r.detail ?? '';
  switch (r.kind) {
    case 'file': {
      const [type, urgency] = detail.split('/') as [string, 'urgent' | 'normal' | 'complex'];
      return { kind: 'file', type, urgency };
    }
    case 'reject':
    case 'send-back':
    case 'request-suspension':
      return { kind: r.kind, reason: detail };
    case 'merge':
      return { kind: 'merge', into: detail };
    case 'dispatch':
      return { kind: 'dispatch', department: detail };
    case 'request-extension': {
      const m = /^(\d+) min: (.+)$/.exec(detail)!;
      return { kind: 'request-extension', minutes: Number(m[1]), reason: m[2]! };
    }
    case 'decide':
      return detail.startsWith('approved') ? { kind: 'decide', approve: true } : { kind: 'decide', approve: false, reason: detail.replace(/^refused \w+: /, '') };
    case 'report-back':
      return { kind: 'report-back', note: detail, photos: [] };
    case 'verify':
      return r.to === 'closed' ? { kind: 'verify', pass: true } : { kind: 'verify', pass: false, reason: detail };
    default:
      throw new Error(`no step of kind ${r.kind} in the history`);
  }
}

/** The case the rows make when replayed through the loop, or the first refusal. */
function replay(rows: readonly StepRow[], final: Case): { case: Case; rows: StepRow[] } | string {
  const [first, ...rest] = rows;
  const by = (r: StepRow): Actor => ({ login: r.actor, role: r.role, ...(r.role === 'handler' ? { department: r.department! } : {}), ...(r.role === 'inspector' ? { cells: [final.cell!] } : {}) });
  // What was reported: the history files each case as the type the reporter gave.
  const { id, source, cell, district, lon, lat, reportedAt, description, caller, photos, origin, type } = final;
  const made = collect({ id, source, cell, district, lon, lat, reportedAt, description, caller, photos, origin, type }, by(first!));
  if (!made.ok) return made.reason;
  let c = made.case;
  const out = [made.row];
  for (const r of rest) {
    const next = applyStep(c, stepOf(r), c.version, by(r), r.at, calendar, limitOf);
    if (!next.ok) return `${r.kind}: ${next.reason}`;
    c = next.case;
    out.push(next.row);
  }
  return { case: c, rows: out };
}

const share = (n: number, of: number): number => n / of;
const count = (pred: (h: HistoryCase) => boolean): number => history.filter(pred).length;
/** Minutes from the `after` row to the `kind` row that follows it, where one does. */
function gap(h: HistoryCase, kind: string, after: string): number | null {
  const i = h.rows.findIndex((r) => r.kind === kind);
  return i > 0 && h.rows[i - 1]!.kind === after ? (h.rows[i]!.at - h.rows[i - 1]!.at) / 60_000 : null;
}
const hourOf = (t: number): number => new Date(t + 8 * 3_600_000).getUTCHours();

/** The figures counted again, each from the cases or the rows directly. */
function recount(cases: readonly HistoryCase[]): Omit<Figures, 'meanMinutes'> {
  const of = (kind: string, pred: (r: StepRow) => boolean = () => true): number => cases.reduce((n, h) => n + h.rows.filter((r) => r.kind === kind && pred(r)).length, 0);
  return {
    filed: cases.filter((h) => h.case.urgency !== null).length,
    dispatched: of('dispatch'),
    sentBack: of('send-back'),
    handled: of('report-back'),
    handledOnTime: of('report-back', (r) => r.at <= r.deadline!),
    verified: of('verify'),
    reworked: of('verify', (r) => r.to === 'dispatched'),
    closed: cases.filter((h) => h.case.state === 'closed').length,
  };
}

describe('the generated history', () => {
  it('is the same for the same seed, and another for another', () => {
    expect([...generateHistory(options(7, 300))]).toEqual(history.slice(0, 300));
    expect([...generateHistory(options(8, 300))].map((h) => h.case.reportedAt)).not.toEqual(history.slice(0, 300).map((h) => h.case.reportedAt));
  });

  it('replays through the loop, row for row, to the same case', () => {
    const off = history.flatMap((h) => {
      const again = replay(h.rows, h.case);
      if (typeof again === 'string') return [`${h.case.id}: ${again}`];
      return JSON.stringify(again) === JSON.stringify({ case: h.case, rows: h.rows }) ? [] : [`${h.case.id}: replays to another case`];
    });
    expect(off).toEqual([]);
    expect(new Set(history.map((h) => h.case.id)).size).toBe(history.length);
  });

  it('keeps each case’s times in order, inside the window, with filing and dispatch within the hour', () => {
    const bad = history.filter(({ rows: r }) => r.some((row, i) => row.at < end - 30 * DAY || row.at > end || (i > 0 && row.at <= r[i - 1]!.at)));
    expect(bad.map((h) => h.case.id)).toEqual([]);
    const filing = history.map((h) => gap(h, 'file', 'collect')).filter((m) => m !== null);
    const dispatch = history.map((h) => gap(h, 'dispatch', 'file')).filter((m) => m !== null);
    expect(Math.min(...filing)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...filing)).toBeLessThanOrEqual(60);
    expect(Math.min(...dispatch)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...dispatch)).toBeLessThanOrEqual(30);
    // Departments report back and inspectors verify in office hours.
    const off = allRows.filter((r) => (r.kind === 'report-back' || r.kind === 'verify') && calendar.workingMinutesBetween(r.at - 60_000, r.at) === 0);
    expect(off).toEqual([]);
  });

  it('has a daytime peak of reports', () => {
    const day = count((h) => hourOf(h.case.reportedAt) >= 8 && hourOf(h.case.reportedAt) < 20);
    expect(share(day, history.length)).toBeGreaterThan(0.8);
  });

  it('ends nearly every case closed, rejected or merged, in the asked shares', () => {
    const open = count((h) => !FINAL_STATES.includes(h.case.state));
    expect(share(open, history.length)).toBeLessThan(0.01);
    expect(Math.abs(share(count((h) => h.case.state === 'rejected'), history.length) - 0.03)).toBeLessThan(0.012);
    expect(Math.abs(share(count((h) => h.case.state === 'merged'), history.length) - 0.02)).toBeLessThan(0.01);
    expect(count((h) => h.rows.some((r) => r.kind === 'decide' && r.detail?.startsWith('approved extension')))).toBeGreaterThan(10);
  });

  it('has the late, rework and sent-back shares asked for, as the evaluation rates them', () => {
    const all = evaluate(allRows, end - 30 * DAY, end + 1, () => 'all').get('all')!;
    const rates = ratesOf(all);
    expect(Math.abs(1 - rates.onTime! - 0.08)).toBeLessThan(0.025);
    expect(Math.abs(rates.rework! - 0.05)).toBeLessThan(0.02);
    expect(Math.abs(rates.sentBack! - 0.06)).toBeLessThan(0.02);
  });

  it('gives hotline cases a synthetic caller, and inspectors’ none', () => {
    expect(history.filter((h) => (h.case.source === 'hotline' ? !/^1380013\d{4}$/.test(h.case.caller ?? '') : h.case.caller !== null))).toEqual([]);
    expect(count((h) => h.case.source === 'inspector')).toBeGreaterThan(500);
  });
});

describe('the evaluation over the history', () => {
  it('counts what a recount counts, in all and per district', () => {
    const { meanMinutes, ...all } = evaluate(allRows, end - 30 * DAY, end + 1, () => 'all').get('all')!;
    expect(all).toEqual(recount(history));
    expect(meanMinutes.dispatched).toBeGreaterThan(0);
    const byCase = new Map(history.map((h) => [h.case.id, h.case.district]));
    const perDistrict = evaluate(allRows, end - 30 * DAY, end + 1, (r) => byCase.get(r.case)!);
    for (const d of DISTRICTS) {
      const { meanMinutes: _, ...figures } = perDistrict.get(d)!;
      expect(figures).toEqual(recount(history.filter((h) => h.case.district === d)));
    }
  });
});
