import { AlertLevels, type LevelChange, type Thresholds } from './levels.ts';
import type { Reading } from './contract.ts';
import { DirtySet } from './dirtySet.ts';
import type { ReadingColumns } from './liveProtocol.ts';

/**
 * The latest accepted reading of every sensor, its alert level, and which sensors changed since
 * the last take: what a connection's worker keeps between flushes. Memory is fixed by the number
 * of sensors (four Float64Arrays and the level), however fast the readings come, and a sensor
 * that reported ten times between flushes is handed over once, with its latest reading.
 */
export class LatestReadings {
  readonly value: Float64Array;
  readonly ts: Float64Array;
  /** NaN where no position is known yet: a take hands NaN on, and a merge keeps what it had. */
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly levels: AlertLevels;
  private readonly dirty: DirtySet;
  private changes: LevelChange[] = [];

  /** `positions`: the registry's [lon, lat, …], where a sensor stays until it reports another. */
  constructor(thresholds: readonly Thresholds[], positions?: Float64Array) {
    const n = thresholds.length;
    this.value = new Float64Array(n);
    this.ts = new Float64Array(n);
    this.lon = Float64Array.from({ length: n }, (_, i) => positions?.[2 * i] ?? NaN);
    this.lat = Float64Array.from({ length: n }, (_, i) => positions?.[2 * i + 1] ?? NaN);
    this.levels = new AlertLevels(thresholds);
    this.dirty = new DirtySet(n);
  }

  /** Keeps an accepted reading; its level follows, and a level that moved is kept as a change. */
  apply(index: number, reading: Reading): void {
    this.value[index] = reading.value;
    this.ts[index] = reading.ts;
    if (reading.lon !== undefined && reading.lat !== undefined) {
      this.lon[index] = reading.lon;
      this.lat[index] = reading.lat;
    }
    const change = this.levels.apply(index, reading.value, reading.ts);
    if (change) this.changes.push(change);
    this.dirty.add(index);
  }

  /**
   * Another connection's take (src/live/share.worker.ts): its levels were worked out there, from
   * the same thresholds, so they are copied rather than worked out again.
   */
  merge(d: ReadingColumns): void {
    for (let j = 0; j < d.index.length; j++) {
      const i = d.index[j]!;
      this.value[i] = d.value[j]!;
      this.ts[i] = d.ts[j]!;
      if (!Number.isNaN(d.lon[j]!)) {
        this.lon[i] = d.lon[j]!;
        this.lat[i] = d.lat[j]!;
      }
      this.levels.levels[i] = d.level[j]!;
      this.dirty.add(i);
    }
    for (const c of d.changes) this.changes.push(c);
  }

  /** Whether a take would hand anything over. */
  get pending(): boolean {
    return this.dirty.size > 0 || this.changes.length > 0;
  }

  /** The changed sensors' latest readings, oldest change first, and the level changes in order. */
  take(): ReadingColumns {
    const changed = this.dirty.take();
    const k = changed.length;
    const out: ReadingColumns = { index: Uint32Array.from(changed), value: new Float64Array(k), ts: new Float64Array(k), lon: new Float64Array(k), lat: new Float64Array(k), level: new Uint8Array(k), changes: this.changes };
    for (let j = 0; j < k; j++) {
      const i = changed[j]!;
      out.value[j] = this.value[i]!;
      out.ts[j] = this.ts[i]!;
      out.lon[j] = this.lon[i]!;
      out.lat[j] = this.lat[i]!;
      out.level[j] = this.levels.levels[i]!;
    }
    this.changes = [];
    return out;
  }
}

/** The buffers a take can hand to another thread without copying. */
export const columnBuffers = (c: ReadingColumns): Transferable[] => [c.index.buffer, c.value.buffer, c.ts.buffer, c.lon.buffer, c.lat.buffer, c.level.buffer];
