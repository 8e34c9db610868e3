/**
 * The evaluation (综合评价) and the case funnel over a period, counted by the database: the same
 * figures as ../evaluation.ts recounts from the step rows in Node, without reading the rows out:
 * a month of 120,000 cases is over 600,000 steps, which cost seconds to carry to Node, parse and
 * group, and a few times less to count where they lie (bench/cases.ts measures both).
 *
 * How evaluate()'s rules read in SQL: a step counts for its group where it happened, in
 * [from, to); a stay begins with a step that changes the state (from ≠ to) and lasts until the
 * first later step (by version) that leaves that state, which may lie after `to`, so the steps
 * from the period's start on are read (by the index on their time), and the stay's end is found
 * by one window over each case's steps. Only the counts come from SQL: the rates are ratesOf()'s,
 * so the two cannot drift apart.
 */
import type { Database } from '../../../../server/ops/database.ts';
import type { CaseState } from '../caseLoop.ts';
import type { CaseEvaluation, CaseFunnel, EvaluationBy } from '../evaluationContract.ts';
import { ratesOf, type Figures } from '../evaluation.ts';

/** An epoch-ms parameter as a timestamptz (exact: times are whole milliseconds). */
const time = (param: number): string => `to_timestamp($${param}::float8 / 1000)`;

/**
 * How far before the period a step is still read, for the stay of a step in the period that its
 * case left at an earlier time: a later step (by version) stamped earlier, by an instance whose
 * clock was behind. Clocks kept by NTP are never an hour apart.
 */
const SKEW = "interval '1 hour'";

/**
 * The steps from a little before the period on, each with the milliseconds of the stay it begins
 * (null: it changes no state, or the case has not left it yet) and whether it is in [$1, $2).
 * A step changes the state where from ≠ to (`head`): each step's `from` is the state its case had
 * after the step before (../caseLoop.ts applies it to the case as kept, and ./caseStore.ts writes
 * it only on that version), so the first later step that leaves a state is the first later head.
 * Over a case's steps by version descending, the lowest version among the heads already passed is
 * that one: packed above its time (42 bits of epoch ms, to 2109), the smallest packed value is it,
 * and a running minimum is one comparison a row. The cases' ids are sorted byte by byte (collate
 * "C"): any order of the cases does, and that one is the cheapest.
 */
const TIMED = `
  select case_id, department, kind, to_state, counted, on_time,
         case when head then ((min(case when head then (version::bigint << 42) | at_ms end) over later) & ((1::bigint << 42) - 1)) - at_ms end as stay_ms
  from (
    select case_id, version, kind, to_state, department, (date_part('epoch', at) * 1000)::bigint as at_ms,
           at >= ${time(1)} and at < ${time(2)} as counted,
           from_state is distinct from to_state as head, deadline is not null and at <= deadline as on_time
    from case_steps
    where at >= ${time(1)} - ${SKEW}
  ) steps
  window later as (partition by case_id collate "C" order by version desc rows between unbounded preceding and 1 preceding)`;

/**
 * What a step in the period is grouped by: its own department, or the district or type its case
 * has now, taken out of the case's record before the join (`offset 0` keeps the planner from
 * carrying whole records through the join and taking the field out after).
 */
const GROUP_OF: Record<EvaluationBy, { g: string; join: string }> = {
  department: { g: 't.department', join: '' },
  district: { g: 'c.g', join: "join (select id, record->>'district' as g from cases offset 0) c on c.id = t.case_id" },
  type: { g: 'c.g', join: "join (select id, record->>'type' as g from cases offset 0) c on c.id = t.case_id" },
};

/** The counts per group and the state a step leaves its case in, of the steps in [$1, $2); a group's are summed in Node. */
const countsSql = (by: EvaluationBy): string => `
  select g, to_state,
    count(*) filter (where kind = 'file')::int as filed,
    count(*) filter (where kind = 'dispatch')::int as dispatched,
    count(*) filter (where kind = 'send-back')::int as sent_back,
    count(*) filter (where kind = 'report-back')::int as handled,
    count(*) filter (where kind = 'report-back' and on_time)::int as handled_on_time,
    count(*) filter (where kind = 'verify')::int as verified,
    count(*) filter (where kind = 'verify' and to_state = 'closed')::int as closed,
    count(stay_ms)::int as stays,
    coalesce(sum(stay_ms), 0)::float8 as stay_ms
  from (
    select ${GROUP_OF[by].g} as g, t.kind, t.to_state, t.on_time, t.stay_ms
    from (${TIMED}) t ${GROUP_OF[by].join}
    where t.counted
  ) period
  where g is not null
  group by g, to_state`;

type CountRow = { g: string; to_state: CaseState; filed: number; dispatched: number; sent_back: number; handled: number; handled_on_time: number; verified: number; closed: number; stays: number; stay_ms: number };

/** The groups' figures from the counts per group and state: as evaluate() makes them. */
function figuresOf(rows: readonly CountRow[]): Map<string, Figures> {
  const out = new Map<string, Figures>();
  for (const r of rows) {
    let f = out.get(r.g);
    if (!f) out.set(r.g, (f = { filed: 0, dispatched: 0, sentBack: 0, handled: 0, handledOnTime: 0, verified: 0, reworked: 0, closed: 0, meanMinutes: {} }));
    f.filed += r.filed;
    f.dispatched += r.dispatched;
    f.sentBack += r.sent_back;
    f.handled += r.handled;
    f.handledOnTime += r.handled_on_time;
    f.verified += r.verified;
    f.closed += r.closed;
    // A verification that does not close sends the case back to work (rework).
    f.reworked += r.verified - r.closed;
    if (r.stays > 0) f.meanMinutes[r.to_state] = r.stay_ms / 60_000 / r.stays;
  }
  return out;
}

/** The evaluation of [from, to) per department, district or case type, in the order of the groups' names. */
export async function evaluationAnswer(db: Database, from: number, to: number, by: EvaluationBy): Promise<CaseEvaluation> {
  const counts = await db.query<CountRow>(countsSql(by), [from, to]);
  const rows = [...figuresOf(counts)]
    .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, f]) => ({ group, dispatched: f.dispatched, ...ratesOf(f), meanMinutes: f.meanMinutes as Record<string, number> }));
  return { from, to, by, rows };
}

/**
 * The funnel of the cases reported in [from, to): how many of them have reached each stage by
 * now, each case counted once per stage. A cohort, so each stage holds no more than the one before
 * it (steps of cases reported earlier would make a later stage outgrow the first).
 */
export async function funnelAnswer(db: Database, from: number, to: number): Promise<CaseFunnel> {
  const [r] = await db.query<Omit<CaseFunnel, 'from' | 'to'>>(
    `with cohort as (select case_id from case_steps where kind = 'collect' and at >= ${time(1)} and at < ${time(2)})
     select (select count(*) from cohort)::int as reported,
            count(distinct s.case_id) filter (where s.kind = 'file')::int as filed,
            count(distinct s.case_id) filter (where s.kind = 'dispatch')::int as dispatched,
            count(distinct s.case_id) filter (where s.kind = 'report-back')::int as handled,
            count(distinct s.case_id) filter (where s.kind = 'verify' and s.to_state = 'closed')::int as closed
     from case_steps s join cohort c on c.case_id = s.case_id
     where s.kind in ('file', 'dispatch', 'report-back', 'verify')`,
    [from, to],
  );
  return { from, to, reported: r?.reported ?? 0, filed: r?.filed ?? 0, dispatched: r?.dispatched ?? 0, handled: r?.handled ?? 0, closed: r?.closed ?? 0 };
}
