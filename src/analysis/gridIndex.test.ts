import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeGrid, encodeGrid } from './gridFormat.ts';
import { importGridGeoJson } from './gridImport.ts';
import { GridIndex } from './gridIndex.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../tests/fixtures/grid/${name}`, import.meta.url), 'utf8'));

describe('GridIndex on the 2×2 fixture', () => {
  const { grid, ids } = importGridGeoJson(fixture('tiling-2x2.geojson'));
  // A coarse raster puts the fixture's edges inside pixels and exercises the exact fallback.
  for (const width of [7, 64, 1024]) {
    const index = new GridIndex(grid, width);
    const points = (fixture('points-on-boundaries.geojson') as { features: { properties: { expected: string | null; case: string }; geometry: { coordinates: [number, number] } }[] }).features;
    it.each(points.map((p) => [p.properties.case, p] as const))(`raster ${width}: %s`, (_label, p) => {
      const [lon, lat] = p.geometry.coordinates;
      const cell = index.cellAt(lon, lat);
      expect(cell < 0 ? null : ids[cell]).toBe(p.properties.expected);
      expect(cell).toBe(index.cellAtExact(lon, lat));
      // Exactly one cell holds a point inside the city, none outside it.
      const holders = ids.filter((_, c) => index.contains(c, lon, lat));
      expect(holders).toEqual(p.properties.expected ? [p.properties.expected] : []);
    });
  }
});

describe('grid import and format', () => {
  it('skips broken cells with a reason each and keeps the good one', () => {
    const { ids, report } = importGridGeoJson(fixture('broken-cells.geojson'));
    expect(ids).toEqual(['440106-0001']);
    expect(report.rejected).toEqual({ 'bad-geometry': 1, 'no-id': 1, 'duplicate-id': 1, 'too-few-points': 1, 'non-finite': 1, 'out-of-range': 1, 'not-a-feature': 1 });
  });

  it('rejects a document that is not a FeatureCollection', () => {
    expect(() => importGridGeoJson({ type: 'Feature' })).toThrow('not a GeoJSON FeatureCollection');
  });

  it('round-trips through grid.bin, to the quantum', () => {
    const { grid } = importGridGeoJson(fixture('tiling-2x2.geojson'));
    const back = decodeGrid(encodeGrid(grid));
    expect(back.districts).toEqual(grid.districts);
    expect(Array.from(back.serial)).toEqual(Array.from(grid.serial));
    expect(Array.from(back.cellRingStart)).toEqual(Array.from(grid.cellRingStart));
    for (let i = 0; i < grid.coords.length; i++) expect(Math.abs(back.coords[i]! - grid.coords[i]!)).toBeLessThan(1e-7);
  });

  it('refuses a truncated or foreign file with a clear reason', () => {
    const { grid } = importGridGeoJson(fixture('tiling-2x2.geojson'));
    const bytes = encodeGrid(grid);
    expect(() => decodeGrid(bytes.subarray(0, bytes.length - 8))).toThrow('truncated');
    expect(() => decodeGrid(new TextEncoder().encode('PK\u0003\u0004 not a grid'))).toThrow('bad magic');
  });
});
