/**
 * The alarms one operations-service instance keeps: the book of the alarms it owns (its sensors'
 * levels, hysteresis, shelving, the ISA-18.2 states), the retained copy of every alarm whoever
 * owns it, and how each change goes out: audited first, then published retained, so that a
 * crash in between never loses an alarm a screen has shown.
 */
import { AlarmBook, isAudited, type Alarm, type Transition } from '../alarmBook.ts';
import { AlertLevels } from '../../../live/levels.ts';
import { alarmMessageSchema, alarmTopic, type AlarmMessage } from '../contract.ts';
import type { SensorRegistry } from '../../../live/contract.ts';
import { transitionRow, type AuditLog } from './auditLog.ts';

/** The figures this keeps, in the service's stats. */
export interface AlarmFigures {
  /** Readings of owned sensors judged here. */
  evaluated: number;
  alarmsPublished: number;
  /** Retained alarms refused as not of a registered sensor, and cleared (or corrected). */
  foreignAlarms: number;
}

export interface AlarmStateOptions {
  registry: SensorRegistry;
  prefix: string;
  instance: string;
  audit: AuditLog;
  figures: AlarmFigures;
  /** Publishes retained at QoS 1. */
  publish(topic: string, payload: string | Buffer): void;
  /** Whether this instance owns a sensor now. */
  owns(index: number): boolean;
}

export class AlarmState {
  readonly book: AlarmBook;
  private readonly levels: AlertLevels;
  /** Every retained alarm, whoever owns it. */
  readonly known = new Map<string, AlarmMessage>();
  /** Per sensor, the time of the last change of an alarm taken over: older readings are history. */
  private readonly floor: Float64Array;
  /** Sensors whose raised alarm saw a new peak since the last flush. */
  private readonly peaks = new Set<number>();

  constructor(private readonly o: AlarmStateOptions) {
    this.book = new AlarmBook(o.registry);
    this.levels = new AlertLevels(o.registry.props);
    this.floor = new Float64Array(o.registry.ids.length);
  }

  publish(a: Alarm): void {
    this.o.figures.alarmsPublished++;
    this.o.publish(alarmTopic(this.o.prefix, a.id), JSON.stringify({ ...a, owner: this.o.instance } satisfies AlarmMessage));
  }

  private clear(id: string): void {
    this.o.figures.alarmsPublished++;
    this.o.publish(alarmTopic(this.o.prefix, id), Buffer.alloc(0));
  }

  /** Audits the transitions, then announces each once its row is durable. */
  readonly apply = (transitions: readonly Transition[]): void => {
    const { audit, registry } = this.o;
    for (const t of transitions) {
      if (isAudited(t)) audit.append(transitionRow(t, registry.props[t.sensor]!.district, registry.kinds[t.sensor]!));
      const { record, alarm } = t;
      audit.afterWrite(() => (record ? this.publish(record) : this.clear(alarm)));
    }
  };

  /** One reading of an owned sensor. */
  evaluate(index: number, value: number, ts: number): void {
    this.o.figures.evaluated++;
    // A retained reading older than an alarm taken over (after a restart) is history.
    if (ts < this.floor[index]!) return;
    const change = this.levels.apply(index, value, ts);
    if (change) this.apply(this.book.level(change));
    else if (this.book.observe(index, value, ts)) this.peaks.add(index);
  }

  /** A retained alarm on the broker (empty: cleared). */
  onRetained(id: string, payload: Buffer): void {
    if (payload.length === 0) {
      this.known.delete(id);
      return;
    }
    let parsed = null;
    try {
      parsed = alarmMessageSchema.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      parsed = null;
    }
    const index = this.book.sensorIndex(id);
    if (index !== undefined && parsed?.success && parsed.data.id === id && parsed.data.sensor === index) {
      this.known.set(id, parsed.data);
      return;
    }
    // Not an alarm of a registered sensor (an unknown id, a record for another sensor, garbage):
    // no screen may keep it. Its owner puts its own copy in its place; otherwise it is cleared.
    this.o.figures.foreignAlarms++;
    this.known.delete(id);
    const mine = index !== undefined && this.o.owns(index) ? this.book.get(id) : undefined;
    if (mine) this.publish(mine);
    else this.clear(id);
  }

  /** After the owners changed: alarms that moved here continue from their retained copy; those that moved away are let go. */
  ownersChanged(): void {
    for (const a of this.book.list())
      if (!this.o.owns(a.sensor)) {
        this.book.forget(a.id);
        this.levels.levels[a.sensor] = 0;
      }
    const taken: Alarm[] = [];
    for (const m of this.known.values()) {
      const i = this.book.sensorIndex(m.id);
      if (i !== undefined && this.o.owns(i) && !this.book.get(m.id)) taken.push(m);
    }
    this.adopt(taken);
  }

  /** Takes alarms over from their records (the retained store's, the database's). */
  adopt(records: readonly Alarm[]): void {
    this.book.restore(records);
    for (const r of records) {
      const a = this.book.get(r.id);
      if (a) {
        this.levels.levels[a.sensor] = a.level;
        this.floor[a.sensor] = a.updatedAt;
      }
    }
  }

  /** Republishes, behind the audit rows, the owned alarms the retained store lacks or holds older. */
  republishMissing(): void {
    for (const a of this.book.list()) {
      const k = this.known.get(a.id);
      if (!k || k.rev < a.rev) this.o.audit.afterWrite(() => this.publish(a));
    }
  }

  /** Raised peaks go out, behind any announcement still waiting for its audit row, so that none overtakes one. */
  flushPeaks(): void {
    for (const i of this.peaks) {
      const a = this.book.get(this.o.registry.ids[i]!);
      if (a) this.o.audit.afterWrite(() => this.publish(a));
    }
    this.peaks.clear();
  }
}
