/**
 * The database suite, the same tests on the embedded PGlite and on a real PostgreSQL server (the
 * Debian package, started by the harness in a temporary folder): migrations, the audit trail's
 * writes and reads, and its bounded queue.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmBook } from '../../src/domains/alarms/alarmBook.ts';
import { AuditLog, transitionRow } from '../../src/domains/alarms/server/auditLog.ts';
import { migrate, MIGRATIONS, openDatabase, type Database } from '../../server/ops/database.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';

const sensors = { ids: ['WL-1', 'WL-2'], kinds: ['water-level', 'water-level'], props: [{ cell: '440105-0001', district: '440105' }, { cell: null, district: '440115' }] };

describe.each(['pglite', 'postgres'] as const)('the audit database on %s', (kind) => {
  let db: Database;
  let postgres: RunningPostgres | null = null;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-db-test-'));
    postgres = kind === 'postgres' ? await startPostgres() : null;
    db = await openDatabase({ url: postgres?.url, dataDir: join(dir, 'pglite') });
  });
  afterAll(async () => {
    await db?.close();
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs each migration once', async () => {
    expect(db.kind).toBe(kind);
    expect(await migrate(db)).toBe(0);
    const versions = await db.query<{ version: number }>('select version from schema_migrations order by version');
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('appends transitions and commands and reads an alarm’s history back in order', async () => {
    const book = new AlarmBook(sensors);
    const log = new AuditLog(db, 'test-1');
    const transitions = [...book.level({ index: 0, from: 0, to: 2, value: 4.321, ts: 1_000 }), ...book.level({ index: 0, from: 2, to: 0, value: 1, ts: 7_000 })];
    const acked = book.act({ id: 'cmd-db-000001', op: 'ack', alarm: 'WL-1', operator: 'zhang' }, 8_000);
    if (!acked.ok) throw new Error(acked.reason);
    for (const t of [...transitions, ...acked.transitions]) log.append(transitionRow(t, '440105', 'water-level'));
    log.command({ at: 8_000, command_id: 'cmd-db-000001', operator: 'zhang', op: 'ack', alarm: 'WL-1', outcome: 'applied', detail: null });
    await log.flush();
    expect(log.stats).toMatchObject({ written: 4, queued: 0, healthy: true });
    const rows = await db.query<{ event: string; to_state: string; actor: string; at: Date; record: { state: string } | null }>("select event, to_state, actor, at, record from alarm_audit where alarm = 'WL-1' order by seq");
    expect(rows.map((r) => [r.event, r.to_state, r.actor, r.at.getTime()])).toEqual([
      ['raise', 'unack', 'system', 1_000],
      ['return', 'rtn-unack', 'system', 7_000],
      ['ack', 'normal', 'zhang', 8_000],
    ]);
    expect(rows[1]!.record?.state).toBe('rtn-unack');
    expect(rows[2]!.record).toBeNull();
    const commands = await db.query<{ outcome: string; operator: string }>("select outcome, operator from command_log where command_id = 'cmd-db-000001'");
    expect(commands).toEqual([{ outcome: 'applied', operator: 'zhang' }]);
  });

  it('holds rows in a bounded queue while writes fail, counting what it drops', async () => {
    // A database that cannot take the rows: a table renamed away, on either engine.
    await db.query('alter table alarm_audit rename to alarm_audit_away');
    const log = new AuditLog(db, 'test-2', 5);
    const book = new AlarmBook(sensors);
    for (let k = 0; k < 4; k++) {
      for (const t of book.level({ index: 1, from: 0, to: 1, value: 1, ts: 10_000 + 2 * k })) log.append(transitionRow(t, '440115', 'water-level'));
      for (const t of book.level({ index: 1, from: 1, to: 0, value: 0, ts: 10_001 + 2 * k })) log.append(transitionRow(t, '440115', 'water-level'));
    }
    await log.flush();
    expect(log.stats).toMatchObject({ healthy: false, queued: 5, dropped: 3, written: 0 });
    expect(log.stats.lastError).toMatch(/alarm_audit/);
    await db.query('alter table alarm_audit_away rename to alarm_audit');
    await log.flush();
    expect(log.stats).toMatchObject({ healthy: true, queued: 0, written: 5 });
    const n = await db.query<{ n: number }>("select count(*)::int as n from alarm_audit where alarm = 'WL-2' and instance = 'test-2'");
    expect(n[0]!.n).toBe(5);
  });
});

describe.each(['pglite', 'postgres'] as const)('the audit database’s identity on %s', (kind) => {
  let postgres: RunningPostgres | null = null;
  let dir = '';
  let dataDir = '';
  let stateFile = '';
  const open = (init?: boolean): Promise<Database> => openDatabase({ url: postgres?.url, dataDir, stateFile, ...(init === undefined ? {} : { init }) });
  /** What a lost database looks like at the next start: a new folder, or an emptied server database. */
  const lose = async (): Promise<void> => {
    if (!postgres) return rmSync(dataDir, { recursive: true, force: true });
    const db = await openDatabase({ url: postgres.url, dataDir: '', stateFile: join(dir, 'unused.json') });
    await db.exec('drop schema public cascade; create schema public');
    await db.close();
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-db-identity-'));
    dataDir = join(dir, 'pglite');
    stateFile = join(dir, 'identity.json');
    postgres = kind === 'postgres' ? await startPostgres() : null;
  });
  afterAll(async () => {
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the database at its first start, and opens it again', async () => {
    const db = await open();
    const identity = (await db.query<{ id: string }>('select id::text as id from database_identity'))[0]!.id;
    await db.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ identity, database: kind });
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    await (await open()).close();
  });

  it('refuses to start on a missing or empty database where one was expected, and starts an empty one only with --init', async () => {
    const expected = JSON.parse(readFileSync(stateFile, 'utf8')) as { identity: string };
    await lose();
    await expect(open()).rejects.toThrow(new RegExp(`${expected.identity}.*was expected.*missing or empty.*--init`));
    // Nothing was created in the lost one's place (a server database keeps its emptied schema).
    expect(existsSync(dataDir)).toBe(false);
    const db = await open(true);
    await db.close();
    expect((JSON.parse(readFileSync(stateFile, 'utf8')) as { identity: string }).identity).not.toBe(expected.identity);
  });

  it('refuses another database in the place of the one recorded', async () => {
    const db = await open();
    await db.query('update database_identity set id = gen_random_uuid()');
    await db.close();
    await expect(open()).rejects.toThrow(/another database was put in its place/);
  });

  it('reports a database deleted or replaced under it while open', async () => {
    const db = await open(true);
    expect(await db.verify()).toBeNull();
    if (postgres) await db.query('update database_identity set id = gen_random_uuid()');
    else rmSync(dataDir, { recursive: true, force: true });
    expect(await db.verify()).toMatch(postgres ? /replaced under the service/ : /deleted under the service/);
    await db.close().catch(() => undefined);
  });
});

describe('the embedded PGlite’s files', () => {
  it('are the owner’s only: the folder 0700 and its files 0600, a folder left open by an older version included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canton-db-modes-'));
    const dataDir = join(dir, 'pglite');
    try {
      const modes = (): { dir: number; open: string[] } => {
        const open: string[] = [];
        const walk = (d: string): void => {
          for (const e of readdirSync(d, { withFileTypes: true })) {
            const p = join(d, e.name);
            if (e.isDirectory()) walk(p);
            if ((statSync(p).mode & 0o077) !== 0 && (e.isFile() || e.isDirectory()) && d !== dataDir) open.push(p);
          }
        };
        walk(dataDir);
        return { dir: statSync(dataDir).mode & 0o777, open };
      };
      let db = await openDatabase({ dataDir, init: true });
      await db.close();
      // As an older version left it: the folder 0755, everything in it readable and writable by all.
      chmodSync(dataDir, 0o755);
      const loosen = (d: string): void => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          chmodSync(join(d, e.name), e.isDirectory() ? 0o777 : 0o666);
          if (e.isDirectory()) loosen(join(d, e.name));
        }
      };
      loosen(dataDir);
      expect(modes().open.length).toBeGreaterThan(100);
      db = await openDatabase({ dataDir });
      await db.close();
      const after = modes();
      expect(after.dir).toBe(0o700);
      // What PGlite opened before the folder was tightened may be rewritten 0666, still behind the 0700 folder.
      expect(after.open.length).toBeLessThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
