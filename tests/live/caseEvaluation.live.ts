/**
 * The evaluation and the funnel as the database counts them (src/domains/cases/server/evaluationQuery.ts),
 * on the embedded PGlite and on a real PostgreSQL server, against evaluate() and ratesOf() run in
 * Node over the same step rows read back: 20,000 generated cases, plus a few made by hand (steps
 * stamped out of time order, one across the week's start; steps that change no state), over the
 * whole month and over a week inside it (cases begun before it, stays that end after it). The
 * query times are printed, not asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepRow } from '../../src/domains/cases/caseLoop.ts';
import type { GroupOf } from '../../src/domains/cases/evaluation.ts';
import { EVALUATION_BYS, FUNNEL_STAGES } from '../../src/domains/cases/evaluationContract.ts';
import { evaluationAnswer, funnelAnswer } from '../../src/domains/cases/server/evaluationQuery.ts';
import { generateHistory, loadHistory } from '../../src/domains/cases/server/history.ts';
import { openDatabase, type Database } from '../../server/ops/database.ts';
import { caseHistoryOptions, differences, recounted } from '../../scripts/harness/caseHistory.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';

const COUNT = 20_000;
const options = caseHistoryOptions(COUNT);
const DAY = 86_400_000;
const MINUTE = 60_000;
/** The whole month (its last step included), and a week inside it. */
const PERIODS = [
  { name: '30 days', from: options.end - 30 * DAY, to: options.end + 1 },
  { name: 'a week', from: options.end - 12 * DAY, to: options.end - 5 * DAY },
];

const row = (id: string, version: number, kind: StepRow['kind'], at: number, from: StepRow['from'], to: StepRow['to'], department: string | null, deadline: number | null = null): StepRow => ({ case: id, version, kind, at, actor: 'hand', role: 'system', from, to, department, deadline, detail: null });

/**
 * Cases the service would hardly make: steps out of time order (one across the week's start),
 * steps that leave the state as it was, one reported before the week and handled after it.
 */
function handMade(): { id: string; district: string; type: string; rows: StepRow[] }[] {
  const t = PERIODS[1]!.from;
  const a = 'AJX-BACKWARDS';
  const b = 'AJX-ACROSS';
  const c = 'AJX-SKEWED';
  return [
    {
      id: a,
      district: '440199',
      type: 'edge',
      rows: [
        row(a, 1, 'collect', t + 60 * MINUTE, null, 'reported', null),
        row(a, 2, 'file', t + 30 * MINUTE, 'reported', 'filed', null),
        row(a, 3, 'dispatch', t + 90 * MINUTE, 'filed', 'dispatched', 'edge-dept', t + 200 * MINUTE),
        row(a, 4, 'request-extension', t + 100 * MINUTE, 'dispatched', 'dispatched', 'edge-dept', t + 200 * MINUTE),
        row(a, 5, 'report-back', t + 80 * MINUTE, 'dispatched', 'handled', 'edge-dept', t + 200 * MINUTE),
        row(a, 6, 'verify', t + 300 * MINUTE, 'handled', 'dispatched', 'edge-dept', t + 200 * MINUTE),
        row(a, 7, 'report-back', t + 310 * MINUTE, 'dispatched', 'handled', 'edge-dept', t + 200 * MINUTE),
      ],
    },
    {
      id: b,
      district: '440199',
      type: 'edge',
      rows: [
        row(b, 1, 'collect', t - 90 * MINUTE, null, 'reported', null),
        row(b, 2, 'file', t + 10 * MINUTE, 'reported', 'filed', null),
        row(b, 3, 'dispatch', PERIODS[1]!.to - 5 * MINUTE, 'filed', 'dispatched', 'edge-dept', PERIODS[1]!.to + DAY),
        row(b, 4, 'alarm-cleared', PERIODS[1]!.to + 5 * MINUTE, 'dispatched', 'dispatched', 'edge-dept', PERIODS[1]!.to + DAY),
        row(b, 5, 'report-back', PERIODS[1]!.to + 60 * MINUTE, 'dispatched', 'handled', 'edge-dept', PERIODS[1]!.to + DAY),
      ],
    },
    {
      // Filed in the week, dispatched by an instance whose clock was half an hour behind: before it.
      id: c,
      district: '440199',
      type: 'edge',
      rows: [
        row(c, 1, 'collect', t - 120 * MINUTE, null, 'reported', null),
        row(c, 2, 'file', t + 10 * MINUTE, 'reported', 'filed', null),
        row(c, 3, 'dispatch', t - 20 * MINUTE, 'filed', 'dispatched', 'edge-dept', t + 100 * MINUTE),
        row(c, 4, 'report-back', t + 30 * MINUTE, 'dispatched', 'handled', 'edge-dept', t + 100 * MINUTE),
      ],
    },
  ];
}

describe.each(['pglite', 'postgres'] as const)('the case evaluation on %s', (kind) => {
  let db: Database;
  let postgres: RunningPostgres | null = null;
  let dir = '';
  let rows: StepRow[] = [];
  const cases = new Map<string, { district: string; type: string | null }>();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-case-evaluation-test-'));
    postgres = kind === 'postgres' ? await startPostgres() : null;
    db = await openDatabase({ url: postgres?.url, dataDir: join(dir, 'pglite'), init: true });
  });
  afterAll(async () => {
    await db?.close().catch(() => undefined);
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the history and the hand-made cases, and reads every row back', async () => {
    const loaded = await loadHistory(db, generateHistory(options));
    expect(loaded).toMatchObject({ cases: COUNT, skipped: false });
    for (const h of handMade()) {
      await db.query(`insert into cases (id, version, state, record) values ($1, $2, $3, $4::jsonb)`, [h.id, h.rows.length, h.rows.at(-1)!.to, JSON.stringify({ id: h.id, district: h.district, type: h.type })]);
      for (const r of h.rows) {
        await db.query(`insert into case_steps (case_id, version, kind, at, actor, role, from_state, to_state, department, deadline, detail) values ($1, $2, $3, to_timestamp($4::float8 / 1000), $5, $6, $7, $8, $9, to_timestamp($10::float8 / 1000), $11)`, [r.case, r.version, r.kind, r.at, r.actor, r.role, r.from, r.to, r.department, r.deadline, r.detail]);
      }
    }
    // The planner's statistics, as autovacuum would gather them soon after a load (bench/cases.ts says why).
    await db.query('analyze case_steps, cases');
    // Read back in no particular order: evaluate() orders each case's steps by version itself.
    const read = await db.query<{ case_id: string; version: number; kind: StepRow['kind']; at_ms: number; from_state: StepRow['from']; to_state: StepRow['to']; department: string | null; deadline_ms: number | null }>(
      `select case_id, version, kind, (extract(epoch from at) * 1000)::float8 as at_ms, from_state, to_state, department, (extract(epoch from deadline) * 1000)::float8 as deadline_ms from case_steps`,
    );
    rows = read.map((r) => ({ case: r.case_id, version: r.version, kind: r.kind, at: r.at_ms, actor: '', role: 'system', from: r.from_state, to: r.to_state, department: r.department, deadline: r.deadline_ms, detail: null }));
    for (const c of await db.query<{ id: string; district: string; type: string | null }>(`select id, record->>'district' as district, record->>'type' as type from cases`)) cases.set(c.id, { district: c.district, type: c.type });
    expect(rows.length).toBe(loaded.steps + handMade().reduce((n, h) => n + h.rows.length, 0));
  });

  for (const period of PERIODS) {
    it.each(EVALUATION_BYS)(`counts the evaluation over ${period.name} by %s as evaluate() and ratesOf() do`, async (by) => {
      const started = performance.now();
      const answer = await evaluationAnswer(db, period.from, period.to, by);
      const ms = performance.now() - started;
      console.log(`${kind}: evaluation over ${period.name} of ${COUNT.toLocaleString('en')} cases by ${by}: ${ms.toFixed(0)} ms, ${answer.rows.length} groups`);
      expect(answer).toMatchObject({ from: period.from, to: period.to, by });
      const groupOf: GroupOf = by === 'department' ? (r) => r.department : (r) => cases.get(r.case)![by];
      const recount = recounted(rows, period.from, period.to, groupOf);
      expect(differences(answer.rows, recount)).toEqual([]);
      // The comparison sees a figure off by a little (it can fail).
      expect(differences(answer.rows, recount.map((r, i) => (i === 0 ? { ...r, onTime: (r.onTime ?? 0) + 1e-6 } : r)))).toHaveLength(1);
      // Not an empty agreement: several groups, each rate somewhere, the hand-made group among them.
      // (A department has no closure rate: a case is filed before it has a department.)
      expect(answer.rows.length).toBeGreaterThan(3);
      const rates = by === 'department' ? (['onTime', 'rework', 'sentBack'] as const) : (['onTime', 'closure', 'rework', 'sentBack'] as const);
      for (const rate of rates) expect(answer.rows.some((r) => (r[rate] ?? 0) > 0)).toBe(true);
      expect(answer.rows.map((r) => r.group)).toContain({ department: 'edge-dept', district: '440199', type: 'edge' }[by]);
    });
  }

  it.each(PERIODS)('counts the funnel of the cases reported over $name as a recount of their steps does', async ({ from, to }) => {
    const answer = await funnelAnswer(db, from, to);
    const reached: Record<(typeof FUNNEL_STAGES)[number], (r: StepRow) => boolean> = {
      reported: (r) => r.kind === 'collect',
      filed: (r) => r.kind === 'file',
      dispatched: (r) => r.kind === 'dispatch',
      handled: (r) => r.kind === 'report-back',
      closed: (r) => r.kind === 'verify' && r.to === 'closed',
    };
    const cohort = new Set(rows.filter((r) => r.kind === 'collect' && r.at >= from && r.at < to).map((r) => r.case));
    const ofCohort = rows.filter((r) => cohort.has(r.case));
    const recount = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, new Set(ofCohort.filter(reached[s]).map((r) => r.case)).size]));
    expect(answer).toEqual({ from, to, ...recount });
    // A cohort narrows from stage to stage.
    expect(FUNNEL_STAGES.map((s) => answer[s])).toEqual(FUNNEL_STAGES.map((s) => answer[s]).toSorted((a, b) => b - a));
    expect(answer.closed).toBeGreaterThan(0);
  });
});
