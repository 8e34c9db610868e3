import { distanceFrom, rasterIndex, type RasterGrid } from './raster.ts';

/**
 * Level-pool inundation from river gauges ("bathtub" fill with overland head loss), documented in
 * docs/flood.md:
 *
 * 1. Effective ground: the DEM plus `headLossPerKm` for every kilometre from the nearest river
 *    bank, standing in for the water level falling as it spreads over land, so that the fill does
 *    not run unboundedly far as a pure bathtub would. Cells next to the river are raised to the
 *    embankment crest: nothing floods until a gauge tops it.
 * 2. Spill level: for every land cell, the lowest water level at which river water reaches it,
 *    i.e. the highest effective ground along the best path from the river (minimax path), found
 *    by a priority flood from all river cells in one pass (bucket queue in centimetres).
 *    The same pass records which gauge's reach the water comes from: each river cell belongs to
 *    its nearest gauge, and a land cell to the reach whose water gets to it over the lowest ridge.
 * 3. A water level per gauge then floods a cell when its spill level is below that gauge's level;
 *    the depth is the level minus the effective ground. This step is a single pass over the cells
 *    that can flood at all, so a what-if slider re-evaluates in milliseconds.
 *
 * It ignores volume (a short overtopping fills as much as a long one), rain falling on the land
 * (the waterlogging sensors report that) and pumping. It answers "what can this river level reach",
 * not "how deep will it be at 14:00".
 */
export interface FloodModelOptions {
  /** Embankment crest, m: cells beside the river are at least this high. */
  leveeCrestM: number;
  /** Metres of head lost per kilometre of overland flow. */
  headLossPerKm: number;
  /** Levels above this are never evaluated (the slider's top), m. */
  maxLevelM: number;
}

export const DEFAULT_FLOOD_OPTIONS: FloodModelOptions = { leveeCrestM: 3.0, headLossPerKm: 1.2, maxLevelM: 8 };

/** Centimetre key meaning "never reached below maxLevelM". */
const NEVER = 0xffff;

export interface Gauge {
  lon: number;
  lat: number;
}

export class FloodModel {
  /** Effective ground, cm (NEVER where it is above the top level). */
  readonly groundCm: Uint16Array;
  /** Spill level of each cell, cm; 0 in the river, NEVER where unreachable below the top level. */
  readonly spillCm: Uint16Array;
  /** Gauge whose reach floods the cell, -1 if none. */
  readonly owner: Int32Array;
  /** The land cells that some level up to maxLevelM floods, in ascending spill order. */
  readonly candidates: Int32Array;
  readonly options: FloodModelOptions;

  constructor(
    readonly raster: RasterGrid,
    /** Ground elevation per cell, m. */
    dem: Float32Array,
    /** 1 where the cell is river or open water. */
    readonly water: Uint8Array,
    readonly gauges: readonly Gauge[],
    options: Partial<FloodModelOptions> = {},
    /** Distance to the river per cell, m, when the caller has it already. */
    bankM?: Float32Array,
  ) {
    const o = { ...DEFAULT_FLOOD_OPTIONS, ...options };
    this.options = o;
    const { width: w, height: h } = raster;
    const n = w * h;
    const top = Math.round(o.maxLevelM * 100);
    const bank = bankM ?? distanceFrom(raster, water);
    this.groundCm = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      let g = dem[i]! + (o.headLossPerKm * bank[i]!) / 1000;
      if (!water[i] && bank[i]! <= raster.cellM * 1.5) g = Math.max(g, o.leveeCrestM);
      const cm = Math.ceil(g * 100);
      this.groundCm[i] = cm > top ? NEVER : cm;
    }

    this.owner = new Int32Array(n).fill(-1);
    this.spillCm = new Uint16Array(n).fill(NEVER);
    // Bucket queue: one singly linked list per centimetre, through `next`.
    const head = new Int32Array(top + 1).fill(-1);
    const next = new Int32Array(n).fill(-1);
    const push = (i: number, key: number): void => {
      next[i] = head[key]!;
      head[key] = i;
    };
    const gaugeCells = gauges.map((g) => rasterIndex(raster, g.lon, g.lat));
    for (let i = 0; i < n; i++) {
      if (!water[i]) continue;
      this.spillCm[i] = 0;
      this.owner[i] = nearestGauge(raster, i, gaugeCells);
      push(i, 0);
    }
    const done = new Uint8Array(n);
    const order: number[] = [];
    for (let key = 0; key <= top; key++) {
      while (head[key]! >= 0) {
        const c = head[key]!;
        head[key] = next[c]!;
        if (done[c]) continue;
        done[c] = 1;
        if (!water[c]) order.push(c);
        const x = c % w;
        const y = (c - x) / w;
        for (let k = 0; k < 4; k++) {
          const nx = x + (k === 0 ? -1 : k === 1 ? 1 : 0);
          const ny = y + (k === 2 ? -1 : k === 3 ? 1 : 0);
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const nb = ny * w + nx;
          if (done[nb] || water[nb]) continue;
          const g = this.groundCm[nb]!;
          if (g === NEVER) continue;
          const spill = Math.max(key, g);
          if (spill < this.spillCm[nb]!) {
            this.spillCm[nb] = spill;
            this.owner[nb] = this.owner[c]!;
            push(nb, spill);
          }
        }
      }
    }
    this.candidates = Int32Array.from(order);
  }

  /**
   * Water depth per candidate cell, cm (0 = dry), for a water level per gauge in metres.
   * Cells take their owning gauge's level; a gauge with no reading (NaN) floods nothing.
   */
  depths(levelsM: ArrayLike<number>): Uint16Array {
    const levelCm = Int32Array.from({ length: this.gauges.length }, (_, g) => {
      const l = levelsM[g]!;
      return Number.isFinite(l) ? Math.round(l * 100) : -1;
    });
    const out = new Uint16Array(this.candidates.length);
    for (let k = 0; k < this.candidates.length; k++) {
      const c = this.candidates[k]!;
      const level = levelCm[this.owner[c]!]!;
      if (this.spillCm[c]! < level) out[k] = level - this.groundCm[c]!;
    }
    return out;
  }
}

/** The gauge nearest to raster cell i (in cells), -1 when there are none. */
function nearestGauge(r: RasterGrid, i: number, gaugeCells: readonly number[]): number {
  const x = i % r.width;
  const y = (i - x) / r.width;
  let best = -1;
  let bestD = Infinity;
  for (let g = 0; g < gaugeCells.length; g++) {
    const gc = gaugeCells[g]!;
    if (gc < 0) continue;
    const gx = gc % r.width;
    const d = (gx - x) ** 2 + ((gc - gx) / r.width - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = g;
    }
  }
  return best;
}
