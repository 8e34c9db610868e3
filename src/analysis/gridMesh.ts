import earcut from 'earcut';
import { geodeticToEcef } from './ellipsoid.ts';
import type { PackedGrid } from './gridFormat.ts';

/** Triangles and outlines of every cell, in ECEF metres, ready for one batched primitive. */
export interface GridMesh {
  /** xyz per vertex; each cell has vertices of its own. */
  positions: Float64Array;
  /** The cell of each vertex, as a float because the shader reads it as a vertex attribute. */
  vertexCell: Float32Array;
  indices: Uint32Array;
  /** Line segments (pairs of xyz) of all cell edges, each shared edge once. */
  outline: Float64Array;
  /** A sphere holding every vertex: centre xyz and radius, metres. */
  bounds: { center: [number, number, number]; radius: number };
}

/** The box centre and the farthest vertex from it: not the tightest sphere, but one pass. */
export function boundingSphere(positions: Float64Array): GridMesh['bounds'] {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3]!, positions[i]!);
    hi[i % 3] = Math.max(hi[i % 3]!, positions[i]!);
  }
  const center: [number, number, number] = [(lo[0]! + hi[0]!) / 2, (lo[1]! + hi[1]!) / 2, (lo[2]! + hi[2]!) / 2];
  let r2 = 0;
  for (let i = 0; i < positions.length; i += 3) r2 = Math.max(r2, (positions[i]! - center[0]) ** 2 + (positions[i + 1]! - center[1]) ** 2 + (positions[i + 2]! - center[2]) ** 2);
  return { center, radius: Math.sqrt(r2) };
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

/**
 * Every ring edge as a pair of point indices, an edge shared by two cells only once. Points are
 * given one id per position, to 1e-7° (grid.bin's own quantum; coarser only for grids wider than
 * 6.7°, so that the key stays an exact integer), and an edge is known by its two ids.
 */
export function uniqueEdges(grid: PackedGrid): Uint32Array {
  const { ringPointStart, coords } = grid;
  const n = coords.length / 2;
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (let p = 0; p < n; p++) {
    west = Math.min(west, coords[2 * p]!);
    east = Math.max(east, coords[2 * p]!);
    south = Math.min(south, coords[2 * p + 1]!);
    north = Math.max(north, coords[2 * p + 1]!);
  }
  const steps = 2 ** 26;
  const perDegree = Math.min(1e7, (steps - 1) / Math.max(east - west, north - south, 1e-9));
  const idOf = new Map<number, number>();
  const id = new Uint32Array(n);
  for (let p = 0; p < n; p++) {
    const key = Math.round((coords[2 * p]! - west) * perDegree) * steps + Math.round((coords[2 * p + 1]! - south) * perDegree);
    let known = idOf.get(key);
    if (known === undefined) idOf.set(key, (known = idOf.size));
    id[p] = known;
  }
  const ids = idOf.size;
  const seen = new Set<number>();
  const out: number[] = [];
  for (let r = 0; r + 1 < ringPointStart.length; r++) {
    const start = ringPointStart[r]!;
    const end = ringPointStart[r + 1]!;
    for (let i = start, j = end - 1; i < end; j = i++) {
      const key = Math.min(id[i]!, id[j]!) * ids + Math.max(id[i]!, id[j]!);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(j, i);
    }
  }
  return Uint32Array.from(out);
}

/** Is the ring [start, end) convex (as clipped Voronoi cells mostly are)? Collinear points allowed. */
function convex(coords: Float64Array, start: number, end: number): boolean {
  let sign = 0;
  for (let k = 0; k < end - start; k++) {
    const a = start + k;
    const b = start + ((k + 1) % (end - start));
    const c = start + ((k + 2) % (end - start));
    const cross = (coords[2 * b]! - coords[2 * a]!) * (coords[2 * c + 1]! - coords[2 * b + 1]!) - (coords[2 * b + 1]! - coords[2 * a + 1]!) * (coords[2 * c]! - coords[2 * b]!);
    if (cross === 0) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}

/** Triangulates each cell (a fan if convex, else earcut), holes and parts as `cellPolygons` groups them. */
export function buildGridMesh(grid: PackedGrid, height: number): GridMesh {
  const { cellRingStart, ringPointStart, coords } = grid;
  const cells = cellRingStart.length - 1;
  const positions = new Float64Array(3 * (coords.length / 2));
  for (let p = 0; p < coords.length / 2; p++) positions.set(geodeticToEcef(coords[2 * p]!, coords[2 * p + 1]!, height), 3 * p);
  const vertexCell = new Float32Array(coords.length / 2);
  const indices: number[] = [];
  for (let c = 0; c < cells; c++) {
    const r0 = cellRingStart[c]!;
    vertexCell.fill(c, ringPointStart[r0]!, ringPointStart[cellRingStart[c + 1]!]!);
    for (const rings of cellPolygons(grid, c)) {
      const outer = r0 + rings[0]!;
      const start = ringPointStart[outer]!;
      const end = ringPointStart[outer + 1]!;
      if (rings.length === 1 && convex(coords, start, end)) {
        // A fan: most cells need no ear clipping.
        for (let p = start + 1; p + 1 < end; p++) indices.push(start, p, p + 1);
        continue;
      }
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
  }
  const edges = uniqueEdges(grid);
  const outline = new Float64Array(3 * edges.length);
  edges.forEach((p, k) => outline.set(positions.subarray(3 * p, 3 * p + 3), 3 * k));
  // The outline's ends are fill vertices, so one sphere bounds both.
  return { positions, vertexCell, indices: Uint32Array.from(indices), outline, bounds: boundingSphere(positions) };
}
