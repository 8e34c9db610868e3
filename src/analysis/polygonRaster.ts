import { pointInRings } from './pointInPolygon.ts';

const OUTSIDE = 0;
const INSIDE = 1;
const EDGE = 2;

/**
 * Point-in-polygon for a polygon with many vertices (a district border of a thousand points),
 * answered by one array read for most points: a raster over the polygon's box marks each pixel
 * inside, outside, or edge when any ring edge's box touches it. Only points in edge pixels run the
 * exact test, so the answer is always pointInRings' answer (its boundary rule included).
 */
export class PolygonRaster {
  private readonly cells: Uint8Array;
  private readonly west: number;
  private readonly south: number;
  private readonly sx: number;
  private readonly sy: number;

  constructor(
    private readonly coords: ArrayLike<number>,
    private readonly ringStarts: ArrayLike<number>,
    private readonly firstRing: number,
    private readonly endRing: number,
    readonly size = 128,
  ) {
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (let p = ringStarts[firstRing]!; p < ringStarts[endRing]!; p++) {
      w = Math.min(w, coords[2 * p]!);
      e = Math.max(e, coords[2 * p]!);
      s = Math.min(s, coords[2 * p + 1]!);
      n = Math.max(n, coords[2 * p + 1]!);
    }
    this.west = w;
    this.south = s;
    this.sx = size / Math.max(e - w, 1e-12);
    this.sy = size / Math.max(n - s, 1e-12);
    this.cells = new Uint8Array(size * size);
    // Each row's pixel centres by scanline parity, then every pixel an edge's box touches as edge.
    const crossings: number[] = [];
    for (let row = 0; row < size; row++) {
      const y = s + (row + 0.5) / this.sy;
      crossings.length = 0;
      this.forEachEdge((x1, y1, x2, y2) => {
        if (y1 > y !== y2 > y) crossings.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      });
      crossings.sort((a, b) => a - b);
      for (let c = 0; c + 1 < crossings.length; c += 2) {
        const from = Math.max(0, Math.ceil((crossings[c]! - w) * this.sx - 0.5));
        const to = Math.min(size - 1, Math.floor((crossings[c + 1]! - w) * this.sx - 0.5));
        for (let col = from; col <= to; col++) this.cells[row * size + col] = INSIDE;
      }
    }
    this.forEachEdge((x1, y1, x2, y2) => {
      const c0 = this.col(Math.min(x1, x2));
      const c1 = this.col(Math.max(x1, x2));
      const r0 = this.row(Math.min(y1, y2));
      const r1 = this.row(Math.max(y1, y2));
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) this.cells[r * size + c] = EDGE;
    });
  }

  contains(x: number, y: number): boolean {
    const fc = (x - this.west) * this.sx;
    const fr = (y - this.south) * this.sy;
    if (!(fc >= 0 && fr >= 0 && fc <= this.size && fr <= this.size)) return false;
    const v = this.cells[Math.min(this.size - 1, Math.floor(fr)) * this.size + Math.min(this.size - 1, Math.floor(fc))];
    if (v === INSIDE) return true;
    if (v === OUTSIDE) return false;
    return pointInRings(this.coords, this.ringStarts, this.firstRing, this.endRing, x, y);
  }

  private col(x: number): number {
    return Math.min(this.size - 1, Math.max(0, Math.floor((x - this.west) * this.sx)));
  }

  private row(y: number): number {
    return Math.min(this.size - 1, Math.max(0, Math.floor((y - this.south) * this.sy)));
  }

  private forEachEdge(edge: (x1: number, y1: number, x2: number, y2: number) => void): void {
    const { coords, ringStarts } = this;
    for (let r = this.firstRing; r < this.endRing; r++) {
      const start = ringStarts[r]!;
      const end = ringStarts[r + 1]!;
      for (let i = start, j = end - 1; i < end; j = i++) edge(coords[2 * j]!, coords[2 * j + 1]!, coords[2 * i]!, coords[2 * i + 1]!);
    }
  }
}
