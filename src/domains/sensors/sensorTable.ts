import { DirtySet } from '../../live/dirtySet.ts';
import type { RegistryColumns, LiveDelta } from '../../live/liveProtocol.ts';

/**
 * The live state of every sensor as columns, in registry order. Readings arrive far faster than
 * React should render, so they live here rather than in the zustand store: the store holds this
 * table (as layer data) and small summaries; the sensor layer drains the changed sensors once per frame.
 */
export class SensorTable {
  readonly count: number;
  readonly value: Float64Array;
  readonly ts: Float64Array;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly level: Uint8Array;
  /** Messages merged since the start (several readings of one sensor in a frame count each). */
  messagesMerged = 0;
  private readonly dirty: DirtySet;
  private readonly listeners = new Set<() => void>();

  constructor(readonly registry: RegistryColumns) {
    const n = registry.ids.length;
    this.count = n;
    this.value = new Float64Array(n);
    this.ts = new Float64Array(n);
    this.lon = Float64Array.from({ length: n }, (_, i) => registry.positions[2 * i]!);
    this.lat = Float64Array.from({ length: n }, (_, i) => registry.positions[2 * i + 1]!);
    this.level = new Uint8Array(n);
    this.dirty = new DirtySet(n);
  }

  merge(d: Pick<LiveDelta, 'index' | 'value' | 'ts' | 'lon' | 'lat' | 'level' | 'messages'>): void {
    for (let j = 0; j < d.index.length; j++) {
      const i = d.index[j]!;
      this.value[i] = d.value[j]!;
      this.ts[i] = d.ts[j]!;
      this.lon[i] = d.lon[j]!;
      this.lat[i] = d.lat[j]!;
      this.level[i] = d.level[j]!;
      this.dirty.add(i);
    }
    this.messagesMerged += d.messages;
    for (const l of this.listeners) l();
  }

  /** Back to "no data yet" at the registered positions, every sensor marked changed (a replay rebuilds from here). */
  clear(): void {
    this.value.fill(0);
    this.ts.fill(0);
    this.level.fill(0);
    for (let i = 0; i < this.count; i++) {
      this.lon[i] = this.registry.positions[2 * i]!;
      this.lat[i] = this.registry.positions[2 * i + 1]!;
    }
    this.dirty.addAll();
    for (const l of this.listeners) l();
  }

  /**
   * Hands over the sensors changed since the last call, oldest first, at most `max` of them, and
   * forgets those; the others wait for the next call (the layer paints within a frame budget).
   */
  drain(max = Infinity): number[] {
    return this.dirty.take(max);
  }

  /** Sensors changed and not yet drained. */
  get pending(): number {
    return this.dirty.size;
  }

  /** Called after each merge; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
