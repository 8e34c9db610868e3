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
 * Triangulates each cell with earcut. A cell's rings are an even–odd set; a ring wound against
 * the cell's largest ring is a hole of it, any other ring a further part.
 */
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
    const areas: number[] = [];
    for (let r = r0; r < r1; r++) areas.push(signedArea(coords, ringPointStart[r]!, ringPointStart[r + 1]!));
    const main = areas.reduce((best, a, k) => (Math.abs(a) > Math.abs(areas[best]!) ? k : best), 0);
    const mainSign = Math.sign(areas[main]!);
    // -1 stands for the main ring with its holes.
    const parts: number[] = [];
    const holes: number[] = [];
    areas.forEach((a, k) => {
      if (k === main) parts.push(-1);
      else if (Math.sign(a) !== mainSign) holes.push(k);
      else parts.push(k);
    });
    for (const part of parts) {
      const rings = part === -1 ? [main, ...holes] : [part];
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
