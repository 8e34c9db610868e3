import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CityAnalysis } from './cityAnalysis.ts';
import { importGridGeoJson } from './gridImport.ts';
import type { BuildingRows } from './buildingsFormat.ts';

// The 2×2 fixture: cells 0 SW, 1 SE, 2 NW, 3 NE, each 0.01° square, from (113.30, 23.10).
const { grid } = importGridGeoJson(JSON.parse(readFileSync(new URL('../../tests/fixtures/grid/tiling-2x2.geojson', import.meta.url), 'utf8')));

/** Hand-placed buildings: two in SW, one in SE, one on the SW|SE edge, one outside the city. */
const places: [string, number, number, number][] = [
  ['sw-a', 113.302, 23.102, 1000],
  ['sw-b', 113.308, 23.108, 2500],
  ['se-a', 113.315, 23.105, 400],
  ['edge', 113.31, 23.104, 800],
  ['out', 113.35, 23.15, 100],
];
const rows: BuildingRows = {
  count: places.length,
  lonLat: Float64Array.from(places.flatMap(([, x, y]) => [x, y])),
  height: Float32Array.from(places, (_, i) => 10 * (i + 1)),
  floorArea: Float32Array.from(places, ([, , , a]) => a),
  use: new Uint8Array(places.length),
  id: (i) => places[i]![0],
};
const engine = new CityAnalysis(grid, rows);

describe('CityAnalysis on hand-checked fixtures', () => {
  it('aggregates buildings and floor area per cell, the edge building going east', () => {
    expect(Array.from(engine.stats.buildings)).toEqual([2, 2, 0, 0]);
    expect(Array.from(engine.stats.floorArea)).toEqual([3500, 1200, 0, 0]);
    expect(engine.buildingCell[4]).toBe(-1);
  });

  it('lists a cell’s buildings tallest first', () => {
    expect(engine.cellDetails(1).buildings.map((b) => b.id)).toEqual(['edge', 'se-a']);
    expect(engine.cellDetails(0)).toMatchObject({ id: '440106-0001', buildingCount: 2, floorArea: 3500 });
  });

  it('finds what lies inside a drawn polygon', () => {
    // A box over the west half of SW and NW.
    const box = { type: 'Polygon' as const, coordinates: [[[113.299, 23.099], [113.305, 23.099], [113.305, 23.121], [113.299, 23.121], [113.299, 23.099]]] };
    const got = engine.within(box);
    expect(got.cells).toEqual([0, 2]);
    expect(got.buildings.map((i) => rows.id(i))).toEqual(['sw-a']);
  });

  it('finds what lies within a buffer of a drawn point', () => {
    // SE's centre is 0.005° ≈ 512 m from the SW|SE edge and ≈ 554 m from NE, but ≈ 756 m from
    // NW's nearest corner: 600 m takes se-a and the edge building, and meets SW, SE and NE.
    const got = engine.withinBuffer({ type: 'Point', coordinates: [113.315, 23.105] }, 600);
    expect(got.buildings.map((i) => rows.id(i))).toEqual(['se-a', 'edge']);
    expect(got.cells).toEqual([0, 1, 3]);
  });

  it('returns the nearest buildings, nearest first, with distances', () => {
    const near = engine.nearestBuildings(113.3085, 23.1085, 2);
    expect(near.map((n) => rows.id(n.building))).toEqual(['sw-b', 'edge']);
    // 0.0005° east ≈ 51.2 m and 0.0005° north ≈ 55.4 m at 23.1° N.
    expect(near[0]!.distanceM).toBeCloseTo(75.5, 0);
  });
});
