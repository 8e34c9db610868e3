import earcut from 'earcut';
import { geodeticToEcef } from './ellipsoid.ts';
import type { PackedGrid } from './gridFormat.ts';

/** Triangles and outlines of every cell, in ECEF metres, ready for one batched primitive. */
export interface GridMesh {
  /** xyz per vertex. */
  positions: Float64Array;
  indices: Uint32Array;
  /** Vertices and indices of cell c: [vertexStart[c], vertexStart[c + 1]) and likewise. */
  vertexStart: Uint32Array;
  indexStart: Uint32Array;
  /** Line segments (pairs of xyz) of all cell edges, each shared edge once. */
  outline: Float64Array;
}

function signedArea(coords: Float64Array, start: number, end: number): number {
  let a = 0;
  for (let i = start, j = end - 1; i < end; j = i++) a += (coords[2 * j]! - coords[2 * i]!) * (coords[2 * j + 1]! + coords[2 * i + 1]!);
  return a / 2;
}

/**
 * A cell's rings grouped into polygons: a cell's rings are an even–odd set; a ring wound against
 * the cell's largest ring is a hole of it, any other ring a further part. Returns ring indices
 * (relative to the cell's first ring), outer ring first in each polygon.
 */
export function cellPolygons(grid: PackedGrid, c: number): number[][] {
  const { cellRingStart, ringPointStart, coords } = grid;
  const r0 = cellRingStart[c]!;
  const areas: number[] = [];
  for (let r = r0; r < cellRingStart[c + 1]!; r++) areas.push(signedArea(coords, ringPointStart[r]!, ringPointStart[r + 1]!));
  const main = areas.reduce((best, a, k) => (Math.abs(a) > Math.abs(areas[best]!) ? k : best), 0);
  const mainSign = Math.sign(areas[main]!);
  const holes = areas.map((a, k) => (k !== main && Math.sign(a) !== mainSign ? k : -1)).filter((k) => k >= 0);
  const parts = areas.map((a, k) => (k !== main && Math.sign(a) === mainSign ? [k] : null)).filter((p): p is number[] => p !== null);
  return [[main, ...holes], ...parts];
}

/** A cell as GeoJSON geometry, for export and for checks against Turf. */
export function cellGeometry(grid: PackedGrid, c: number): { type: 'MultiPolygon'; coordinates: number[][][][] } {
  const { cellRingStart, ringPointStart, coords } = grid;
  const ring = (k: number): number[][] => {
    const r = cellRingStart[c]! + k;
    const out: number[][] = [];
    for (let p = ringPointStart[r]!; p < ringPointStart[r + 1]!; p++) out.push([coords[2 * p]!, coords[2 * p + 1]!]);
    out.push(out[0]!);
    return out;
  };
  return { type: 'MultiPolygon', coordinates: cellPolygons(grid, c).map((poly) => poly.map(ring)) };
}

/** Triangulates each cell with earcut, holes and parts as `cellPolygons` groups them. */
export function buildGridMesh(grid: PackedGrid, height: number): GridMesh {
  const { cellRingStart, ringPointStart, coords } = grid;
  const cells = cellRingStart.length - 1;
  const positions = new Float64Array(3 * (coords.length / 2));
  for (let p = 0; p < coords.length / 2; p++) positions.set(geodeticToEcef(coords[2 * p]!, coords[2 * p + 1]!, height), 3 * p);
  const indices: number[] = [];
  const vertexStart = new Uint32Array(cells + 1);
  const indexStart = new Uint32Array(cells + 1);
  const seen = new Set<string>();
  const outline: number[] = [];
  for (let c = 0; c < cells; c++) {
    const r0 = cellRingStart[c]!;
    const r1 = cellRingStart[c + 1]!;
    vertexStart[c] = ringPointStart[r0]!;
    indexStart[c] = indices.length;
    for (const rings of cellPolygons(grid, c)) {
      const flat: number[] = [];
      const holeStarts: number[] = [];
      const vertexOf: number[] = [];
      rings.forEach((k, n) => {
        if (n > 0) holeStarts.push(vertexOf.length);
        const r = r0 + k;
        for (let p = ringPointStart[r]!; p < ringPointStart[r + 1]!; p++) {
          flat.push(coords[2 * p]!, coords[2 * p + 1]!);
          vertexOf.push(p);
        }
      });
      for (const t of earcut(flat, holeStarts, 2)) indices.push(vertexOf[t]!);
    }
    for (let r = r0; r < r1; r++) {
      const start = ringPointStart[r]!;
      const end = ringPointStart[r + 1]!;
      for (let i = start, j = end - 1; i < end; j = i++) {
        const a = `${coords[2 * j]},${coords[2 * j + 1]}`;
        const b = `${coords[2 * i]},${coords[2 * i + 1]}`;
        const key = a < b ? `${a}|${b}` : `${b}|${a}`;
        if (seen.has(key)) continue;
        seen.add(key);
        outline.push(positions[3 * j]!, positions[3 * j + 1]!, positions[3 * j + 2]!, positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!);
      }
    }
  }
  vertexStart[cells] = coords.length / 2;
  indexStart[cells] = indices.length;
  return { positions, indices: Uint32Array.from(indices), vertexStart, indexStart, outline: Float64Array.from(outline) };
}
