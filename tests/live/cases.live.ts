/**
 * The case loop's record, the same tests on the embedded PGlite and on a real PostgreSQL server:
 * one row per applied step and the case beside it, never half-applied; two dispatchers at once,
 * one wins; a duplicate case and a stale step refused; the database gone, the step refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Actor } from '../../src/domains/cases/caseLoop.ts';
import { CaseStore } from '../../src/domains/cases/server/caseStore.ts';
import { calendarSchema, WorkingCalendar } from '../../src/domains/cases/workingCalendar.ts';
import { openDatabase, type Database } from '../../server/ops/database.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';

const calendar = new WorkingCalendar(calendarSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../public/cities/guangzhou/calendar.json'), 'utf8'))));
const cst = (iso: string): number => Date.parse(`${iso}+08:00`);
const hotline: Actor = { login: 'wang', role: 'hotline' };
const dispatcher: Actor = { login: 'chen', role: 'dispatcher' };
const water: Actor = { login: 'lin', role: 'handler', department: 'water' };
const inspector: Actor = { login: 'liu', role: 'inspector', cells: ['C1'] };
const call = (id: string) => ({ id, source: 'hotline' as const, cell: 'C1', district: '440106', lon: 113.33, lat: 23.13, reportedAt: cst('2026-12-07T09:00'), description: '噪声扰民', caller: '13800138000', photos: [], origin: null, type: 'noise' });

describe.each(['pglite', 'postgres'] as const)('the case record on %s', (kind) => {
  let db: Database;
  let store: CaseStore;
  let postgres: RunningPostgres | null = null;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-cases-test-'));
    postgres = kind === 'postgres' ? await startPostgres() : null;
    db = await openDatabase({ url: postgres?.url, dataDir: join(dir, 'pglite'), init: true });
    store = new CaseStore(db, calendar, (_type, urgency) => DEFAULT_LIMITS[urgency]);
  });
  afterAll(async () => {
    await db?.close().catch(() => undefined);
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one row per applied step and the case beside it, through to closure', async () => {
    expect(await store.collect(call('AJ1'), hotline)).toMatchObject({ ok: true });
    const steps = [
      [{ kind: 'file', type: 'noise', urgency: 'urgent' }, dispatcher, '09:05'],
      [{ kind: 'dispatch', department: 'water' }, dispatcher, '09:10'],
      [{ kind: 'report-back', note: '已处理 <b>not markup</b>', photos: ['p1'] }, water, '10:00'],
      [{ kind: 'verify', pass: true }, inspector, '11:00'],
    ] as const;
    for (const [step, actor, at] of steps) {
      const c = (await store.get('AJ1'))!;
      expect(await store.step('AJ1', step, c.version, actor, cst(`2026-12-07T${at}`))).toMatchObject({ ok: true });
    }
    const c = await store.get('AJ1');
    expect(c).toMatchObject({ state: 'closed', version: 5, department: 'water', deadline: cst('2026-12-07T11:10') });
    const timeline = await store.steps('AJ1');
    expect(timeline.map((r) => [r.kind, r.from, r.to, r.actor])).toEqual([
      ['collect', null, 'reported', 'wang'],
      ['file', 'reported', 'filed', 'chen'],
      ['dispatch', 'filed', 'dispatched', 'chen'],
      ['report-back', 'dispatched', 'handled', 'lin'],
      ['verify', 'handled', 'closed', 'liu'],
    ]);
    expect(timeline[3]).toMatchObject({ at: cst('2026-12-07T10:00'), deadline: cst('2026-12-07T11:10'), detail: '已处理 <b>not markup</b>' });
  });

  it('refuses a duplicate case, a stale step and an illegal one, and writes nothing for them', async () => {
    expect(await store.collect(call('AJ1'), hotline)).toEqual({ ok: false, refusal: 'state', reason: 'case AJ1 exists already' });
    await store.collect(call('AJ2'), hotline);
    expect(await store.step('AJ2', { kind: 'dispatch', department: 'water' }, 1, dispatcher, cst('2026-12-07T09:05'))).toMatchObject({ ok: false, reason: 'dispatch is not allowed on a reported case' });
    expect(await store.step('AJ2', { kind: 'reject', reason: 'duplicate' }, 0, dispatcher, cst('2026-12-07T09:05'))).toMatchObject({ ok: false, current: { version: 1, state: 'reported' } });
    expect(await store.step('AJ9', { kind: 'reject', reason: 'x' }, 1, dispatcher, cst('2026-12-07T09:05'))).toEqual({ ok: false, refusal: 'reach', reason: 'no case AJ9' });
    expect((await store.steps('AJ2')).length).toBe(1);
  });

  it('lets one of two dispatchers acting at once win; the other is told the case changed', async () => {
    await store.collect(call('AJ3'), hotline);
    await store.step('AJ3', { kind: 'file', type: 'noise', urgency: 'normal' }, 1, dispatcher, cst('2026-12-07T09:05'));
    const [a, b] = await Promise.all([
      store.step('AJ3', { kind: 'dispatch', department: 'water' }, 2, dispatcher, cst('2026-12-07T09:10')),
      store.step('AJ3', { kind: 'dispatch', department: 'roads' }, 2, { login: 'zhou', role: 'dispatcher' }, cst('2026-12-07T09:10')),
    ]);
    expect([a.ok, b.ok].toSorted()).toEqual([false, true]);
    const lost = a.ok ? b : a;
    expect(lost).toMatchObject({ ok: false, reason: expect.stringMatching(/^case AJ3 changed \(version 3, not 2\): it is now dispatched$/) });
    expect((await store.steps('AJ3')).map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it('refuses a step while the database is gone, with its error, rather than queue it', async () => {
    await store.collect(call('AJ4'), hotline);
    await db.close();
    await expect(store.step('AJ4', { kind: 'reject', reason: 'x' }, 1, dispatcher, cst('2026-12-07T09:05'))).rejects.toThrow(/closed|after calling end/i);
  });
});
