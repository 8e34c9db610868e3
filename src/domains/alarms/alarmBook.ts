import type { Level, LevelChange } from '../../live/levels.ts';

/**
 * Alarm management after ISA-18.2 / IEC 62682, as pure state: one alarm point per sensor, and the
 * states an operator sees it in.
 *
 *   normal ──level up──▶ unack ──ack──▶ acked ──level 0──▶ normal
 *                          │                                 ▲
 *                          └──level 0──▶ rtn-unack ──ack─────┘
 *   any listed state ──shelve──▶ shelved ──unshelve / time runs out──▶ unack (still active) | normal
 *   any sensor ──remove from service──▶ out-of-service ──return to service──▶ unack (active) | normal
 *
 * An escalation from warning to alarm asks for acknowledgement again. An alarm that enters alarm
 * more than CHATTER_COUNT times in CHATTER_WINDOW_MS is flagged as chattering. The operations
 * service runs the authoritative book; a page with no service runs its own, labelled local.
 */
export const LISTED_STATES = ['unack', 'acked', 'rtn-unack', 'shelved', 'out-of-service'] as const;
export type ListedState = (typeof LISTED_STATES)[number];
export type AlarmState = ListedState | 'normal';
export type Severity = 'warning' | 'alarm';

export const CHATTER_COUNT = 3;
export const CHATTER_WINDOW_MS = 10 * 60_000;
/** The longest an operator may shelve an alarm. */
export const MAX_SHELVE_MINUTES = 8 * 60;

export interface Alarm {
  /** The sensor's id: an alarm point per sensor. */
  id: string;
  /** Registry index of the sensor. */
  sensor: number;
  kind: string;
  cell: string | null;
  district: string;
  state: ListedState;
  /** The worst severity of this episode. */
  severity: Severity;
  /** The sensor's level now: 0 once it is back to normal. */
  level: Level;
  startedAt: number;
  updatedAt: number;
  peak: number;
  value: number;
  ackedBy: string | null;
  ackedAt: number | null;
  shelf: { by: string; until: number; reason: string } | null;
  outOfService: { by: string; since: number; reason: string } | null;
  chattering: boolean;
  /** Times the point entered alarm in the chatter window, oldest first. */
  entries: number[];
  /** Grows with every transition: of two copies of an alarm, the higher wins. */
  rev: number;
  /** Set on the episodes the book keeps for the replay once they are over. */
  clearedAt: number | null;
}

export interface Transition {
  alarm: string;
  sensor: number;
  from: AlarmState;
  to: AlarmState;
  at: number;
  /** The operator, or `system` for the alarm rules and the shelf timer. */
  by: string;
  /** What happened, in a word: raise, escalate, return, ack, shelve, unshelve, expire, remove, restore, realarm. */
  event: string;
  reason: string | null;
  command: string | null;
  value: number | null;
  /** The alarm after the transition; null once it is normal and off the list. */
  record: Alarm | null;
}

export type OperatorOp = 'ack' | 'shelve' | 'unshelve' | 'remove-from-service' | 'return-to-service';

export interface OperatorAction {
  id: string;
  op: OperatorOp;
  alarm: string;
  operator: string;
  minutes?: number;
  reason?: string;
}

export type ActionResult = { ok: true; transitions: Transition[] } | { ok: false; reason: string };

export interface SensorInfo {
  ids: readonly string[];
  kinds: readonly string[];
  props: readonly { cell: string | null; district: string }[];
}

/** Episodes kept for the replay once they are over. */
const KEEP_CLOSED = 20_000;

export const isAcknowledged = (a: Pick<Alarm, 'state'>): boolean => a.state !== 'unack' && a.state !== 'rtn-unack';

export class AlarmBook {
  private readonly open = new Map<number, Alarm>();
  private readonly index: Map<string, number>;
  private closed: Alarm[] = [];

  constructor(private readonly sensors: SensorInfo) {
    this.index = new Map(sensors.ids.map((id, i) => [id, i]));
  }

  sensorIndex(id: string): number | undefined {
    return this.index.get(id);
  }

  get(id: string): Alarm | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.open.get(i);
  }

  /** The listed alarms: alarms before warnings, each oldest first, so rows stay put under a finger. */
  list(): Alarm[] {
    return [...this.open.values()].toSorted(listOrder);
  }

  get size(): number {
    return this.open.size;
  }

  /** Applies a level change from the alarm rules. */
  level(c: LevelChange): Transition[] {
    const current = this.open.get(c.index);
    const severity: Severity = c.to === 2 ? 'alarm' : 'warning';
    if (!current) {
      if (c.to === 0) return [];
      const p = this.sensors.props[c.index]!;
      const a: Alarm = {
        id: this.sensors.ids[c.index]!,
        sensor: c.index,
        kind: this.sensors.kinds[c.index]!,
        cell: p.cell,
        district: p.district,
        state: 'unack',
        severity,
        level: c.to,
        startedAt: c.ts,
        updatedAt: c.ts,
        peak: c.value,
        value: c.value,
        ackedBy: null,
        ackedAt: null,
        shelf: null,
        outOfService: null,
        chattering: false,
        entries: [c.ts],
        rev: 1,
        clearedAt: null,
      };
      this.open.set(c.index, a);
      return [this.transition(null, a, c.ts, 'system', 'raise', null, null, c.value)];
    }
    const entered = current.level === 0 && c.to > 0;
    const entries = entered ? [...current.entries.filter((t) => t > c.ts - CHATTER_WINDOW_MS), c.ts] : current.entries;
    const base = { ...current, level: c.to, value: c.value, peak: Math.max(current.peak, c.value), updatedAt: c.ts, entries, chattering: current.chattering || entries.length > CHATTER_COUNT };
    // Shelved and out-of-service points follow the process quietly; their state does not move.
    if (current.state === 'shelved' || current.state === 'out-of-service') {
      return [this.quiet(current, { ...base, severity: worst(current.severity, severity) }, c.ts, c.value)];
    }
    if (c.to === 0) {
      if (current.state === 'acked') return [this.close(current, { ...base, level: 0 }, c.ts, 'system', 'return', null, null)];
      return [this.replace(current, { ...base, state: 'rtn-unack' }, c.ts, 'system', 'return', null, null, c.value)];
    }
    const escalated = severity === 'alarm' && current.severity === 'warning';
    if (entered || escalated) {
      // Back in alarm after returning, or worse than before: the operator is asked again.
      const next: Alarm = { ...base, severity: worst(current.severity, severity), state: 'unack', ackedBy: null, ackedAt: null };
      return [this.replace(current, next, c.ts, 'system', escalated ? 'escalate' : 'realarm', null, null, c.value)];
    }
    // A step down, or a reading within the same level band: no new state, the record still moves.
    return [this.quiet(current, base, c.ts, c.value)];
  }

  /** Applies an operator's action; refuses it, with a reason, when the state does not allow it. */
  act(a: OperatorAction, now: number): ActionResult {
    const i = this.index.get(a.alarm);
    if (i === undefined) return { ok: false, reason: `unknown alarm ${a.alarm}` };
    const current = this.open.get(i);
    if (a.op === 'remove-from-service') {
      if (current?.state === 'out-of-service') return { ok: false, reason: `${a.alarm} is already out of service` };
      const base = current ?? this.normalRecord(i, now);
      const next: Alarm = { ...base, state: 'out-of-service', shelf: null, outOfService: { by: a.operator, since: now, reason: a.reason ?? '' }, updatedAt: now };
      if (!current) this.open.set(i, next);
      return { ok: true, transitions: [current ? this.replace(current, next, now, a.operator, 'remove', a.reason ?? null, a.id, null) : this.transition(null, next, now, a.operator, 'remove', a.reason ?? null, a.id, null)] };
    }
    if (!current) return { ok: false, reason: `${a.alarm} has no alarm` };
    switch (a.op) {
      case 'ack':
        if (current.state === 'unack') return { ok: true, transitions: [this.replace(current, { ...current, state: 'acked', ackedBy: a.operator, ackedAt: now, updatedAt: now }, now, a.operator, 'ack', null, a.id, null)] };
        if (current.state === 'rtn-unack') return { ok: true, transitions: [this.close(current, { ...current, ackedBy: a.operator, ackedAt: now }, now, a.operator, 'ack', null, a.id)] };
        return { ok: false, reason: `${a.alarm} is ${current.state}: nothing to acknowledge` };
      case 'shelve': {
        const minutes = a.minutes ?? 0;
        if (!(minutes > 0 && minutes <= MAX_SHELVE_MINUTES)) return { ok: false, reason: `shelve for 1–${MAX_SHELVE_MINUTES} minutes, not ${minutes}` };
        if (!a.reason?.trim()) return { ok: false, reason: 'a shelved alarm needs a reason' };
        if (current.state === 'out-of-service') return { ok: false, reason: `${a.alarm} is out of service` };
        const next: Alarm = { ...current, state: 'shelved', shelf: { by: a.operator, until: now + minutes * 60_000, reason: a.reason }, updatedAt: now };
        return { ok: true, transitions: [this.replace(current, next, now, a.operator, 'shelve', a.reason, a.id, null)] };
      }
      case 'unshelve':
        if (current.state !== 'shelved') return { ok: false, reason: `${a.alarm} is not shelved` };
        return { ok: true, transitions: [this.release(current, now, a.operator, 'unshelve', a.id)] };
      case 'return-to-service':
        if (current.state !== 'out-of-service') return { ok: false, reason: `${a.alarm} is not out of service` };
        return { ok: true, transitions: [this.release(current, now, a.operator, 'restore', a.id)] };
    }
  }

  /** Unshelves the alarms whose shelf time has run out. */
  expire(now: number): Transition[] {
    const out: Transition[] = [];
    for (const a of this.list()) if (a.state === 'shelved' && a.shelf && a.shelf.until <= now) out.push(this.release(a, now, 'system', 'expire', null));
    return out;
  }

  /**
   * Takes alarms as another copy holds them (the database, the retained messages, a service that
   * restarted): the higher revision wins, so a copy never moves an alarm back.
   */
  restore(records: Iterable<Alarm>): number {
    let taken = 0;
    for (const r of records) {
      const i = this.index.get(r.id);
      if (i === undefined) continue;
      const current = this.open.get(i);
      if (current && current.rev >= r.rev) continue;
      this.open.set(i, { ...r, sensor: i });
      taken++;
    }
    return taken;
  }

  /** Forgets an alarm another copy reports back to normal and acknowledged. */
  forget(id: string): boolean {
    const i = this.index.get(id);
    return i !== undefined && this.open.delete(i);
  }

  /**
   * A reading of a listed point between level changes: keeps its value and peak current without a
   * transition. Returns whether the peak rose (worth telling the other screens, now and then).
   */
  observe(index: number, value: number, ts: number): boolean {
    const a = this.open.get(index);
    if (!a || ts < a.updatedAt) return false;
    const rose = value > a.peak;
    this.open.set(index, { ...a, value, peak: rose ? value : a.peak });
    return rose;
  }

  /** Episodes over and kept for the replay, newest first. */
  recentlyClosed(limit = 200): readonly Alarm[] {
    return this.closed.slice(0, limit);
  }

  /** The alarms listed at a past moment, for the replay, with the severity the level had then. */
  at(t: number, levelAt: (sensor: number) => number): Alarm[] {
    return [...this.open.values(), ...this.closed]
      .filter((a) => a.startedAt <= t && (a.clearedAt === null || a.clearedAt > t))
      .map((a): Alarm => {
        const l = levelAt(a.sensor);
        return { ...a, severity: l === 2 ? 'alarm' : l === 1 ? 'warning' : a.severity, clearedAt: null };
      })
      .toSorted(listOrder);
  }

  private normalRecord(i: number, now: number): Alarm {
    const p = this.sensors.props[i]!;
    return { id: this.sensors.ids[i]!, sensor: i, kind: this.sensors.kinds[i]!, cell: p.cell, district: p.district, state: 'unack', severity: 'warning', level: 0, startedAt: now, updatedAt: now, peak: 0, value: 0, ackedBy: null, ackedAt: null, shelf: null, outOfService: null, chattering: false, entries: [], rev: 0, clearedAt: null };
  }

  /** Off the shelf or back in service: an active point asks for acknowledgement, a calm one leaves the list. */
  private release(a: Alarm, now: number, by: string, event: string, command: string | null): Transition {
    const cleared = { ...a, shelf: null, outOfService: null };
    if (a.level === 0) return this.close(a, cleared, now, by, event, null, command);
    return this.replace(a, { ...cleared, state: 'unack', ackedBy: null, ackedAt: null, updatedAt: now }, now, by, event, null, command, null);
  }

  private replace(before: Alarm, after: Alarm, at: number, by: string, event: string, reason: string | null, command: string | null, value: number | null): Transition {
    const next = { ...after, rev: before.rev + 1 };
    this.open.set(before.sensor, next);
    return this.transition(before, next, at, by, event, reason, command, value);
  }

  /** A change of reading with no change of state: the record moves, the audit trail does not. */
  private quiet(before: Alarm, after: Alarm, at: number, value: number): Transition {
    const next = { ...after, rev: before.rev + 1 };
    this.open.set(before.sensor, next);
    return { alarm: next.id, sensor: next.sensor, from: before.state, to: next.state, at, by: 'system', event: 'update', reason: null, command: null, value, record: next };
  }

  private close(before: Alarm, last: Alarm, at: number, by: string, event: string, reason: string | null, command: string | null): Transition {
    this.open.delete(before.sensor);
    const over = { ...last, rev: before.rev + 1, clearedAt: at, updatedAt: at };
    this.closed.unshift(over);
    if (this.closed.length > KEEP_CLOSED) this.closed.length = KEEP_CLOSED;
    return this.transition(before, null, at, by, event, reason, command, last.value);
  }

  private transition(before: Alarm | null, after: Alarm | null, at: number, by: string, event: string, reason: string | null, command: string | null, value: number | null): Transition {
    const a = (after ?? before)!;
    return { alarm: a.id, sensor: a.sensor, from: before?.state ?? 'normal', to: after?.state ?? 'normal', at, by, event, reason, command, value, record: after };
  }
}

/** Whether a transition is one the audit trail records (a state change or an operator's action). */
export const isAudited = (t: Transition): boolean => t.event !== 'update';

const worst = (a: Severity, b: Severity): Severity => (a === 'alarm' || b === 'alarm' ? 'alarm' : 'warning');

/** Alarms before warnings, each oldest first. */
export const listOrder = (a: Alarm, b: Alarm): number => (a.severity === b.severity ? a.startedAt - b.startedAt || a.sensor - b.sensor : a.severity === 'alarm' ? -1 : 1);
