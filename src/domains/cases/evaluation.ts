/**
 * The evaluation of the case loop (综合评价) over a period, per department, district or case
 * type, recounted from the step rows alone (./caseLoop.ts): so that the figures on the wall and
 * in the panel are what the record says, and a property test can recount them.
 */
import type { CaseState, StepRow } from './caseLoop.ts';

export interface Figures {
  filed: number;
  dispatched: number;
  sentBack: number;
  handled: number;
  /** Reported back by the deadline the case had then. */
  handledOnTime: number;
  verified: number;
  reworked: number;
  closed: number;
  /** Mean minutes (wall-clock) a case stayed in each state, over the stays that began in the period. */
  meanMinutes: Partial<Record<CaseState, number>>;
}

export type Rates = Record<'onTime' | 'closure' | 'rework' | 'sentBack', number | null>;

const empty = (): Figures => ({ filed: 0, dispatched: 0, sentBack: 0, handled: 0, handledOnTime: 0, verified: 0, reworked: 0, closed: 0, meanMinutes: {} });

/** What a group's figures are of: a department, or the district or type of the case a row is of. */
export type GroupOf = (row: StepRow) => string | null;

/** Each group's figures over [from, to): steps counted where they happened, stays where they began. */
export function evaluate(rows: readonly StepRow[], from: number, to: number, groupOf: GroupOf): Map<string, Figures> {
  const out = new Map<string, Figures>();
  const figuresOf = (row: StepRow): Figures | null => {
    const g = groupOf(row);
    if (g === null) return null;
    let f = out.get(g);
    if (!f) out.set(g, (f = empty()));
    return f;
  };
  const stays = new Map<string, Map<CaseState, [number, number]>>();
  const byCase = new Map<string, StepRow[]>();
  for (const r of rows) {
    const list = byCase.get(r.case);
    if (list) list.push(r);
    else byCase.set(r.case, [r]);
  }
  for (const caseRows of byCase.values()) {
    const ordered = caseRows.toSorted((a, b) => a.version - b.version);
    ordered.forEach((row, i) => {
      if (row.at < from || row.at >= to) return;
      const f = figuresOf(row);
      if (!f) return;
      count(f, row);
      const leave = ordered.slice(i + 1).find((r) => r.to !== row.to);
      if (leave && row.from !== row.to) {
        const g = groupOf(row)!;
        const per = stays.get(g) ?? new Map<CaseState, [number, number]>();
        const [sum, n] = per.get(row.to) ?? [0, 0];
        per.set(row.to, [sum + (leave.at - row.at) / 60_000, n + 1]);
        stays.set(g, per);
      }
    });
  }
  for (const [g, per] of stays) out.get(g)!.meanMinutes = Object.fromEntries([...per].map(([state, [sum, n]]) => [state, sum / n]));
  return out;
}

function count(f: Figures, row: StepRow): void {
  if (row.kind === 'file') f.filed++;
  else if (row.kind === 'dispatch') f.dispatched++;
  else if (row.kind === 'send-back') f.sentBack++;
  else if (row.kind === 'report-back') {
    f.handled++;
    if (row.deadline !== null && row.at <= row.deadline) f.handledOnTime++;
  } else if (row.kind === 'verify') {
    f.verified++;
    if (row.to === 'closed') f.closed++;
    else f.reworked++;
  }
}

const rate = (n: number, of: number): number | null => (of > 0 ? n / of : null);

/** The rates a ranking shows (null where nothing was there to rate). */
export function ratesOf(f: Figures): Rates {
  return { onTime: rate(f.handledOnTime, f.handled), closure: rate(f.closed, f.filed), rework: rate(f.reworked, f.verified), sentBack: rate(f.sentBack, f.dispatched) };
}
