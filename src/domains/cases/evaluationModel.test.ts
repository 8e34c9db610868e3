import { describe, expect, it } from 'vitest';
import { CASE_ROUTES } from './apiContract.ts';
import { EVALUATION_ROUTES, type CaseEvaluation } from './evaluationContract.ts';
import { evaluationCsv, funnelBars, ranked, type EvaluationRow } from './evaluationModel.ts';

const row = (group: string, onTime: number | null, dispatched: number, more: Partial<EvaluationRow> = {}): EvaluationRow => ({ group, dispatched, onTime, closure: null, rework: 0.05, sentBack: 0.1, meanMinutes: {}, ...more });
const answer = (rows: EvaluationRow[]): CaseEvaluation => ({ from: Date.parse('2026-12-06T10:00:00Z'), to: Date.parse('2026-12-07T10:00:00Z'), by: 'department', rows });

describe('the ranking', () => {
  it('puts the best on-time rate first, more dispatched cases before fewer at the same rate, and groups with no rate last', () => {
    const rows = [row('water', 0.9, 10), row('roads', null, 4), row('parks', 0.95, 3), row('gov-440106', 0.9, 30), row('citymgmt', 0.9, 10)];
    expect(ranked(rows).map((r) => r.group)).toEqual(['parks', 'gov-440106', 'citymgmt', 'water', 'roads']);
    // The answer it was given is left as it was.
    expect(rows[0]!.group).toBe('water');
  });
});

describe('the funnel', () => {
  it('gives each stage its count and its share of the cases reported, in the loop’s order', () => {
    const f = EVALUATION_ROUTES['case-funnel'].parse({ from: 0, to: 1, reported: 200, filed: 180, dispatched: 150, handled: 120, closed: 100 });
    expect(funnelBars(f)).toEqual([
      { stage: 'reported', count: 200, share: 1 },
      { stage: 'filed', count: 180, share: 0.9 },
      { stage: 'dispatched', count: 150, share: 0.75 },
      { stage: 'handled', count: 120, share: 0.6 },
      { stage: 'closed', count: 100, share: 0.5 },
    ]);
  });

  it('gives no share when nothing was reported', () => {
    expect(funnelBars({ from: 0, to: 1, reported: 0, filed: 0, dispatched: 0, handled: 0, closed: 3 }).map((b) => b.share)).toEqual([null, null, null, null, null]);
  });
});

describe('the CSV', () => {
  const a = answer([row('water', 0.75, 8, { closure: 0.5, meanMinutes: { dispatched: 95.25, handled: 30 } }), row('=HYPERLINK("x")', null, 0)]);
  const lines = evaluationCsv(a, (g) => (g === 'water' ? '水务局, 排水' : g)).split('\r\n');

  it('has a header row, then one row per group in ranking order, with its rates and mean minutes', () => {
    expect(lines[0]).toBe('period_from,period_to,by,rank,group,name,dispatched,on_time_rate,closure_rate,rework_rate,sent_back_rate,mean_minutes_reported,mean_minutes_filed,mean_minutes_dispatched,mean_minutes_suspended,mean_minutes_handled');
    expect(lines[1]).toBe('2026-12-06T10:00:00.000Z,2026-12-07T10:00:00.000Z,department,1,water,"水务局, 排水",8,0.750000,0.500000,0.050000,0.100000,,,95.3,,30.0');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });

  it('quotes a name a spreadsheet would run as a formula', () => {
    expect(lines[2]!.split(',').slice(3, 5)).toEqual(['2', `"'=HYPERLINK(""x"")"`]);
  });

  it('carries only the answer’s figures: the contract has no field for a caller, a phone or a description', () => {
    const fields = Object.keys(CASE_ROUTES['case-evaluation'].shape.rows.element.shape);
    expect(fields.toSorted()).toEqual(['closure', 'dispatched', 'group', 'meanMinutes', 'onTime', 'rework', 'sentBack']);
    expect(lines.join('\n')).not.toMatch(/1[3-9]\d{9}/);
  });
});
