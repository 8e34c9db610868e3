import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importGridGeoJson } from './gridImport.ts';
import { buildGridMesh, uniqueEdges } from './gridMesh.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../tests/fixtures/grid/${name}`, import.meta.url), 'utf8'));

/** Planar area, in square degrees, of each cell's triangles. */
function triangleAreas(coords: Float64Array, indices: Uint32Array, vertexCell: Float32Array, cells: number): number[] {
  const areas = Array.from({ length: cells }, () => 0);
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [indices[t]!, indices[t + 1]!, indices[t + 2]!];
    const cross = (coords[2 * b]! - coords[2 * a]!) * (coords[2 * c + 1]! - coords[2 * a + 1]!) - (coords[2 * b + 1]! - coords[2 * a + 1]!) * (coords[2 * c]! - coords[2 * a]!);
    expect(vertexCell[b]).toBe(vertexCell[a]);
    expect(vertexCell[c]).toBe(vertexCell[a]);
    areas[vertexCell[a]!]! += Math.abs(cross) / 2;
  }
  return areas;
}

const square = (w: number, s: number, size: number): number[][] => [[w, s], [w + size, s], [w + size, s + size], [w, s + size], [w, s]];

describe('grid mesh', () => {
  it('covers each cell of the 2×2 tiling exactly, and draws each of its 12 edges once', () => {
    const { grid } = importGridGeoJson(fixture('tiling-2x2.geojson'));
    const mesh = buildGridMesh(grid, 30);
    for (const area of triangleAreas(grid.coords, mesh.indices, mesh.vertexCell, 4)) expect(area).toBeCloseTo(1e-4, 12);
    expect(uniqueEdges(grid).length / 2).toBe(12);
    expect(mesh.outline.length).toBe(12 * 2 * 3);
    // Every vertex inside the bounding sphere, and the sphere not much larger than the 2 km block.
    const { center, radius } = mesh.bounds;
    for (let i = 0; i < mesh.positions.length; i += 3) expect(Math.hypot(mesh.positions[i]! - center[0], mesh.positions[i + 1]! - center[1], mesh.positions[i + 2]! - center[2])).toBeLessThanOrEqual(radius);
    expect(radius).toBeLessThan(2000);
    const [first] = uniqueEdges(grid);
    expect(Array.from(mesh.outline.subarray(0, 3))).toEqual(Array.from(mesh.positions.subarray(3 * first!, 3 * first! + 3)));
  });

  it('ear-clips a cell that is not convex and leaves its hole open', () => {
    const { grid, report } = importGridGeoJson({
      type: 'FeatureCollection',
      features: [
        // An L: three unit squares.
        { type: 'Feature', properties: { id: '440106-0001', district: '440106' }, geometry: { type: 'Polygon', coordinates: [[[113.3, 23.1], [113.32, 23.1], [113.32, 23.11], [113.31, 23.11], [113.31, 23.12], [113.3, 23.12], [113.3, 23.1]]] } },
        // A 0.02° square with a 0.01° hole.
        { type: 'Feature', properties: { id: '440106-0002', district: '440106' }, geometry: { type: 'Polygon', coordinates: [square(113.4, 23.1, 0.02), square(113.405, 23.105, 0.01).toReversed()] } },
      ],
    });
    expect(report.rejected).toEqual({});
    const mesh = buildGridMesh(grid, 30);
    const [l, holed] = triangleAreas(grid.coords, mesh.indices, mesh.vertexCell, 2);
    expect(l).toBeCloseTo(3e-4, 12);
    expect(holed).toBeCloseTo(4e-4 - 1e-4, 12);
  });
});
