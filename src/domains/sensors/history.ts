import type { LiveDelta } from '../../live/liveProtocol.ts';
import type { SensorKind } from '../../live/contract.ts';
import type { SensorTable } from './sensorTable.ts';

/** How far back the replay reaches, memory allowing. */
export const HISTORY_SPAN_MS = 2 * 3600_000;
/**
 * The most the page's history may hold. The default 5,200 sensors need 31.6 MiB for the full two
 * hours; a larger city gets a shorter span instead of more memory (50,000 sensors: 25 minutes).
 */
export const HISTORY_BUDGET_BYTES = 64 * 1048576;

/**
 * Per-kind sampling floor for the history: the flood view's gauges keep a reading every 10 s, the
 * rest one a minute (trucks keep their position as often). The live layer still gets every
 * reading; only the recording is thinned, which bounds its memory whatever the message rate.
 */
const KEEP_EVERY_MS: Record<SensorKind, number> = {
  'water-level': 10_000,
  rainfall: 10_000,
  waterlogging: 10_000,
  traffic: 60_000,
  'air-quality': 60_000,
  truck: 60_000,
  crowd: 60_000,
};
const POSITION_EVERY_MS = 30_000;
/** Room over the expected count, for sensors that report faster than their declared interval. */
const HEADROOM = 1.25;
/** A reading's bytes in the ring, and a position's (two values). */
const READING_BYTES = 12;
const POSITION_BYTES = 16;

/**
 * A fixed-size ring of readings in arrival order: 12 bytes each (sensor and level packed in one
 * u32, time as ms since the ring started, value as f32). When full, the oldest reading goes.
 * Times are kept non-decreasing (a late reading takes its predecessor's time), so a replay can
 * walk the ring in order and stop at the first reading after the moment it shows.
 */
class ReadingRing {
  readonly capacity: number;
  private readonly key: Uint32Array;
  private readonly time: Uint32Array;
  private readonly a: Float32Array;
  private readonly b: Float32Array | null;
  private head = 0;
  size = 0;
  private lastTime = 0;

  constructor(
    capacity: number,
    readonly base: number,
    withSecond: boolean,
  ) {
    this.capacity = Math.max(1, capacity);
    this.key = new Uint32Array(this.capacity);
    this.time = new Uint32Array(this.capacity);
    this.a = new Float32Array(this.capacity);
    this.b = withSecond ? new Float32Array(this.capacity) : null;
  }

  get bytes(): number {
    return this.capacity * (this.b ? POSITION_BYTES : READING_BYTES);
  }

  push(sensor: number, level: number, ts: number, a: number, b = 0): void {
    const t = Math.max(this.lastTime, Math.max(0, Math.round(ts - this.base)));
    this.lastTime = t;
    const k = (this.head + this.size) % this.capacity;
    this.key[k] = sensor | (level << 24);
    this.time[k] = t;
    this.a[k] = a;
    if (this.b) this.b[k] = b;
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) % this.capacity;
  }

  /** Calls back for the readings with from < time ≤ to, oldest first. */
  each(from: number, to: number, f: (sensor: number, level: number, ts: number, a: number, b: number) => void): void {
    const lo = from - this.base;
    const hi = to - this.base;
    for (let n = 0; n < this.size; n++) {
      const k = (this.head + n) % this.capacity;
      const t = this.time[k]!;
      if (t > hi) break;
      if (t <= lo) continue;
      const key = this.key[k]!;
      f(key & 0xffffff, key >>> 24, t + this.base, this.a[k]!, this.b ? this.b[k]! : 0);
    }
  }

  oldest(): number | null {
    return this.size > 0 ? this.time[this.head]! + this.base : null;
  }
}

/**
 * The last two hours of the live stream, for the time slider and the charts. Its memory is fixed
 * when it is created (`bytes`), from the sensors' kinds and the sampling floors above.
 */
export class ReadingHistory {
  private readonly readings: ReadingRing;
  private readonly positions: ReadingRing;
  /** How far back this history reaches, ms: two hours, or less where the memory budget says so. */
  readonly span: number;
  private readonly keepEvery: Float64Array;
  private readonly lastKept: Float64Array;
  private readonly lastPosition: Float64Array;
  private readonly moving: Uint8Array;

  constructor(
    readonly kinds: readonly SensorKind[],
    base = Date.now(),
    spanMs = HISTORY_SPAN_MS,
    budgetBytes = HISTORY_BUDGET_BYTES,
  ) {
    this.keepEvery = Float64Array.from(kinds, (k) => KEEP_EVERY_MS[k]);
    this.moving = Uint8Array.from(kinds, (k) => (k === 'truck' ? 1 : 0));
    const perMs = this.keepEvery.reduce((a, ms) => a + 1 / ms, 0);
    const movers = this.moving.reduce((a, m) => a + m, 0);
    const bytesPerMs = (perMs * READING_BYTES + (movers / POSITION_EVERY_MS) * POSITION_BYTES) * HEADROOM;
    this.span = Math.min(spanMs, Math.floor(budgetBytes / Math.max(1e-12, bytesPerMs)));
    this.readings = new ReadingRing(Math.ceil(this.span * perMs * HEADROOM), base, false);
    this.positions = new ReadingRing(Math.ceil(((this.span * movers) / POSITION_EVERY_MS) * HEADROOM), base, true);
    this.lastKept = new Float64Array(kinds.length).fill(-Infinity);
    this.lastPosition = new Float64Array(kinds.length).fill(-Infinity);
  }

  /** Bytes held, fixed at creation. */
  get bytes(): number {
    return this.readings.bytes + this.positions.bytes;
  }

  get capacity(): number {
    return this.readings.capacity;
  }

  get size(): number {
    return this.readings.size;
  }

  /** The oldest moment the history still covers, or null when it is empty. */
  oldest(): number | null {
    return this.readings.oldest();
  }

  record(d: Pick<LiveDelta, 'index' | 'ts' | 'value' | 'level' | 'lon' | 'lat'>): void {
    for (let j = 0; j < d.index.length; j++) {
      const i = d.index[j]!;
      const ts = d.ts[j]!;
      if (ts - this.lastKept[i]! >= this.keepEvery[i]!) {
        this.lastKept[i] = ts;
        this.readings.push(i, d.level[j]!, ts, d.value[j]!);
      }
      if (this.moving[i] && ts - this.lastPosition[i]! >= POSITION_EVERY_MS) {
        this.lastPosition[i] = ts;
        this.positions.push(i, 0, ts, d.lon[j]!, d.lat[j]!);
      }
    }
  }

  /** One sensor's readings in (from, to], oldest first. */
  series(sensor: number, from: number, to: number): { ts: number[]; value: number[] } {
    const out = { ts: [] as number[], value: [] as number[] };
    this.readings.each(from, to, (s, _level, ts, v) => {
      if (s !== sensor) return;
      out.ts.push(ts);
      out.value.push(v);
    });
    return out;
  }

  /**
   * Brings `table` to the moment `to`, applying the readings after `from` (pass -Infinity after
   * clearing it to rebuild from scratch). Every sensor touched is marked changed.
   */
  replayInto(table: SensorTable, from: number, to: number): void {
    const index: number[] = [];
    const value: number[] = [];
    const ts: number[] = [];
    const level: number[] = [];
    this.readings.each(from, to, (s, l, t, v) => {
      index.push(s);
      value.push(v);
      ts.push(t);
      level.push(l);
    });
    const lon = index.map((i) => table.lon[i]!);
    const lat = index.map((i) => table.lat[i]!);
    const where = new Map<number, number>();
    index.forEach((i, j) => where.set(i, j));
    this.positions.each(from, to, (s, _l, _t, x, y) => {
      const j = where.get(s);
      if (j === undefined) {
        where.set(s, index.length);
        index.push(s);
        value.push(table.value[s]!);
        ts.push(table.ts[s]!);
        level.push(table.level[s]!);
        lon.push(x);
        lat.push(y);
      } else {
        lon[j] = x;
        lat[j] = y;
      }
    });
    table.merge({
      index: Uint32Array.from(index),
      value: Float64Array.from(value),
      ts: Float64Array.from(ts),
      lon: Float64Array.from(lon),
      lat: Float64Array.from(lat),
      level: Uint8Array.from(level),
      messages: 0,
    });
  }
}
