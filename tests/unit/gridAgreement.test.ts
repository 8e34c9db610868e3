/**
 * Proof of agreement: the grid engine against a naive loop of Turf `booleanPointInPolygon` over
 * all 18,649 cells of the default grid, on random points and on the cells' own vertices and edge
 * midpoints. Turf counts boundary points as inside every cell that touches them; the engine must
 * pick exactly one of those (the half-open rule), and agree exactly everywhere else.
 */
import * as turf from '@turf/turf';
import fc from 'fast-check';
import type { Feature, MultiPolygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDistricts } from '../../scripts/basemap/districts.ts';
import { GRID_SEED, readEchartsGuangzhou } from '../../scripts/build-data.ts';
import { generateGrid, GUANGZHOU_GRID_CELLS } from '../../scripts/grid/generateGrid.ts';
import { decodeGrid, encodeGrid } from '../../src/analysis/gridFormat.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { cellGeometry } from '../../src/analysis/gridMesh.ts';

let index: GridIndex;
let cells: { feature: Feature<MultiPolygon>; bbox: number[] }[];

beforeAll(() => {
  // Through the shipped binary form, exactly as the app loads it.
  const grid = decodeGrid(encodeGrid(generateGrid(buildDistricts(readEchartsGuangzhou()), { count: GUANGZHOU_GRID_CELLS, seed: GRID_SEED })));
  index = new GridIndex(grid);
  cells = Array.from({ length: index.cellCount }, (_, c) => {
    const feature = turf.feature(cellGeometry(index.grid, c)) as Feature<MultiPolygon>;
    return { feature, bbox: Array.from(index.bboxes.subarray(4 * c, 4 * c + 4)) };
  });
}, 60_000);

/** The naive answer: every cell Turf says holds the point (bbox first, as Turf users do). */
function turfHits(lon: number, lat: number): number[] {
  const out: number[] = [];
  cells.forEach(({ feature, bbox }, c) => {
    if (lon < bbox[0]! || lon > bbox[2]! || lat < bbox[1]! || lat > bbox[3]!) return;
    if (turf.booleanPointInPolygon([lon, lat], feature)) out.push(c);
  });
  return out;
}

/** Why the engine disagrees with Turf at a point, or null when it agrees. */
function disagreement(lon: number, lat: number): string | null {
  const engine = index.cellAt(lon, lat);
  const hits = turfHits(lon, lat);
  const holders = [...new Set([...hits, engine].filter((c) => c >= 0))].filter((c) => index.contains(c, lon, lat));
  const at = `(${lon}, ${lat}): engine ${engine}, Turf [${hits.join(', ')}], holders [${holders.join(', ')}]`;
  if (hits.length === 1 && engine === hits[0]) return null;
  if (hits.length === 0) return engine === -1 ? null : `outside by Turf ${at}`;
  // On a boundary: the engine picks one of Turf's cells, and it is the only one that holds it…
  if (engine >= 0) return hits.includes(engine) && holders.length === 1 ? null : `boundary ${at}`;
  // …or the point is on the city's outer edge, which belongs to no cell beyond it.
  return holders.length === 0 && hits.length <= 2 ? null : `dropped ${at}`;
}

/** Runs a property whose predicate explains a disagreement; returns the first one, or null. */
function findDisagreement<T extends unknown[]>(arbs: { [K in keyof T]: fc.Arbitrary<T[K]> }, check: (...args: T) => string | null, numRuns: number, seed: number): string | null {
  let first: string | null = null;
  const property = fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), (...args: unknown[]) => {
    const why = check(...(args as T));
    first ??= why;
    return why === null;
  });
  const result = fc.check(property, { numRuns, seed });
  return first ?? (result.failed ? 'property failed' : null);
}

describe('grid engine agrees with a naive Turf loop', () => {
  it('has exactly 18,649 cells', () => {
    expect(index.cellCount).toBe(18_649);
  });

  it('on random points across the city', () => {
    const [w, s, e, n] = index.extent;
    expect(findDisagreement([fc.double({ min: w - 0.05, max: e + 0.05, noNaN: true }), fc.double({ min: s - 0.05, max: n + 0.05, noNaN: true })], disagreement, 400, 18649)).toBeNull();
  }, 120_000);

  it('on cell vertices, where three cells usually meet', () => {
    expect(findDisagreement([fc.integer({ min: 0, max: index.grid.coords.length / 2 - 1 })], (p: number) => disagreement(index.grid.coords[2 * p]!, index.grid.coords[2 * p + 1]!), 300, 7)).toBeNull();
  }, 120_000);

  it('on the midpoints of cell edges', () => {
    const { ringPointStart, coords } = index.grid;
    const midpoint = (r: number, k: number): string | null => {
      const start = ringPointStart[r]!;
      const len = ringPointStart[r + 1]! - start;
      const i = start + (k % len);
      const j = start + ((k + 1) % len);
      const [ax, ay, bx, by] = [coords[2 * i]!, coords[2 * i + 1]!, coords[2 * j]!, coords[2 * j + 1]!];
      const mx = (ax + bx) / 2;
      const my = (ay + by) / 2;
      // A computed midpoint sits within 1e-16° of its edge, on whichever side rounding put it, and
      // Turf's arithmetic may see the other side than ours. Either cell along the edge is right;
      // Turf names them when the point is nudged a nanodegree off the edge each way.
      const norm = Math.hypot(bx - ax, by - ay);
      const nx = (-(by - ay) / norm) * 1e-9;
      const ny = ((bx - ax) / norm) * 1e-9;
      const left = turfHits(mx + nx, my + ny);
      const right = turfHits(mx - nx, my - ny);
      const acceptable = [...new Set([...turfHits(mx, my), ...left, ...right])];
      const engine = index.cellAt(mx, my);
      const at = `(${mx}, ${my}): engine ${engine}, acceptable [${acceptable.join(', ')}]`;
      if (engine < 0) return left.length * right.length === 0 ? null : `dropped ${at}`;
      const holders = acceptable.filter((c) => index.contains(c, mx, my));
      return acceptable.includes(engine) && holders.length === 1 && holders[0] === engine ? null : `edge ${at}`;
    };
    expect(findDisagreement([fc.integer({ min: 0, max: ringPointStart.length - 2 }), fc.nat()], midpoint, 300, 11)).toBeNull();
  }, 120_000);

  it('tiles the districts: cell areas add up to the district areas, so no gaps and no overlaps', () => {
    const districts = buildDistricts(readEchartsGuangzhou());
    const cellArea = new Map<string, number>();
    cells.forEach(({ feature }, c) => {
      const d = index.grid.districts[index.grid.district[c]!]!;
      cellArea.set(d, (cellArea.get(d) ?? 0) + turf.area(feature));
    });
    for (const d of districts.features) {
      expect(cellArea.get(d.properties.adcode)! / turf.area(d)).toBeCloseTo(1, 5);
    }
  });
});
