/**
 * The recent points of many series, a fixed ring of `points` per series: what the operations
 * service keeps for every sign's history and the page for its charts. A point not newer than the
 * series' last one (a retained copy seen again) is not added.
 */
export class SeriesRings {
  private readonly ts: Float64Array;
  private readonly value: Float64Array;
  private readonly count: Uint32Array;

  constructor(
    series: number,
    readonly points: number,
  ) {
    this.ts = new Float64Array(series * points);
    this.value = new Float64Array(series * points);
    this.count = new Uint32Array(series);
  }

  record(k: number, ts: number, value: number): void {
    const c = this.count[k]!;
    const p = this.points;
    if (c > 0 && this.ts[k * p + ((c - 1) % p)]! >= ts) return;
    this.ts[k * p + (c % p)] = ts;
    this.value[k * p + (c % p)] = value;
    this.count[k] = c + 1;
  }

  /** Empties series k (before its points are laid down again in another order). */
  clear(k: number): void {
    this.count[k] = 0;
  }

  /** Series k's points, oldest first. */
  history(k: number): { ts: number[]; value: number[] } {
    const c = this.count[k] ?? 0;
    const p = this.points;
    const n = Math.min(c, p);
    const ts: number[] = [];
    const value: number[] = [];
    for (let j = 0; j < n; j++) {
      const at = k * p + ((c - n + j) % p);
      ts.push(this.ts[at]!);
      value.push(this.value[at]!);
    }
    return { ts, value };
  }
}

/** The key of an indicator's series: the city's (district null) or one district's. */
export const seriesKey = (id: string, district: string | null): string => `${id}/${district ?? ''}`;
