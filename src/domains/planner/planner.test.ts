import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CityAnalysis } from '../../analysis/cityAnalysis.ts';
import { importGridGeoJson } from '../../analysis/gridImport.ts';
import type { BuildingRows } from '../../analysis/buildingsFormat.ts';
import { lineLengthM, pointsInArea, polygonAreaM2, queryArea, queryCity } from './planner.ts';

// The 2×2 fixture: cells 0 SW, 1 SE, 2 NW, 3 NE, each 0.01° square, from (113.30, 23.10).
const { grid } = importGridGeoJson(JSON.parse(readFileSync(new URL('../../../tests/fixtures/grid/tiling-2x2.geojson', import.meta.url), 'utf8')));
/** id, lon, lat, height m, floor area m², use (0 residential, 1 office) */
const places: [string, number, number, number, number, number][] = [
  ['sw-res', 113.302, 23.102, 30, 1000, 0],
  ['sw-tower', 113.308, 23.108, 120, 2500, 1],
  ['se-res', 113.315, 23.105, 60, 400, 0],
  ['nw-res', 113.303, 23.115, 80, 900, 0],
];
const rows: BuildingRows = {
  count: places.length,
  lonLat: Float64Array.from(places.flatMap(([, x, y]) => [x, y])),
  height: Float32Array.from(places, (p) => p[3]),
  floorArea: Float32Array.from(places, (p) => p[4]),
  use: Uint8Array.from(places, (p) => p[5]),
  id: (i) => places[i]![0],
};
const city = new CityAnalysis(grid, rows);
/** Most of the fixture's west column (SW and NW), stopping short of the east cells' edge. */
const WEST = { type: 'Polygon' as const, coordinates: [[[113.3, 23.1], [113.309, 23.1], [113.309, 23.12], [113.3, 23.12], [113.3, 23.1]]] };

describe('measurement', () => {
  it('measures a line: one degree along the equator is 2π·6,371,008.8 m / 360', () => {
    expect(lineLengthM({ type: 'LineString', coordinates: [[0, 0], [0.5, 0], [1, 0]] })).toBeCloseTo(111_195.08, 1);
  });

  it('measures an area: a 0.01° square at 23.1° N, by the spherical formula R²·Δλ·(sin φ₂ − sin φ₁)', () => {
    // Turf's mean earth radius.
    const R = 6_371_008.8;
    const rad = Math.PI / 180;
    const expected = R * R * 0.01 * rad * (Math.sin(23.11 * rad) - Math.sin(23.1 * rad));
    const square = { type: 'Polygon' as const, coordinates: [[[113.3, 23.1], [113.31, 23.1], [113.31, 23.11], [113.3, 23.11], [113.3, 23.1]]] };
    // By hand: 1,111.95 m north–south × 1,111.95 · cos 23.105° = 1,022.78 m east–west ≈ 1,137,300 m².
    expect(expected).toBeCloseTo(1_137_300, -3);
    expect(polygonAreaM2(square) / expected).toBeCloseTo(1, 3);
  });
});

describe('area and buffer queries', () => {
  it('selects the buildings, their floor area by use, and the cells inside a drawn polygon', () => {
    const r = queryCity(city, WEST, 0, null, 2)!;
    expect(r.buildingCount).toBe(3);
    expect(r.countByUse).toEqual([2, 1]);
    expect(r.floorAreaByUse).toEqual([1900, 2500]);
    expect(r.cells).toEqual(['440106-0001', '440106-0003']);
  });

  it('needs a buffer around a point or a line, and grows the area by it', () => {
    const point = { type: 'Point' as const, coordinates: [113.315, 23.105] };
    expect(queryArea(point, 0)).toBeNull();
    // 300 m around se-res: only se-res itself (sw-tower is 0.007° ≈ 716 m west, 0.003° ≈ 333 m north).
    const near = queryCity(city, point, 300, null, 2)!;
    expect(near.buildingCount).toBe(1);
    expect(near.areaM2).toBeGreaterThan(Math.PI * 300 * 300 * 0.98);
    expect(near.areaM2).toBeLessThan(Math.PI * 300 * 300 * 1.01);
    // 800 m reaches sw-tower (≈ 787 m), not sw-res (≈ 1.33 km).
    expect(queryCity(city, point, 800, null, 2)!.buildingCount).toBe(2);
  });

  it('finds sensor points inside an area', () => {
    const sensors = [113.301, 23.101, 113.315, 23.105, 113.304, 23.119, 113.4, 23.1];
    expect(pointsInArea(sensors, WEST)).toEqual([0, 2]);
  });
});

describe('height limit', () => {
  it('lists the buildings over the limit inside the area, tallest first', () => {
    expect(queryCity(city, WEST, 0, 50, 2)!.overLimit.map((b) => [b.id, b.height])).toEqual([
      ['sw-tower', 120],
      ['nw-res', 80],
    ]);
    expect(queryCity(city, WEST, 0, 120, 2)!.overLimit).toEqual([]);
  });

  it('counts a proposed building inside the area like any other, and leaves one outside out', () => {
    const proposed = [
      { id: 'P1', lon: 113.305, lat: 23.11, height: 150, floorArea: 9000, use: 1 },
      { id: 'P2', lon: 113.4, lat: 23.11, height: 300, floorArea: 1, use: 1 },
    ];
    const r = queryCity(city, WEST, 0, 50, 2, proposed)!;
    expect(r.overLimit.map((b) => b.id)).toEqual(['P1', 'sw-tower', 'nw-res']);
    expect(r.buildingCount).toBe(queryCity(city, WEST, 0, 50, 2)!.buildingCount + 1);
    expect(r.floorAreaByUse[1]! - queryCity(city, WEST, 0, 50, 2)!.floorAreaByUse[1]!).toBe(9000);
  });
});
