/**
 * The operations service's database: PostgreSQL, either embedded (PGlite: PostgreSQL compiled to
 * WebAssembly, with its data folder on disk, so `npm start` needs nothing installed) or a server
 * named by DATABASE_URL in production. Both run the same SQL and the same migrations.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { claimIdentity, defaultStateFile, identityProblem, isEmpty, readStateFile, refuseMissing } from './databaseIdentity.ts';

export interface Database {
  kind: 'pglite' | 'postgres';
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs several statements as one simple query, which PostgreSQL applies as one transaction. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Null while this is still the database it was at open; else what happened to it (its data
   * folder deleted or replaced, another database at its address). The service raises it as a
   * system alarm.
   */
  verify(): Promise<string | null>;
}

/**
 * The migrations, in order; each runs once, with its record in schema_migrations, as one
 * transaction. Append, never edit: a deployed database has run the old ones.
 */
export const MIGRATIONS: readonly string[] = [
  `create table alarm_audit (
     seq bigserial primary key,
     at timestamptz not null,
     alarm text not null,
     district text not null,
     kind text not null,
     event text not null,
     from_state text not null,
     to_state text not null,
     actor text not null,
     reason text,
     command_id text,
     value double precision,
     instance text not null,
     record jsonb
   );
   create index alarm_audit_alarm on alarm_audit (alarm, seq);
   create index alarm_audit_at on alarm_audit (at);
   create table command_log (
     seq bigserial primary key,
     at timestamptz not null,
     command_id text,
     operator text,
     op text,
     alarm text,
     outcome text not null,
     detail text,
     instance text not null
   );
   create index command_log_at on command_log (at);`,
  // Muck-truck violations (src/domains/trucks/server/truckGovernance.ts): one row per violation, its record as
  // published; ended_at is null while it is open.
  `create table truck_violations (
     id text primary key,
     truck text not null,
     company text not null,
     rule text not null,
     zone text,
     district text,
     cell text,
     started_at timestamptz not null,
     ended_at timestamptz,
     record jsonb not null
   );
   create index truck_violations_started on truck_violations (started_at);
   create index truck_violations_open on truck_violations (ended_at) where ended_at is null`,
  // Each owned truck's accepted fixes, one per 15 s, for the replay of its day; kept 8 days.
  `create table truck_fixes (
     truck text not null,
     at timestamptz not null,
     lon double precision not null,
     lat double precision not null,
     speed real not null
   );
   create index truck_fixes_truck_at on truck_fixes (truck, at)`,
  // The enterprises of the panoramas, for search by name or credit code (src/domains/panorama/server/enterpriseSearch.ts):
  // loaded from the panorama files on the first search, and again when those files change.
  `create table panorama_enterprises (
     code text primary key collate "C",
     name text not null,
     industry text not null,
     status text not null,
     cell integer not null,
     lon double precision not null,
     lat double precision not null
   );
   create table panorama_meta (key text primary key, value text not null)`,
  // The database's identity, made once at its creation (./databaseIdentity.ts): a database lost or
  // replaced under the service is told from the one it expected.
  `create table database_identity (
     singleton boolean primary key default true check (singleton),
     id uuid not null default gen_random_uuid(),
     created_at timestamptz not null default now()
   );
   insert into database_identity default values`,
  // The case loop (src/domains/cases/server/caseStore.ts): every applied step a row, never updated;
  // the case's current record beside it, written by the same statement.
  `create table case_steps (
     seq bigserial primary key,
     case_id text not null,
     version integer not null,
     kind text not null,
     at timestamptz not null,
     actor text not null,
     role text not null,
     from_state text,
     to_state text not null,
     department text,
     deadline timestamptz,
     detail text,
     unique (case_id, version)
   );
   create index case_steps_at on case_steps (at);
   create table cases (
     id text primary key,
     version integer not null,
     state text not null,
     record jsonb not null
   );
   create index cases_open on cases (state) where state not in ('closed', 'rejected', 'merged')`,
];

export async function migrate(db: Database): Promise<number> {
  await db.query('create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())');
  const done = new Set((await db.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version));
  let applied = 0;
  for (const [i, sql] of MIGRATIONS.entries()) {
    const version = i + 1;
    if (done.has(version)) continue;
    // The migration and its record in one multi-statement query: both land, or neither.
    await db.exec(`${sql};\ninsert into schema_migrations (version) values (${version})`);
    applied++;
  }
  return applied;
}

/**
 * The audit trail is the owner's only: the folder 0700 and what is in it 0600 (PGlite writes its
 * files 0666, and a folder left by an older version was 0755). Files PGlite makes later are still
 * 0666, but nobody else can reach them through the 0700 folder.
 */
function ownerOnly(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) ownerOnly(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}

/** PGlite in a data folder (created when missing); `memory://` keeps it in memory. */
export async function openPglite(dataDir: string): Promise<Database> {
  const onDisk = !dataDir.startsWith('memory://');
  if (onDisk) ownerOnly(dataDir);
  // PGlite keeps working on files it has open after its folder is deleted: the folder's inode tells.
  const inode = onDisk ? statSync(dataDir).ino : 0;
  const db = await PGlite.create(dataDir);
  // PGlite runs one query at a time: a chain keeps callers in order.
  let chain: Promise<unknown> = Promise.resolve();
  const queued = <T>(run: () => Promise<T>): Promise<T> => {
    const next = chain.then(run);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    kind: 'pglite',
    query: <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => queued(async () => (await db.query<R>(sql, params)).rows),
    exec: (sql) => queued(async () => void (await db.exec(sql))),
    close: () => db.close(),
    verify: async () => {
      if (!onDisk) return null;
      if (!existsSync(dataDir)) return `the data folder ${dataDir} was deleted under the service: nothing written from now on survives a restart`;
      return statSync(dataDir).ino === inode ? null : `the data folder ${dataDir} was replaced under the service`;
    },
  };
}

/**
 * A PostgreSQL server. The pool reconnects on its own, so a restarted server costs the queries
 * made while it was down (which the audit log holds and retries), not the service.
 */
export function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3000 });
  // An idle client that loses its server emits here; the next query gets a fresh one.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    query: async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as R[],
    exec: async (sql) => void (await pool.query(sql)),
    close: () => pool.end(),
    // The server's own files are its business; openDatabase adds the identity check.
    verify: async () => null,
  };
}

export interface OpenOptions {
  /** DATABASE_URL: a PostgreSQL server. */
  url?: string;
  /** Else the embedded PGlite's data folder. */
  dataDir: string;
  /**
   * Where the identity of the database in use is recorded (databaseIdentity.ts); default: beside
   * the embedded data folder; none for a server unless named (OPS_STATE_FILE in main.ts).
   */
  stateFile?: string;
  /** Accept an empty or other database where the state file expects one (default: OPS_INIT=1). */
  init?: boolean;
}

/**
 * DATABASE_URL when set (production), else the embedded PGlite in `dataDir`; migrated either way.
 * Refuses (DatabaseIdentityError) a database missing, empty or other than the state file records.
 */
export async function openDatabase(o: OpenOptions): Promise<Database> {
  const stateFile = o.stateFile ?? (o.url || o.dataDir.startsWith('memory://') ? undefined : defaultStateFile(o.dataDir));
  const expected = stateFile ? readStateFile(stateFile) : null;
  // The environment too, so that every way of starting the service (npm start, main.ts) takes it.
  const init = o.init ?? process.env.OPS_INIT === '1';
  const where = o.url ? 'the server’s database' : `the data folder ${o.dataDir}`;
  // A missing folder is refused before PGlite creates an empty one in its place.
  if (!init && !o.url && !existsSync(o.dataDir)) refuseMissing(expected, true, stateFile!, where);
  const db = o.url ? openPostgres(o.url) : await openPglite(o.dataDir);
  try {
    if (!init) refuseMissing(expected, await isEmpty(db), stateFile!, where);
    await migrate(db);
    const id = await claimIdentity(db, stateFile, expected, init);
    const files = db.verify;
    return { ...db, verify: async () => (await files()) ?? (await identityProblem(db, id)) };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
