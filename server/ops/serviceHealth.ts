/**
 * System alarms: what stops an operations-service instance doing its job, said loudly (the
 * console, the stats, and a retained message every screen can read) rather than found out later.
 * Checked at start and every few seconds: the audit database (still the one it started with,
 * databaseIdentity.ts) and the users file (without logins, every new login is refused).
 */
import { systemTopic, type SystemAlarm, type SystemProblem } from '../../src/live/opsContract.ts';
import type { Database } from './database.ts';
import { readUsers } from './users.ts';

export const HEALTH_CHECK_MS = 2000;

export class SystemAlarms {
  private readonly problems = new Map<SystemProblem, { detail: string; since: number }>();
  /** Raised since start, each cause counted once per raise. */
  raised = 0;

  constructor(
    private readonly prefix: string,
    private readonly instance: string,
    private readonly publish: (topic: string, payload: string | Buffer) => void,
    private readonly now: () => number,
  ) {}

  /** Raises (a detail) or clears (null) one cause; publishes when that changes anything. */
  set(code: SystemProblem, detail: string | null): void {
    const was = this.problems.get(code);
    if (detail === null) {
      if (!was) return;
      this.problems.delete(code);
      console.error(`operations service ${this.instance}: system alarm cleared: ${code}`);
    } else {
      if (was?.detail === detail) return;
      if (!was) this.raised++;
      this.problems.set(code, { detail, since: was?.since ?? this.now() });
      console.error(`operations service ${this.instance}: SYSTEM ALARM ${code}: ${detail}`);
    }
    this.republish();
  }

  get(code: SystemProblem): string | null {
    return this.problems.get(code)?.detail ?? null;
  }

  list(): SystemAlarm['problems'] {
    return [...this.problems].map(([code, p]) => ({ code, ...p }));
  }

  /** The retained state again (after a reconnect, the broker may have lost it). */
  republish(): void {
    const payload = this.problems.size === 0 ? Buffer.alloc(0) : JSON.stringify({ instance: this.instance, problems: this.list() } satisfies SystemAlarm);
    this.publish(systemTopic(this.prefix, this.instance), payload);
  }
}

/** One round of checks; each cause raised or cleared. */
export async function checkHealth(alarms: SystemAlarms, database: Database, usersDir: string): Promise<void> {
  alarms.set('database', await database.verify());
  let logins = 0;
  let where = usersDir;
  try {
    const users = readUsers(usersDir);
    logins = users.hashes.size;
    where = users.passwdPath;
  } catch (e) {
    where = `${usersDir} (${(e as Error).message})`;
  }
  alarms.set('users-file', logins > 0 ? null : `the users file ${where} is missing or has no logins: the brokers refuse every new login`);
}
