/**
 * A small made-up city for the case history (src/domains/cases/server/history.ts) in the live
 * tests and the benches, so that both load the same seeded cases: five districts, 1,000 places over
 * central Guangzhou (every 40th outside the grid, so its cases are rejected), 120 grid cells, and
 * three city departments beside the districts' governments. The working calendar is the city's own.
 * With it, the evaluation as evaluate() recounts it in Node, and where an answer differs from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepRow } from '../../src/domains/cases/caseLoop.ts';
import { evaluate, ratesOf, type GroupOf } from '../../src/domains/cases/evaluation.ts';
import type { CaseEvaluation } from '../../src/domains/cases/evaluationContract.ts';
import type { HistoryOptions } from '../../src/domains/cases/server/history.ts';
import { calendarSchema, WorkingCalendar } from '../../src/domains/cases/workingCalendar.ts';
import { CASE_TYPES } from '../../src/domains/panorama/index.ts';

export const calendar = new WorkingCalendar(calendarSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../public/cities/guangzhou/calendar.json'), 'utf8'))));

const DISTRICTS = ['440103', '440104', '440105', '440106', '440111'];
const places = Float64Array.from({ length: 2000 }, (_, k) => (k % 2 === 0 ? 113.2 + (k / 2000) * 0.25 : 23.05 + (((k * 37) % 1000) / 1000) * 0.15));

/** `count` cases over the 30 days to 7 December 2026, 18:00 CST, seeded. */
export function caseHistoryOptions(count: number, seed = 20261207): HistoryOptions {
  return {
    seed,
    count,
    end: Date.parse('2026-12-07T18:00+08:00'),
    days: 30,
    calendar,
    places,
    districtOf: (i) => DISTRICTS[i % DISTRICTS.length]!,
    cellOf: (i) => (i % 40 === 39 ? null : `C${i % 120}`),
    departmentsFor: (type, district) => ({ component: 'citymgmt', waterlogging: 'water', parking: 'traffic-police' })[type] ?? `gov-${district}`,
    types: CASE_TYPES.map((t) => t.code),
  };
}

type Rows = CaseEvaluation['rows'];

/** evaluate() and ratesOf() over the rows, in the answer's form and order (by group name). */
export function recounted(rows: readonly StepRow[], from: number, to: number, groupOf: GroupOf): Rows {
  return [...evaluate(rows, from, to, groupOf)]
    .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, f]) => ({ group, dispatched: f.dispatched, ...ratesOf(f), meanMinutes: f.meanMinutes as Record<string, number> }));
}

const RATES = ['onTime', 'closure', 'rework', 'sentBack'] as const;
const near = (a: number | null | undefined, b: number | null | undefined, eps: number): boolean => (a ?? null) === (b ?? null) || (a != null && b != null && Math.abs(a - b) <= eps);

/**
 * Where answer `a` is not `b`, one line each: a group missing or extra, a count, a rate off by over
 * 1e-9 or a mean stay off by over 1e-6 minutes (sums taken in another order), or a null for a figure.
 */
export function differences(a: Rows, b: Rows): string[] {
  const out: string[] = [];
  const bs = new Map(b.map((r) => [r.group, r]));
  for (const g of new Set([...a.map((r) => r.group), ...b.map((r) => r.group)])) if (!bs.has(g) || !a.some((r) => r.group === g)) out.push(`${g}: in one answer only`);
  a.forEach((r, i) => {
    const s = bs.get(r.group);
    if (!s) return;
    if (b[i]?.group !== r.group) out.push(`${r.group}: at ${i}, not ${b.indexOf(s)}`);
    if (r.dispatched !== s.dispatched) out.push(`${r.group}: dispatched ${r.dispatched} ≠ ${s.dispatched}`);
    for (const k of RATES) if (!near(r[k], s[k], 1e-9)) out.push(`${r.group}: ${k} ${r[k]} ≠ ${s[k]}`);
    for (const state of new Set([...Object.keys(r.meanMinutes), ...Object.keys(s.meanMinutes)])) {
      if (!near(r.meanMinutes[state], s.meanMinutes[state], 1e-6)) out.push(`${r.group}: mean minutes ${state} ${r.meanMinutes[state]} ≠ ${s.meanMinutes[state]}`);
    }
  });
  return out;
}
