/**
 * Buildings as vertical prisms (a footprint extruded from the ground to a roof height, LOD1) in a
 * local planar frame of metres, with a uniform grid over their edges so that a ray visits only the
 * buildings along its path. The engine behind sunlight hours, line of sight, viewshed and skyline.
 */
import { metresPerDegree } from '../../analysis/ellipsoid.ts';

/** A footprint in the local frame: rings of x, y metres, outer counter-clockwise, holes clockwise. */
export interface Prism {
  rings: Float64Array[];
  height: number;
}

/** Metres east and north of an origin, on the plane tangent there (exact enough within a few km). */
export class LocalFrame {
  readonly mx: number;
  readonly my: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    const m = metresPerDegree(lat0);
    this.mx = m.x;
    this.my = m.y;
  }
  x(lon: number): number {
    return (lon - this.lon0) * this.mx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.my;
  }
  lon(x: number): number {
    return this.lon0 + x / this.mx;
  }
  lat(y: number): number {
    return this.lat0 + y / this.my;
  }
}

/** Where a segment first passes through a building below its roof. */
export interface Hit {
  /** Fraction along the segment, 0–1. */
  t: number;
  prism: number;
}

/** Grid cell size, metres: about a small building, so a cell holds a few edges. */
const CELL_M = 16;

export class PrismSet {
  readonly prisms: Prism[];
  readonly maxHeight: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly nx: number;
  private readonly ny: number;
  /** Prisms meeting each grid cell (CSR): cellStart[c]..cellStart[c + 1] in cellPrisms. */
  private readonly cellStart: Uint32Array;
  private readonly cellPrisms: Uint32Array;
  /** Per-prism stamp of the last query that tested it, so a prism spanning many cells is tested once a query. */
  private readonly stamp: Uint32Array;
  private query = 0;
  /** Prisms tested by queries so far, for the benchmark. */
  tests = 0;

  constructor(prisms: Prism[]) {
    this.prisms = prisms;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let maxHeight = 0;
    const boxes = prisms.map((p) => {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (const r of p.rings) {
        for (let i = 0; i < r.length; i += 2) {
          x0 = Math.min(x0, r[i]!);
          x1 = Math.max(x1, r[i]!);
          y0 = Math.min(y0, r[i + 1]!);
          y1 = Math.max(y1, r[i + 1]!);
        }
      }
      minX = Math.min(minX, x0);
      minY = Math.min(minY, y0);
      maxX = Math.max(maxX, x1);
      maxY = Math.max(maxY, y1);
      maxHeight = Math.max(maxHeight, p.height);
      return [x0, y0, x1, y1] as const;
    });
    if (prisms.length === 0) minX = minY = maxX = maxY = 0;
    this.maxHeight = maxHeight;
    this.minX = minX;
    this.minY = minY;
    this.nx = Math.max(1, Math.ceil((maxX - minX) / CELL_M) + 1);
    this.ny = Math.max(1, Math.ceil((maxY - minY) / CELL_M) + 1);
    // Two passes over each prism's box: count per cell, then fill.
    const counts = new Uint32Array(this.nx * this.ny + 1);
    const eachCell = (b: readonly [number, number, number, number], f: (c: number) => void): void => {
      const i0 = this.cellX(b[0]);
      const i1 = this.cellX(b[2]);
      const j0 = this.cellY(b[1]);
      const j1 = this.cellY(b[3]);
      for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) f(j * this.nx + i);
    };
    for (const b of boxes) eachCell(b, (c) => counts[c + 1]!++);
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1]! += counts[c]!;
    this.cellStart = counts.slice();
    this.cellPrisms = new Uint32Array(counts[this.nx * this.ny]!);
    boxes.forEach((b, p) => eachCell(b, (c) => (this.cellPrisms[counts[c]!++] = p)));
    this.stamp = new Uint32Array(prisms.length);
  }

  private cellX(x: number): number {
    return Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.minX) / CELL_M)));
  }
  private cellY(y: number): number {
    return Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.minY) / CELL_M)));
  }

  /**
   * The first place where the segment a → b (x, y, z in metres) runs inside a building below its
   * roof, or null when it is clear. `firstOnly` false stops at any hit (a blocked sun ray needs no more).
   * Prisms in `skip` (a set of indices) are ignored.
   */
  segmentHit(ax: number, ay: number, az: number, bx: number, by: number, bz: number, first = true, skip?: ReadonlySet<number>): Hit | null {
    const q = ++this.query;
    if (q === 0xffffffff) {
      this.stamp.fill(0);
      this.query = 1;
    }
    let best: Hit | null = null;
    // Amanatides–Woo traversal of the grid cells the segment's plan crosses, in order.
    const dx = bx - ax;
    const dy = by - ay;
    let i = this.cellX(ax);
    let j = this.cellY(ay);
    const iEnd = this.cellX(bx);
    const jEnd = this.cellY(by);
    const stepI = dx > 0 ? 1 : dx < 0 ? -1 : 0;
    const stepJ = dy > 0 ? 1 : dy < 0 ? -1 : 0;
    const tDeltaX = stepI !== 0 ? CELL_M / Math.abs(dx) : Infinity;
    const tDeltaY = stepJ !== 0 ? CELL_M / Math.abs(dy) : Infinity;
    const nextX = this.minX + (i + (stepI > 0 ? 1 : 0)) * CELL_M;
    const nextY = this.minY + (j + (stepJ > 0 ? 1 : 0)) * CELL_M;
    let tMaxX = stepI !== 0 ? (nextX - ax) / dx : Infinity;
    let tMaxY = stepJ !== 0 ? (nextY - ay) / dy : Infinity;
    const cells = this.nx * this.ny;
    for (let guard = 0; guard < cells + 2; guard++) {
      const c = j * this.nx + i;
      for (let k = this.cellStart[c]!; k < this.cellStart[c + 1]!; k++) {
        const p = this.cellPrisms[k]!;
        if (this.stamp[p] === q) continue;
        this.stamp[p] = q;
        if (skip?.has(p)) continue;
        const t = this.prismHit(p, ax, ay, az, dx, dy, bz - az);
        if (t !== null && (best === null || t < best.t)) {
          best = { t, prism: p };
          if (!first) return best;
        }
      }
      // A hit inside this cell is before anything in later cells.
      const tExit = Math.min(tMaxX, tMaxY);
      if (best !== null && best.t <= tExit) return best;
      if (i === iEnd && j === jEnd) break;
      if (tMaxX < tMaxY) {
        i += stepI;
        tMaxX += tDeltaX;
      } else {
        j += stepJ;
        tMaxY += tDeltaY;
      }
      if (i < 0 || j < 0 || i >= this.nx || j >= this.ny) break;
    }
    return best;
  }

  /**
   * Where the segment first runs below prism p's roof inside its footprint, as a fraction along it.
   * The segment is straight, so inside the footprint its height is lowest where it crosses an edge
   * or at an end: those are the only places to test.
   */
  prismHit(p: number, ax: number, ay: number, az: number, dx: number, dy: number, dz: number): number | null {
    this.tests++;
    const { rings, height } = this.prisms[p]!;
    if (az >= height && az + dz >= height) return null;
    let best = Infinity;
    let insideA = false;
    let insideB = false;
    const bx = ax + dx;
    const by = ay + dy;
    for (const r of rings) {
      const n = r.length / 2;
      for (let e = 0, f = n - 1; e < n; f = e++) {
        const x1 = r[2 * f]!;
        const y1 = r[2 * f + 1]!;
        const x2 = r[2 * e]!;
        const y2 = r[2 * e + 1]!;
        // Even-odd rule for the two ends.
        if (y2 > ay !== y1 > ay && ax < ((x1 - x2) * (ay - y2)) / (y1 - y2) + x2) insideA = !insideA;
        if (y2 > by !== y1 > by && bx < ((x1 - x2) * (by - y2)) / (y1 - y2) + x2) insideB = !insideB;
        const ex = x2 - x1;
        const ey = y2 - y1;
        const den = dx * ey - dy * ex;
        if (den === 0) continue;
        const t = ((x1 - ax) * ey - (y1 - ay) * ex) / den;
        const u = ((x1 - ax) * dy - (y1 - ay) * dx) / den;
        if (t < 0 || t > 1 || u < 0 || u > 1 || t >= best) continue;
        if (az + t * dz < height) best = t;
      }
    }
    if (insideA && az < height) return 0;
    if (best !== Infinity) return best;
    if (insideB && az + dz < height) return 1;
    return null;
  }

  /** The prism whose footprint holds (x, y), or -1. */
  prismAt(x: number, y: number): number {
    const c = this.cellY(y) * this.nx + this.cellX(x);
    for (let k = this.cellStart[c]!; k < this.cellStart[c + 1]!; k++) {
      const p = this.cellPrisms[k]!;
      // A point is a segment of no length below every roof: it hits the prism whose footprint holds it.
      if (this.prismHit(p, x, y, -Infinity, 0, 0, 0) !== null) return p;
    }
    return -1;
  }

  /** The naive baseline for the benchmark: every prism tested for every segment, no grid. */
  segmentHitNaive(ax: number, ay: number, az: number, bx: number, by: number, bz: number): Hit | null {
    let best: Hit | null = null;
    for (let p = 0; p < this.prisms.length; p++) {
      const t = this.prismHit(p, ax, ay, az, bx - ax, by - ay, bz - az);
      if (t !== null && (best === null || t < best.t)) best = { t, prism: p };
    }
    return best;
  }
}
