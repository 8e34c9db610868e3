/**
 * The closed history the service loads on its first start (src/domains/cases/server/history.ts),
 * loaded into the embedded PGlite and into a real PostgreSQL server: every case and step lands,
 * a second load leaves the tables alone, and the case store reads a loaded case back as it was
 * generated. The load time per 1,000 cases is printed, not asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/domains/cases/caseLoop.ts';
import { CaseStore } from '../../src/domains/cases/server/caseStore.ts';
import { generateHistory, loadHistory, type HistoryCase } from '../../src/domains/cases/server/history.ts';
import { openDatabase, type Database } from '../../server/ops/database.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';
import { calendar, caseHistoryOptions } from '../../scripts/harness/caseHistory.ts';

const COUNT = 20_000;
const options = caseHistoryOptions(COUNT);

describe.each(['pglite', 'postgres'] as const)('the case history on %s', (kind) => {
  let db: Database;
  let postgres: RunningPostgres | null = null;
  let dir = '';
  let generated: HistoryCase[] = [];
  let generatingMs = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-case-history-test-'));
    postgres = kind === 'postgres' ? await startPostgres() : null;
    db = await openDatabase({ url: postgres?.url, dataDir: join(dir, 'pglite'), init: true });
    // Generated apart from the load, so that the two times are told apart.
    const started = performance.now();
    generated = [...generateHistory(options)];
    generatingMs = performance.now() - started;
  });
  afterAll(async () => {
    await db?.close().catch(() => undefined);
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads every case and every step', async () => {
    // Batches that do not divide the count: the last one is short.
    const loaded = await loadHistory(db, generated, { batchSize: 1_500 });
    const steps = generated.reduce((n, h) => n + h.rows.length, 0);
    expect(loaded).toMatchObject({ cases: COUNT, steps, skipped: false });
    const [counts] = await db.query<{ cases: number; steps: number }>('select (select count(*) from cases)::int as cases, (select count(*) from case_steps)::int as steps');
    expect(counts).toEqual({ cases: COUNT, steps });
    const per = (ms: number): string => `${(ms / (COUNT / 1000)).toFixed(0)} ms per 1,000 cases (about ${((ms / COUNT) * 120).toFixed(0)} s for 120,000)`;
    console.log(`${kind}: ${COUNT} cases, ${steps} steps: generated in ${per(generatingMs)}, loaded in ${per(loaded.ms)}`);
  });

  it('leaves a table that holds cases alone: a restart loads nothing twice', async () => {
    const again = await loadHistory(db, generateHistory({ ...options, seed: 1 }));
    expect(again).toMatchObject({ cases: 0, steps: 0, skipped: true });
    const [counts] = await db.query<{ cases: number }>('select count(*)::int as cases from cases');
    expect(counts?.cases).toBe(COUNT);
  });

  it('reads a loaded case and its timeline back as generated', async () => {
    const store = new CaseStore(db, calendar, (_type, urgency) => DEFAULT_LIMITS[urgency]);
    const reworked = generated.find((h) => h.rows.some((r) => r.kind === 'verify' && r.to === 'dispatched'))!;
    const extended = generated.find((h) => h.rows.some((r) => r.kind === 'request-extension'))!;
    const picks = [generated[0]!, generated[COUNT - 1]!, reworked, extended, ...['rejected', 'merged'].map((s) => generated.find((h) => h.case.state === s)!)];
    for (const h of picks) {
      expect(await store.get(h.case.id)).toEqual(h.case);
      expect(await store.steps(h.case.id)).toEqual(h.rows);
    }
  });
});
