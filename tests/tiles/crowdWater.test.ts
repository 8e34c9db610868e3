/**
 * The default crowd model as `npm run tiles` writes it puts nobody on the Pearl River (#35): a
 * hexagon centred in the water carries people only for a grid cell with nowhere dry to put them
 * (its people are kept), and Huacheng Square still fills on
 * New Year's Eve as the crowd e2e test expects: the venue past 95 % of capacity, the densest
 * hexagon in the square at over 200,000 a km², over 10,000 people in its north half.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellToLatLng, cellToParent, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { readWater } from '../../scripts/crowd/buildCrowd.ts';
import { countMinute } from '../../scripts/live/crowd.ts';
import { areaWeights, peopleInside } from '../../src/domains/crowd/areaWeights.ts';
import { CrowdEstimator } from '../../src/domains/crowd/estimate.ts';
import { hexIndex } from '../../src/domains/crowd/hexMesh.ts';
import { VENUES } from '../../src/domains/crowd/venues.ts';
import { decodeGrid } from '../../src/analysis/gridFormat.ts';
import { GENERATED_DIR } from '../../scripts/build-data.ts';
import { DEFAULT_TILES } from '../../server/data/cityFiles.ts';
import { readCrowdModel } from '../../src/domains/crowd/server/opsPart.ts';

if (!existsSync(join(DEFAULT_TILES, 'crowd', 'model.bin'))) throw new Error('tiles/guangzhou/crowd is missing: run `npm run tiles` first (npm test does)');
const model = readCrowdModel(DEFAULT_TILES);
const inWater = readWater();
const centredWet = (h: string): boolean => {
  const [lat, lon] = cellToLatLng(h);
  return inWater(lon, lat);
};

describe('the default crowd model and the river', () => {
  it('puts people in a hexagon centred in the water only for a cell with nowhere dry', () => {
    const { cellRingStart, ringPointStart, coords } = decodeGrid(readFileSync(join(GENERATED_DIR, 'grid.bin')));
    // Nowhere dry: no corner of the cell falls in a resolution-10 hexagon that, with its parent,
    // is centred on land.
    const cellWet = (c: number): boolean => {
      for (let p = ringPointStart[cellRingStart[c]!]!; p < ringPointStart[cellRingStart[c]! + 1]!; p++) {
        const fine = latLngToCell(coords[2 * p + 1]!, coords[2 * p]!, model.header.res + 1);
        if (!centredWet(fine) && !centredWet(cellToParent(fine, model.header.res))) return false;
      }
      return true;
    };
    const wetHex = Array.from({ length: model.header.hexes }, (_, h) => {
      const [lat, lon] = cellToLatLng(hexIndex(model.hexH3, h));
      return inWater(lon, lat);
    });
    const onWater: string[] = [];
    for (let p = 0; p < model.header.pieces; p++) {
      const people = Math.max(model.pieceResidents[p]!, model.pieceDaytime[p]!);
      if (wetHex[model.pieceHex[p]!] && people > 0 && !cellWet(model.pieceCell[p]!)) onWater.push(`${hexIndex(model.hexH3, model.pieceHex[p]!)} cell ${model.pieceCell[p]} ${people.toFixed(0)}`);
    }
    expect(onWater).toEqual([]);
    // The river runs through the model's extent: hexagons centred in it were there to be left out.
    expect(wetHex.filter(Boolean).length).toBeLessThan(300);
  });

  it('still fills Huacheng Square on New Year’s Eve as the crowd view shows it', () => {
    const square = VENUES.findIndex((v) => v.id === 'huacheng');
    const north: [number, number][] = [[113.3178, 23.1195], [113.3216, 23.1195], [113.3216, 23.1262], [113.3178, 23.1262], [113.3178, 23.1195]];
    const at = Date.parse('2026-12-31T23:10:00+08:00');
    const e = new CrowdEstimator(model).estimate(countMinute(model, 'nye', at, 1).counts, at);
    expect(e.venuePeople[square]).toBeGreaterThanOrEqual(0.95 * VENUES[square]!.capacity);
    let top = 0;
    for (let h = 1; h < model.header.hexes; h++) if (e.hexDensity[h]! > e.hexDensity[top]!) top = h;
    expect(Array.from(model.pieceHex).some((h, p) => h === top && model.pieceVenue[p] === square)).toBe(true);
    expect(e.hexDensity[top]).toBeGreaterThan(200_000);
    const byIndex = new Map(Array.from({ length: model.header.hexes }, (_, h) => [hexIndex(model.hexH3, h), h]));
    expect(peopleInside(areaWeights(north, (lon, lat) => byIndex.get(latLngToCell(lat, lon, model.header.res)) ?? -1), e.hexDensity)).toBeGreaterThan(10_000);
  });
});
