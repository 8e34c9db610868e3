import { bandOf, type Catalogue, type Indicator, type SignSeries } from './catalogue.ts';
import { SeriesRings, seriesKey } from './seriesRings.ts';

/** Points kept per series in the page: enough for a trend chart's window. */
export const PAGE_HISTORY_POINTS = 240;
/** A sign silent for this many of its cadences is stale (as a sensor is). */
export const STALE_CADENCES = 3;

export type SignState = 'nodata' | 'stale' | 'normal' | 'warning' | 'alarm';
const BAND_STATES = ['normal', 'warning', 'alarm'] as const;

/**
 * The latest value and a short history of every vital-sign series, as columns. Signs arrive twice
 * a second at most; the charts and cards subscribe here and redraw themselves, so the React tree
 * does not re-render for them.
 */
export class SignTable {
  readonly value: Float64Array;
  readonly ts: Float64Array;
  private readonly rings: SeriesRings;
  private readonly slotByKey = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  /** Grows with every merge: a cheap "anything new?" for subscribers. */
  version = 0;

  constructor(
    readonly catalogue: Catalogue,
    readonly series: readonly SignSeries[],
  ) {
    const n = series.length;
    this.value = new Float64Array(n);
    this.ts = new Float64Array(n);
    this.rings = new SeriesRings(n, PAGE_HISTORY_POINTS);
    series.forEach((s, k) => this.slotByKey.set(seriesKey(catalogue.indicators[s.indicator]!.id, s.district), k));
  }

  /** The slot of an indicator's series (city when `district` is null), or -1. */
  slot(id: string, district: string | null): number {
    return this.slotByKey.get(seriesKey(id, district)) ?? -1;
  }

  indicatorOf(slot: number): Indicator {
    return this.catalogue.indicators[this.series[slot]!.indicator]!;
  }

  merge(d: { slot: Uint32Array; value: Float64Array; ts: Float64Array }): void {
    for (let j = 0; j < d.slot.length; j++) {
      const k = d.slot[j]!;
      this.value[k] = d.value[j]!;
      this.ts[k] = d.ts[j]!;
      this.rings.record(k, d.ts[j]!, d.value[j]!);
    }
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Adds older points (from the service's history) in front of what the page has heard. */
  backfill(k: number, points: readonly (readonly [number, number])[]): void {
    const heard = this.history(k);
    const older = points.filter(([ts]) => heard.ts.length === 0 || ts < heard.ts[0]!);
    if (older.length === 0) return;
    this.rings.clear(k);
    for (const [ts, v] of older.slice(-PAGE_HISTORY_POINTS)) this.rings.record(k, ts, v);
    heard.ts.forEach((ts, j) => this.rings.record(k, ts, heard.value[j]!));
    this.version++;
    for (const l of this.listeners) l();
  }

  /** The series' points, oldest first. */
  history(k: number): { ts: number[]; value: number[] } {
    return this.rings.history(k);
  }

  /**
   * What a series shows now. A district's share of a summed simulated figure has no band of its
   * own (the bands are the city's), so it reads normal while fresh.
   */
  state(k: number, now: number): SignState {
    if (k < 0 || this.ts[k] === 0) return 'nodata';
    const ind = this.indicatorOf(k);
    if (now - this.ts[k]! > STALE_CADENCES * ind.cadenceS * 1000) return 'stale';
    if (this.series[k]!.district !== null && ind.aggregate === 'sum' && ind.source.kind === 'simulated') return 'normal';
    return BAND_STATES[bandOf(ind, this.value[k]!)];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
