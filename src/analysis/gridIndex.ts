import Flatbush from 'flatbush';
import type { PackedGrid } from './gridFormat.ts';
import { pointInRings } from './pointInPolygon.ts';

const EDGE_BIT = 0x80000000;

/**
 * Point → grid cell, fast and exact.
 *
 * A raster over the grid's extent stores, for each pixel, the one cell that covers the whole
 * pixel, "outside", or "edge" when any cell edge touches the pixel. Most points are answered by
 * one array read; points in edge pixels fall back to an exact point-in-polygon test of the cells
 * whose boxes hold them (flatbush). Because edge pixels are marked conservatively, the raster
 * never changes an answer: the result is always that of the exact test, whose boundary rule is
 * documented in pointInPolygon.ts (a point on a shared edge belongs to the cell east of it, or
 * north of an east–west edge).
 */
export class GridIndex {
  readonly cellCount: number;
  /** west, south, east, north per cell. */
  readonly bboxes: Float64Array;
  readonly extent: [number, number, number, number];
  private readonly tree: Flatbush;
  /** 0 outside; cell + 1 inside one cell; EDGE_BIT | k for the k-th edge pixel. */
  private readonly raster: Uint32Array;
  /** Candidate cells of edge pixel k: edgeCells[edgeStart[k] .. edgeStart[k + 1]). */
  private readonly edgeStart: Uint32Array;
  private readonly edgeCells: Uint32Array;
  private readonly width: number;
  private readonly height: number;
  private readonly dx: number;
  private readonly dy: number;

  constructor(
    readonly grid: PackedGrid,
    /** Raster columns; rows follow for square pixels on the ground. */
    rasterWidth = 2048,
  ) {
    const { cellRingStart, ringPointStart, coords } = grid;
    this.cellCount = cellRingStart.length - 1;
    this.bboxes = new Float64Array(4 * this.cellCount);
    this.tree = new Flatbush(Math.max(1, this.cellCount));
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (let c = 0; c < this.cellCount; c++) {
      let cw = Infinity, cs = Infinity, ce = -Infinity, cn = -Infinity;
      for (let p = ringPointStart[cellRingStart[c]!]!; p < ringPointStart[cellRingStart[c + 1]!]!; p++) {
        const x = coords[2 * p]!;
        const y = coords[2 * p + 1]!;
        if (x < cw) cw = x;
        if (x > ce) ce = x;
        if (y < cs) cs = y;
        if (y > cn) cn = y;
      }
      this.bboxes.set([cw, cs, ce, cn], 4 * c);
      this.tree.add(cw, cs, ce, cn);
      w = Math.min(w, cw);
      s = Math.min(s, cs);
      e = Math.max(e, ce);
      n = Math.max(n, cn);
    }
    if (this.cellCount === 0) this.tree.add(0, 0, 0, 0);
    this.tree.finish();
    this.extent = [w, s, e, n];

    this.width = rasterWidth;
    this.dx = (e - w) / rasterWidth || 1;
    this.dy = this.dx * Math.cos((((s + n) / 2) * Math.PI) / 180);
    this.height = Math.max(1, Math.ceil((n - s) / this.dy));
    const raster = new Uint32Array(this.width * this.height);
    this.raster = raster;
    for (let c = 0; c < this.cellCount; c++) this.fillCell(c);
    // Edge pixels get an ordinal, then a list of the cells whose edges touch them (CSR), so the
    // fallback tests two or three cells instead of searching the box index.
    for (let c = 0; c < this.cellCount; c++) this.edgeSpans(c, (from, to) => raster.fill(EDGE_BIT, from, to));
    let edges = 0;
    for (let i = 0; i < raster.length; i++) if (raster[i] === EDGE_BIT) raster[i] = EDGE_BIT | edges++;
    const counts = new Uint32Array(edges + 1);
    this.forEachEdgeCell(edges, (k) => counts[k + 1]!++);
    for (let k = 0; k < edges; k++) counts[k + 1]! += counts[k]!;
    this.edgeStart = counts;
    const cellsOfEdge = new Uint32Array(counts[edges]!);
    this.edgeCells = cellsOfEdge;
    const fill = counts.slice(0, edges);
    this.forEachEdgeCell(edges, (k, c) => (cellsOfEdge[fill[k]!++] = c));
  }

  /** Calls `visit(k, cell)` once for each cell whose edges touch edge pixel k. */
  private forEachEdgeCell(edges: number, visit: (k: number, cell: number) => void): void {
    const last = new Int32Array(edges).fill(-1);
    for (let c = 0; c < this.cellCount; c++) {
      this.edgeSpans(c, (from, to) => {
        for (let i = from; i < to; i++) {
          const k = this.raster[i]! & ~EDGE_BIT;
          if (last[k] !== c) {
            last[k] = c;
            visit(k, c);
          }
        }
      });
    }
  }

  /** Writes cell + 1 into every pixel whose centre the cell holds (edges are marked after). */
  private fillCell(c: number): void {
    const { cellRingStart, ringPointStart, coords } = this.grid;
    const s = this.bboxes[4 * c + 1]!;
    const n = this.bboxes[4 * c + 3]!;
    const south = this.extent[1];
    const west = this.extent[0];
    const r0 = Math.max(0, Math.floor((s - south) / this.dy - 0.5));
    const r1 = Math.min(this.height - 1, Math.ceil((n - south) / this.dy - 0.5));
    const xs: number[] = [];
    for (let row = r0; row <= r1; row++) {
      const y = south + (row + 0.5) * this.dy;
      xs.length = 0;
      for (let r = cellRingStart[c]!; r < cellRingStart[c + 1]!; r++) {
        const start = ringPointStart[r]!;
        const end = ringPointStart[r + 1]!;
        for (let i = start, j = end - 1; i < end; j = i++) {
          const yi = coords[2 * i + 1]!;
          const yj = coords[2 * j + 1]!;
          if (yi > y !== yj > y) {
            const xi = coords[2 * i]!;
            const xj = coords[2 * j]!;
            xs.push(yi < yj ? xi + ((y - yi) * (xj - xi)) / (yj - yi) : xj + ((y - yj) * (xi - xj)) / (yi - yj));
          }
        }
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        // Pixel centres x with xs[k] <= x < xs[k + 1], as the exact test decides.
        const c0 = Math.max(0, Math.ceil((xs[k]! - west) / this.dx - 0.5));
        const c1 = Math.min(this.width - 1, Math.ceil((xs[k + 1]! - west) / this.dx - 0.5) - 1);
        this.raster.fill(c + 1, row * this.width + c0, row * this.width + c1 + 1);
      }
    }
  }

  /**
   * Visits, as runs [from, to) of raster indices, every pixel that an edge of the cell touches:
   * closed pixel squares, widened by a hair so that rounding can never leave one out.
   */
  private edgeSpans(c: number, visit: (from: number, to: number) => void): void {
    const { cellRingStart, ringPointStart, coords } = this.grid;
    const [west, south] = this.extent;
    const eps = 1e-7;
    for (let r = cellRingStart[c]!; r < cellRingStart[c + 1]!; r++) {
      const start = ringPointStart[r]!;
      const end = ringPointStart[r + 1]!;
      for (let i = start, j = end - 1; i < end; j = i++) {
        const x0 = (coords[2 * j]! - west) / this.dx;
        const y0 = (coords[2 * j + 1]! - south) / this.dy;
        const x1 = (coords[2 * i]! - west) / this.dx;
        const y1 = (coords[2 * i + 1]! - south) / this.dy;
        const ylo = Math.min(y0, y1);
        const yhi = Math.max(y0, y1);
        const rowLo = Math.max(0, Math.floor(ylo - eps));
        const rowHi = Math.min(this.height - 1, Math.floor(yhi + eps));
        for (let row = rowLo; row <= rowHi; row++) {
          // The part of the segment within this row's band [row, row + 1].
          const a = Math.max(ylo, row);
          const b = Math.min(yhi, row + 1);
          let xa: number;
          let xb: number;
          if (yhi - ylo < 1e-12) {
            xa = x0;
            xb = x1;
          } else {
            xa = x0 + ((a - y0) * (x1 - x0)) / (y1 - y0);
            xb = x0 + ((b - y0) * (x1 - x0)) / (y1 - y0);
          }
          const colLo = Math.max(0, Math.floor(Math.min(xa, xb) - eps));
          const colHi = Math.min(this.width - 1, Math.floor(Math.max(xa, xb) + eps));
          visit(row * this.width + colLo, row * this.width + colHi + 1);
        }
      }
    }
  }

  /** Exact: does cell `c` hold the point, under the half-open boundary rule? */
  contains(c: number, lon: number, lat: number): boolean {
    const b = this.bboxes;
    if (lon < b[4 * c]! || lon > b[4 * c + 2]! || lat < b[4 * c + 1]! || lat > b[4 * c + 3]!) return false;
    const { cellRingStart, ringPointStart, coords } = this.grid;
    return pointInRings(coords, ringPointStart, cellRingStart[c]!, cellRingStart[c + 1]!, lon, lat);
  }

  /** Cells whose bounding boxes meet the box. */
  cellsInBox(west: number, south: number, east: number, north: number): number[] {
    return this.tree.search(west, south, east, north);
  }

  /** The exact answer without the raster: candidates from the box index, then point-in-polygon. */
  cellAtExact(lon: number, lat: number): number {
    for (const c of this.tree.search(lon, lat, lon, lat)) if (this.contains(c, lon, lat)) return c;
    return -1;
  }

  /** The cell holding the point, or -1 outside the grid. */
  cellAt(lon: number, lat: number): number {
    const col = Math.floor((lon - this.extent[0]) / this.dx);
    const row = Math.floor((lat - this.extent[1]) / this.dy);
    if (col < 0 || row < 0 || col >= this.width || row >= this.height || !(lon <= this.extent[2])) return -1;
    const v = this.raster[row * this.width + col]!;
    if (v === 0) return -1;
    if (v < EDGE_BIT) return v - 1;
    const k = v & ~EDGE_BIT;
    for (let i = this.edgeStart[k]!; i < this.edgeStart[k + 1]!; i++) {
      const c = this.edgeCells[i]!;
      if (this.contains(c, lon, lat)) return c;
    }
    return -1;
  }

  /** Batch form: `points` is lon, lat pairs; the answer per point goes into `out`. */
  cellsAt(points: Float64Array, out = new Int32Array(points.length / 2)): Int32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.cellAt(points[2 * i]!, points[2 * i + 1]!);
    return out;
  }

  /** Memory held by the raster and the edge lists, in bytes. */
  get rasterBytes(): number {
    return this.raster.byteLength + this.edgeStart.byteLength + this.edgeCells.byteLength;
  }

  /** Share of raster pixels that need the exact fallback. */
  get edgeShare(): number {
    return (this.edgeStart.length - 1) / this.raster.length;
  }
}
