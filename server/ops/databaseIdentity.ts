/**
 * Which database the operations service writes to, so that losing it is never silent. Migration 5
 * gives every database an identity row at its creation; a state file outside the database records
 * the identity the service last used. At start, an empty or other database where the state file
 * expects one is refused (unless asked for with --init / OPS_INIT=1); while running, a database
 * replaced or deleted under the service is reported by `verify`, which the service raises as a
 * system alarm.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export class DatabaseIdentityError extends Error {
  override name = 'DatabaseIdentityError';
}

interface StateFile {
  identity: string;
  createdAt: string;
  database: 'pglite' | 'postgres';
}

interface Queryable {
  kind: 'pglite' | 'postgres';
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** The state file beside an embedded data folder: deleting the folder leaves it behind. */
export const defaultStateFile = (dataDir: string): string => `${dataDir.replace(/\/+$/, '')}.identity.json`;

export function readStateFile(path: string): StateFile | null {
  if (!existsSync(path)) return null;
  let v: Partial<StateFile>;
  try {
    v = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateFile>;
  } catch (e) {
    throw new DatabaseIdentityError(`${path} is not readable JSON (${(e as Error).message}): restore it, or start with --init (OPS_INIT=1) to record the database anew`);
  }
  if (typeof v.identity !== 'string') throw new DatabaseIdentityError(`${path} names no database identity: restore it, or start with --init (OPS_INIT=1)`);
  return v as StateFile;
}

/** Whether the database has never been migrated (a new server database or data folder). */
export async function isEmpty(db: Queryable): Promise<boolean> {
  const r = await db.query<{ present: boolean }>(`select to_regclass('schema_migrations') is not null as present`);
  return !r[0]?.present;
}

export async function readIdentity(db: Queryable): Promise<{ id: string; createdAt: Date }> {
  const r = await db.query<{ id: string; created_at: Date }>('select id::text as id, created_at from database_identity');
  if (r.length !== 1) throw new DatabaseIdentityError(`the database holds ${r.length} identity rows, not one`);
  return { id: r[0]!.id, createdAt: r[0]!.created_at };
}

/** Refuses an empty database where `expected` names one, before anything is created in it. */
export function refuseMissing(expected: StateFile | null, empty: boolean, stateFile: string, where: string): void {
  if (!expected || !empty) return;
  throw new DatabaseIdentityError(
    `the audit database ${expected.identity} (created ${expected.createdAt}, recorded in ${stateFile}) was expected, but ${where} is missing or empty: ` +
      'its open alarms and audit trail would be lost without a word. Restore it, or start with --init (OPS_INIT=1) to begin an empty one on purpose.',
  );
}

/** Checks the migrated database against the state file, then records it there (mode 0600). */
export async function claimIdentity(db: Queryable, stateFile: string | undefined, expected: StateFile | null, init: boolean): Promise<string> {
  const { id, createdAt } = await readIdentity(db);
  if (expected && expected.identity !== id && !init) {
    throw new DatabaseIdentityError(`the audit database is ${id} (created ${createdAt.toISOString()}), not ${expected.identity} as ${stateFile} records: another database was put in its place. Restore it, or start with --init (OPS_INIT=1) to use this one.`);
  }
  if (stateFile && expected?.identity !== id) {
    writeFileSync(stateFile, `${JSON.stringify({ identity: id, createdAt: createdAt.toISOString(), database: db.kind } satisfies StateFile, null, 2)}\n`, { mode: 0o600 });
  }
  return id;
}

/** Null while the database is still `id`; else what happened to it. An outage is not this check's business. */
export async function identityProblem(db: Queryable, id: string): Promise<string | null> {
  try {
    const now = await readIdentity(db);
    return now.id === id ? null : `the audit database was replaced under the service: it is now ${now.id}, not ${id}`;
  } catch (e) {
    if (e instanceof DatabaseIdentityError) return `the audit database changed under the service: ${e.message}`;
    // 42P01: the identity table is gone (the database was emptied or recreated).
    if ((e as { code?: string }).code === '42P01') return `the audit database changed under the service: its identity table is gone (${(e as Error).message})`;
    return null;
  }
}
