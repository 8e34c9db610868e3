/**
 * What the evaluation panel and the wall make of the service's answers (./evaluationContract.ts),
 * kept apart from React so that it is tested as it is: the ranking's order, the funnel's shares,
 * and the CSV the panel saves (built on the page from the answer it shows, so the file is what
 * was on screen). The answers hold counts and rates only: no caller, phone or description can
 * reach the CSV.
 */
import { CASE_STATES, FINAL_STATES, type CaseState } from './caseLoop.ts';
import { FUNNEL_STAGES, type CaseEvaluation, type CaseFunnel, type FunnelStage } from './evaluationContract.ts';

export type EvaluationRow = CaseEvaluation['rows'][number];

/** The states a case leaves, whose mean stay the CSV carries (a final state is never left). */
export const STAYED_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !FINAL_STATES.includes(s));

/**
 * The groups best first: by on-time rate (none, nothing reported back: last), then by how many
 * cases were dispatched to them (more work done on time ranks higher), then by name.
 */
export function ranked(rows: readonly EvaluationRow[]): EvaluationRow[] {
  return rows.toSorted((a, b) => (b.onTime ?? -1) - (a.onTime ?? -1) || b.dispatched - a.dispatched || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

/** A rate as the panel and the wall show it: `87.5 %`, or a dash where there was nothing to rate. */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

export interface FunnelBar {
  stage: FunnelStage;
  count: number;
  /** Of the cases reported in the period (null when none were). */
  share: number | null;
}

/** The funnel's bars, in the loop's order. */
export function funnelBars(f: CaseFunnel): FunnelBar[] {
  return FUNNEL_STAGES.map((stage) => ({ stage, count: f[stage], share: f.reported > 0 ? f[stage] / f.reported : null }));
}

/** A CSV cell; one that a spreadsheet would run as a formula (= + - @, tab, CR) is quoted as text (OWASP, CSV injection). */
function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  const safe = /^[\t\r]/.test(s) || (/^[=+\-@]/.test(s) && Number.isNaN(Number(s))) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const fixed = (v: number | null | undefined, digits: number): string | null => (v === null || v === undefined ? null : v.toFixed(digits));

/**
 * The evaluation as CSV: a header row, then one row per group in ranking order, each with its
 * name as shown (`nameOf`), its rates (0–1) and the mean minutes it kept cases in each state.
 */
export function evaluationCsv(answer: CaseEvaluation, nameOf: (group: string) => string = (g) => g): string {
  const header = ['period_from', 'period_to', 'by', 'rank', 'group', 'name', 'dispatched', 'on_time_rate', 'closure_rate', 'rework_rate', 'sent_back_rate', ...STAYED_STATES.map((s) => `mean_minutes_${s}`)];
  const [from, to] = [new Date(answer.from).toISOString(), new Date(answer.to).toISOString()];
  const rows = ranked(answer.rows).map((r, i) => [from, to, answer.by, i + 1, r.group, nameOf(r.group), r.dispatched, fixed(r.onTime, 6), fixed(r.closure, 6), fixed(r.rework, 6), fixed(r.sentBack, 6), ...STAYED_STATES.map((s) => fixed(r.meanMinutes[s], 1))]);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
