/**
 * The case loop's record in the operations service's database: each applied step a row in
 * case_steps, never updated, and the case's current record in cases, both written by one
 * statement, so that nothing is half-applied. The statement also holds the optimistic version:
 * a step decided on an older version changes nothing, and its sender is told the case's state
 * now. A database that is down refuses the step (the error reaches the caller); nothing queues.
 */
import type { Database } from '../../../../server/ops/database.ts';
import { applyStep, collect, type Actor, type Case, type LimitOf, type Step, type StepResult, type StepRow } from '../caseLoop.ts';
import type { WorkingCalendar } from '../workingCalendar.ts';

const STEP_COLUMNS = 'case_id, version, kind, at, actor, role, from_state, to_state, department, deadline, detail';
/** A step row's values, in STEP_COLUMNS' order (times as epoch ms). */
const stepValues = (row: StepRow): unknown[] => [row.case, row.version, row.kind, row.at, row.actor, row.role, row.from, row.to, row.department, row.deadline, row.detail];
/** The row's parameters from $from on, typed: a select list does not take its types from the insert. */
const placeholders = (from: number): string =>
  ['text', 'integer', 'text', 'time', 'text', 'text', 'text', 'text', 'text', 'time', 'text'].map((type, i) => (type === 'time' ? `to_timestamp($${from + i}::float8 / 1000)` : `$${from + i}::${type}`)).join(', ');

export class CaseStore {
  constructor(
    private readonly db: Database,
    private readonly calendar: WorkingCalendar,
    private readonly limitOf: LimitOf,
  ) {}

  async get(id: string): Promise<Case | null> {
    const rows = await this.db.query<{ record: Case }>('select record from cases where id = $1', [id]);
    return rows[0]?.record ?? null;
  }

  /** A new case and its first row; refused when the id is taken. */
  async collect(fields: Parameters<typeof collect>[0], actor: Actor): Promise<StepResult> {
    const r = collect(fields, actor);
    if (!r.ok) return r;
    const written = await this.db.query(
      `with made as (insert into cases (id, version, state, record) values ($1, $2, $3, $4::jsonb) on conflict (id) do nothing returning id)
       insert into case_steps (${STEP_COLUMNS}) select ${placeholders(5)} from made returning seq`,
      [r.case.id, r.case.version, r.case.state, JSON.stringify(r.case), ...stepValues(r.row)],
    );
    return written.length === 1 ? r : { ok: false, refusal: 'state', reason: `case ${fields.id} exists already` };
  }

  /** One step on the case as the database holds it, decided on `version`. */
  async step(id: string, step: Step, version: number, actor: Actor, now: number): Promise<StepResult> {
    const current = await this.get(id);
    if (!current) return { ok: false, refusal: 'reach', reason: `no case ${id}` };
    const r = applyStep(current, step, version, actor, now, this.calendar, this.limitOf);
    if (!r.ok) return r;
    const written = await this.db.query(
      `with moved as (update cases set version = $2, state = $3, record = $4::jsonb where id = $1 and version = $5 returning id)
       insert into case_steps (${STEP_COLUMNS}) select ${placeholders(6)} from moved returning seq`,
      [id, r.case.version, r.case.state, JSON.stringify(r.case), current.version, ...stepValues(r.row)],
    );
    if (written.length === 1) return r;
    // Another step landed between the read and the write: the same answer as a stale version.
    const now2 = await this.get(id);
    return { ok: false, refusal: 'changed', reason: `case ${id} changed (version ${now2?.version}, not ${version}): it is now ${now2?.state}`, ...(now2 ? { current: now2 } : {}) };
  }

  /** A case's steps in order: its timeline. */
  async steps(id: string): Promise<StepRow[]> {
    const rows = await this.db.query<{ case_id: string; version: number; kind: StepRow['kind']; at: Date; actor: string; role: StepRow['role']; from_state: StepRow['from']; to_state: StepRow['to']; department: string | null; deadline: Date | null; detail: string | null }>(
      `select ${STEP_COLUMNS} from case_steps where case_id = $1 order by version`,
      [id],
    );
    return rows.map((r) => ({ case: r.case_id, version: r.version, kind: r.kind, at: r.at.getTime(), actor: r.actor, role: r.role, from: r.from_state, to: r.to_state, department: r.department, deadline: r.deadline?.getTime() ?? null, detail: r.detail }));
  }
}

/** Which cases a list shows: SQL over the current records (cases.record), with its parameters. */
export interface CaseQuery {
  where: string[];
  params: unknown[];
}

/** The cases a query selects, newest report first, at most `limit`, and how many it selects in all. */
export async function listCases(db: Database, q: CaseQuery, limit: number): Promise<{ total: number; cases: Case[] }> {
  const where = q.where.length > 0 ? `where ${q.where.join(' and ')}` : '';
  const rows = await db.query<{ record: Case; total: string | number }>(`select record, count(*) over () as total from cases ${where} order by (record->>'reportedAt')::bigint desc limit ${Math.max(1, Math.floor(limit))}`, q.params);
  return { total: Number(rows[0]?.total ?? 0), cases: rows.map((r) => r.record) };
}
