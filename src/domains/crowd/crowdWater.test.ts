/**
 * The crowd model keeps people off the water (#35): on a fixture of square cells with a river
 * across them, no hexagon centred in the river holds a piece, every cell still has one, and every
 * person of every cell is kept, on the dry hexagons.
 */
import { cellToLatLng } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { buildCrowdModel } from './buildCrowdModel.ts';
import { hexIndex } from './hexMesh.ts';
import { importGridGeoJson } from '../../analysis/gridImport.ts';
import { GridIndex } from '../../analysis/gridIndex.ts';
import { insideArea } from '../../analysis/pointInPolygon.ts';

/** A 6 × 6 grid of cells about 690 m square, and a river 400 m wide across its middle. */
const [W, S, D] = [113.3, 23.1, 0.0067];
const features = Array.from({ length: 36 }, (_, c) => {
  const [x0, y0] = [W + (c % 6) * D, S + Math.floor(c / 6) * D];
  return { type: 'Feature', properties: { id: `440106-${String(c + 1).padStart(4, '0')}` }, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + D, y0], [x0 + D, y0 + D], [x0, y0 + D], [x0, y0]]] } };
});
const index = new GridIndex(importGridGeoJson({ type: 'FeatureCollection', features }).grid);
const river = insideArea({ type: 'Polygon', coordinates: [[[W - 0.01, S + 3 * D - 0.002], [W + 6 * D + 0.01, S + 3 * D - 0.002], [W + 6 * D + 0.01, S + 3 * D + 0.002], [W - 0.01, S + 3 * D + 0.002], [W - 0.01, S + 3 * D - 0.002]]] });
const residents = Float64Array.from({ length: 36 }, (_, c) => 1000 + c * 100);
const daytime = Float64Array.from({ length: 36 }, (_, c) => 2000 + c * 50);
const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0);

describe('the crowd model on a city with a river', () => {
  const model = buildCrowdModel({ index, residents, daytime, venues: [], inWater: river });

  it('gives no hexagon centred in the river a piece, and so no people', () => {
    const centres = Array.from({ length: model.header.hexes }, (_, h) => cellToLatLng(hexIndex(model.hexH3, h)));
    const wet = centres.flatMap(([lat, lon], h) => (river(lon, lat) ? [h] : []));
    expect(wet).toEqual([]);
    // The river is there to be missed: hexagons line both its banks.
    expect(centres.filter(([lat]) => Math.abs(lat - (S + 3 * D)) < 0.004).length).toBeGreaterThan(10);
  });

  it('keeps every cell and every person, on the dry hexagons', () => {
    expect(new Set(model.pieceCell).size).toBe(36);
    expect(sum(model.pieceResidents)).toBeCloseTo(sum(residents), 0);
    expect(sum(model.pieceDaytime)).toBeCloseTo(sum(daytime), 0);
    // A cell's area is still all of it, the river's part too.
    expect(sum(model.cellArea)).toBeCloseTo(sum(buildCrowdModel({ index, residents, daytime, venues: [] }).cellArea), 3);
  });
});
