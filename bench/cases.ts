/**
 * `npm run bench:cases`: the case loop's record and its evaluation, on the embedded PGlite and on
 * PostgreSQL, each beside its baseline in the same run.
 *   (a) Steps per second through CaseStore (a whole loop per case: collect, file, dispatch, report
 *       back, verify; each step one read and one statement that writes the case and its row),
 *       against a bare multi-row INSERT of the same rows into a copy of case_steps.
 *   (b) The evaluation (src/domains/cases/server/evaluationQuery.ts) over a month of generated
 *       cases (their load timed first), by department, district and type, against reading the
 *       steps out and running evaluate() and ratesOf() in Node; the two answers are compared.
 * Runs in about two and a half minutes on two cores.
 *
 * Options: --cases 120000  --loops 1000  --runs 3
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS, type Actor, type Step, type StepRow } from '../src/domains/cases/caseLoop.ts';
import { CaseStore } from '../src/domains/cases/server/caseStore.ts';
import { EVALUATION_BYS, type CaseEvaluation, type EvaluationBy } from '../src/domains/cases/evaluationContract.ts';
import { evaluationAnswer } from '../src/domains/cases/server/evaluationQuery.ts';
import { generateHistory, loadHistory, type HistoryCase } from '../src/domains/cases/server/history.ts';
import { openDatabase, type Database } from '../server/ops/database.ts';
import { calendar, caseHistoryOptions, differences, recounted } from '../scripts/harness/caseHistory.ts';
import { startPostgres } from '../scripts/harness/postgresServer.ts';
import { median } from './median.ts';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '120000' }, loops: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' } } });
const CASES = Number(values.cases);
const LOOPS = Number(values.loops);
const RUNS = Number(values.runs);
const MINUTE = 60_000;
const options = caseHistoryOptions(CASES);
const period = { from: options.end - 30 * 86_400_000, to: options.end + 1 };

const hotline: Actor = { login: 'bench-hotline', role: 'hotline' };
const dispatcher: Actor = { login: 'bench-dispatcher', role: 'dispatcher' };
const handler: Actor = { login: 'bench-water', role: 'handler', department: 'water' };
const inspector: Actor = { login: 'bench-inspector', role: 'inspector', cells: ['C1'] };
const LOOP: [Step, Actor][] = [
  [{ kind: 'file', type: 'noise', urgency: 'normal' }, dispatcher],
  [{ kind: 'dispatch', department: 'water' }, dispatcher],
  [{ kind: 'report-back', note: '已处理', photos: [] }, handler],
  [{ kind: 'verify', pass: true }, inspector],
];

/** (a) Loops through the store, then the same rows in one multi-row INSERT per 1,000 into a copy of case_steps. */
async function stepRates(db: Database): Promise<{ store: number; bare: number }> {
  const store = new CaseStore(db, calendar, (_type, urgency) => DEFAULT_LIMITS[urgency]);
  const start = options.end + 86_400_000;
  const t0 = performance.now();
  for (let i = 0; i < LOOPS; i++) {
    const id = `AJB${String(i).padStart(7, '0')}`;
    const at = start + i * MINUTE;
    const made = await store.collect({ id, source: 'hotline', cell: 'C1', district: '440106', lon: 113.33, lat: 23.13, reportedAt: at, description: '噪声扰民', caller: '13800138000', photos: [], origin: null, type: 'noise' }, hotline);
    if (!made.ok) throw new Error(made.reason);
    for (const [k, [step, actor]] of LOOP.entries()) {
      const r = await store.step(id, step, k + 1, actor, at + (k + 1) * 10_000);
      if (!r.ok) throw new Error(r.reason);
    }
  }
  const storeMs = performance.now() - t0;
  const rows = await db.query<Record<string, unknown>>(`select case_id, version, kind, at, actor, role, from_state, to_state, department, deadline, detail from case_steps where case_id like 'AJB%'`);
  await db.query('create table case_steps_bare (like case_steps including all)');
  const columns = Object.keys(rows[0]!);
  const t1 = performance.now();
  for (let k = 0; k < rows.length; k += 1000) {
    const batch = rows.slice(k, k + 1000);
    const tuples = batch.map((_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    await db.query(`insert into case_steps_bare (${columns.join(', ')}) values ${tuples.join(', ')}`, batch.flatMap((r) => columns.map((c) => r[c])));
  }
  const bareMs = performance.now() - t1;
  await db.query('drop table case_steps_bare');
  return { store: rows.length / (storeMs / 1000), bare: rows.length / (bareMs / 1000) };
}

/** The baseline: every step of the period's cases read out, and evaluate() and ratesOf() in Node. */
async function inNode(db: Database, by: EvaluationBy): Promise<CaseEvaluation['rows']> {
  const read = await db.query<{ case_id: string; version: number; kind: StepRow['kind']; at: Date; from_state: StepRow['from']; to_state: StepRow['to']; department: string | null; deadline: Date | null; g: string | null }>(
    `select s.case_id, s.version, s.kind, s.at, s.from_state, s.to_state, s.department, s.deadline, ${by === 'department' ? 'null' : `c.record->>'${by}'`} as g
     from case_steps s ${by === 'department' ? '' : 'join cases c on c.id = s.case_id'}
     where s.case_id in (select case_id from case_steps where at >= to_timestamp($1::float8 / 1000) and at < to_timestamp($2::float8 / 1000))`,
    [period.from, period.to],
  );
  const groups = new Map<string, string | null>();
  const rows: StepRow[] = read.map((r) => {
    groups.set(r.case_id, r.g);
    return { case: r.case_id, version: r.version, kind: r.kind, at: r.at.getTime(), actor: '', role: 'system', from: r.from_state, to: r.to_state, department: r.department, deadline: r.deadline?.getTime() ?? null, detail: null };
  });
  return recounted(rows, period.from, period.to, by === 'department' ? (r) => r.department : (r) => groups.get(r.case) ?? null);
}

/**
 * Each `by` counted by SQL RUNS times (the median) and once the baseline's way (ten times as long,
 * so one run keeps the bench within minutes), with whether the two answers agree.
 */
async function evaluationTimes(db: Database): Promise<{ by: EvaluationBy; sql: number; node: number; agree: boolean }[]> {
  const out = [];
  for (const by of EVALUATION_BYS) {
    const sql: number[] = [];
    let answer: CaseEvaluation | null = null;
    for (let k = 0; k < RUNS; k++) {
      const t0 = performance.now();
      answer = await evaluationAnswer(db, period.from, period.to, by);
      sql.push(performance.now() - t0);
    }
    const t1 = performance.now();
    const baseline = await inNode(db, by);
    out.push({ by, sql: median(sql), node: performance.now() - t1, agree: differences(answer!.rows, baseline).length === 0 });
  }
  return out;
}

interface Measured {
  load: { ms: number; steps: number };
  evaluation: Awaited<ReturnType<typeof evaluationTimes>>;
  steps: Awaited<ReturnType<typeof stepRates>>;
}

async function measure(db: Database, history: readonly HistoryCase[]): Promise<Measured> {
  const loaded = await loadHistory(db, history);
  // The planner's statistics, as autovacuum would gather them within a minute of a load on a
  // server (PGlite has no autovacuum): without them it misjudges the joins by orders of magnitude.
  await db.query('analyze case_steps, cases');
  const evaluation = await evaluationTimes(db);
  const steps = await stepRates(db);
  return { load: { ms: loaded.ms, steps: loaded.steps }, evaluation, steps };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const row = (label: string, a: string, b: string): string => `${label.padEnd(46)}${a.padStart(22)}${b.padStart(22)}`;
const dir = mkdtempSync(join(tmpdir(), 'canton-bench-cases-'));
const postgres = await startPostgres();
try {
  const t0 = performance.now();
  const history = [...generateHistory(options)];
  console.log(`bench:cases: ${fmt(CASES)} generated cases over 30 days (${fmt((performance.now() - t0) / 1000)} s to generate), ${fmt(LOOPS)} loops through the store, SQL medians of ${RUNS} runs\n`);
  const figures: Record<string, Measured> = {};
  for (const [name, open] of [
    ['PGlite', () => openDatabase({ dataDir: join(dir, 'pglite'), init: true })],
    ['PostgreSQL', () => openDatabase({ url: postgres.url, dataDir: '', init: true })],
  ] as const) {
    const db = await open();
    try {
      figures[name] = await measure(db, history);
    } finally {
      await db.close();
    }
  }
  const [lite, pg] = [figures.PGlite!, figures.PostgreSQL!];
  const rate = (f: Measured['steps']): [string, string, string] => [`${fmt(f.store)}/s`, `${fmt(f.bare)}/s`, `${(f.store / f.bare).toFixed(3)}×`];
  const [ls, ps] = [rate(lite.steps), rate(pg.steps)];
  const lines = [
    row('', 'PGlite', 'PostgreSQL'),
    row('(a) step rows, CaseStore (a loop per case)', ls[0], ps[0]),
    row('    baseline: bare multi-row INSERT', ls[1], ps[1]),
    row('    store / baseline', ls[2], ps[2]),
    row(`(b) load ${fmt(CASES)} cases (loadHistory)`, `${(lite.load.ms / 1000).toFixed(1)} s`, `${(pg.load.ms / 1000).toFixed(1)} s`),
    row('    steps loaded', fmt(lite.load.steps), fmt(pg.load.steps)),
  ];
  for (const [k, by] of EVALUATION_BYS.entries()) {
    const [l, p] = [lite.evaluation[k]!, pg.evaluation[k]!];
    lines.push(row(`    evaluation by ${by}, SQL`, `${fmt(l.sql)} ms`, `${fmt(p.sql)} ms`));
    lines.push(row('      baseline: rows read out, evaluate() in Node', `${fmt(l.node)} ms`, `${fmt(p.node)} ms`));
    lines.push(row('      baseline / SQL (answers agree)', `${(l.node / l.sql).toFixed(1)}× (${l.agree ? 'yes' : 'NO'})`, `${(p.node / p.sql).toFixed(1)}× (${p.agree ? 'yes' : 'NO'})`));
  }
  console.log(lines.join('\n'));
  if (EVALUATION_BYS.some((_, k) => !lite.evaluation[k]!.agree || !pg.evaluation[k]!.agree)) process.exitCode = 1;
} finally {
  await postgres.destroy();
  rmSync(dir, { recursive: true, force: true });
}
