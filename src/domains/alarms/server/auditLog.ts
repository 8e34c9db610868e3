/**
 * The audit trail: every alarm transition and every command, appended to the database in
 * batches. An alarm is announced only once its row is committed (afterWrite): a crash between the
 * two would otherwise lose an alarm that screens had already shown. Rows appended while a write is
 * in flight go together in the next one (a group commit), so a storm costs one write per round
 * trip, not one per alarm. When the database is down the service keeps alarming; rows wait in a
 * bounded queue (counted, and the oldest dropped, counted too, only if it overflows) and are
 * written once the database is back.
 */
import type { Alarm, Transition } from '../alarmBook.ts';
import type { Database } from '../../../../server/ops/database.ts';

export interface TransitionRow {
  at: number;
  alarm: string;
  district: string;
  kind: string;
  event: string;
  from_state: string;
  to_state: string;
  actor: string;
  reason: string | null;
  command_id: string | null;
  value: number | null;
  record: Alarm | null;
}

export interface CommandRow {
  at: number;
  command_id: string | null;
  operator: string | null;
  op: string | null;
  alarm: string | null;
  outcome: string;
  detail: string | null;
}

export interface AuditStats {
  written: number;
  queued: number;
  dropped: number;
  failures: number;
  lastError: string | null;
  /** Whether the last write reached the database. */
  healthy: boolean;
}

const BATCH = 2000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;

export function transitionRow(t: Transition, district: string, kind: string): TransitionRow {
  return { at: t.at, alarm: t.alarm, district, kind, event: t.event, from_state: t.from, to_state: t.to, actor: t.by, reason: t.reason, command_id: t.command, value: t.value, record: t.record };
}

export class AuditLog {
  private transitions: TransitionRow[] = [];
  private commands: CommandRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private retryMs = 0;
  private stopped = false;
  /** Rows at the head of each queue that a write in flight is sending: trimming leaves them. */
  private inflight = { transitions: 0, commands: 0 };
  /** Rows ever appended to each queue, and of them those that left it (written or dropped). */
  private appended = { transitions: 0, commands: 0 };
  private settled = { transitions: 0, commands: 0 };
  /** Announcements waiting for the rows appended before them, in order. */
  private waiters: { t: number; c: number; announce: () => void }[] = [];
  private kicked = false;
  private abandoned = false;
  /** Set while the database is not the one the service started with (databaseIdentity.ts). */
  private problem: string | null = null;
  readonly stats: AuditStats = { written: 0, queued: 0, dropped: 0, failures: 0, lastError: null, healthy: true };

  constructor(
    private readonly db: Database,
    private readonly instance: string,
    private readonly maxQueue = 200_000,
  ) {}

  append(row: TransitionRow): void {
    this.transitions.push(row);
    this.appended.transitions++;
    this.trim();
  }

  command(row: CommandRow): void {
    this.commands.push(row);
    this.appended.commands++;
    this.trim();
  }

  /**
   * Runs `announce` once every row appended so far is committed, in the order of the calls. While
   * the database is failing it runs at once: the alarms go on (the audit reports itself unhealthy)
   * and the rows wait for the database. After a crash (abandon) it never runs.
   */
  afterWrite(announce: () => void): void {
    if (this.abandoned) return;
    const pending = this.settled.transitions < this.appended.transitions || this.settled.commands < this.appended.commands;
    if (!pending || !this.stats.healthy) {
      announce();
      return;
    }
    this.waiters.push({ t: this.appended.transitions, c: this.appended.commands, announce });
    this.kick();
  }

  /** Reports the audit unhealthy, whatever the writes do, while `problem` stands (null: cleared). */
  setProblem(problem: string | null): void {
    this.problem = problem;
    if (problem === null) return;
    this.stats.healthy = false;
    this.stats.lastError = problem;
  }

  /** A write soon, not at the next tick: an alarm waits for it. Calls in one turn share it. */
  private kick(): void {
    if (this.kicked || this.stopped) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      void this.flush();
    });
  }

  private release(all: boolean): void {
    // Marks only grow, so the announcements due are a prefix of the list.
    const due = (w: { t: number; c: number }): boolean => w.t <= this.settled.transitions && w.c <= this.settled.commands;
    const k = all ? this.waiters.length : this.waiters.findIndex((w) => !due(w));
    for (const w of this.waiters.splice(0, k < 0 ? this.waiters.length : k)) w.announce();
  }

  /** Writes what is queued now; resolves when it is written or the write failed (rows kept). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.transitions.length === 0 && this.commands.length === 0) return;
    this.writing = this.write().finally(() => (this.writing = null));
    await this.writing;
  }

  /** Flushes every `everyMs`, or after a growing pause while the database is down. */
  start(everyMs = 200): void {
    const tick = async (): Promise<void> => {
      await this.flush();
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.retryMs || everyMs);
    };
    this.timer = setTimeout(() => void tick(), everyMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }

  /** Stops without writing what is queued, or announcing what waits for it: what a crash does. */
  abandon(): number {
    this.stopped = true;
    this.abandoned = true;
    this.waiters = [];
    if (this.timer) clearTimeout(this.timer);
    const lost = this.transitions.length + this.commands.length;
    this.transitions = [];
    this.commands = [];
    return lost;
  }

  private trim(): void {
    const over = this.transitions.length + this.commands.length - this.maxQueue;
    if (over > 0) {
      // Refused commands go first, then the oldest transitions, never rows being written.
      const fromCommands = Math.min(over, this.commands.length - this.inflight.commands);
      this.commands.splice(this.inflight.commands, fromCommands);
      const fromTransitions = Math.min(over - fromCommands, this.transitions.length - this.inflight.transitions);
      this.transitions.splice(this.inflight.transitions, fromTransitions);
      this.stats.dropped += fromCommands + fromTransitions;
      // Counted as settled: an announcement waiting on a dropped row goes out (the database has
      // been failing for a long while by then, so announcements are not waiting anyway).
      this.settled.commands += fromCommands;
      this.settled.transitions += fromTransitions;
    }
    this.stats.queued = this.transitions.length + this.commands.length;
  }

  private async write(): Promise<void> {
    const transitions = this.transitions.slice(0, BATCH);
    const commands = this.commands.slice(0, BATCH);
    this.inflight = { transitions: transitions.length, commands: commands.length };
    try {
      // One statement, so a failure writes neither half and a retry duplicates nothing.
      await this.db.query(
        `with t as (
           insert into alarm_audit (at, alarm, district, kind, event, from_state, to_state, actor, reason, command_id, value, instance, record)
           select to_timestamp(x.at / 1000.0), x.alarm, x.district, x.kind, x.event, x.from_state, x.to_state, x.actor, x.reason, x.command_id, x.value, $3, x.record
           from jsonb_to_recordset($1::jsonb) as x(at double precision, alarm text, district text, kind text, event text, from_state text, to_state text, actor text, reason text, command_id text, value double precision, record jsonb)
           returning 1
         ), c as (
           insert into command_log (at, command_id, operator, op, alarm, outcome, detail, instance)
           select to_timestamp(x.at / 1000.0), x.command_id, x.operator, x.op, x.alarm, x.outcome, x.detail, $3
           from jsonb_to_recordset($2::jsonb) as x(at double precision, command_id text, operator text, op text, alarm text, outcome text, detail text)
           returning 1
         )
         select (select count(*) from t) as transitions, (select count(*) from c) as commands`,
        [JSON.stringify(transitions), JSON.stringify(commands), this.instance],
      );
      // Only rows written leave the queue; rows appended meanwhile stay behind them.
      this.transitions.splice(0, transitions.length);
      this.commands.splice(0, commands.length);
      this.stats.written += transitions.length + commands.length;
      this.settled.transitions += transitions.length;
      this.settled.commands += commands.length;
      this.stats.healthy = this.problem === null;
      this.retryMs = 0;
    } catch (e) {
      this.stats.failures++;
      this.stats.lastError = e instanceof Error ? e.message : String(e);
      this.stats.healthy = false;
      this.retryMs = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, this.retryMs * 2));
    }
    this.inflight = { transitions: 0, commands: 0 };
    this.stats.queued = this.transitions.length + this.commands.length;
    this.release(!this.stats.healthy);
    // More announcements came while this write was in flight: the next write carries them.
    if (this.waiters.length > 0 && this.stats.healthy) this.kick();
  }
}
