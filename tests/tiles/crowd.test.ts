/**
 * The default city's crowd model as `npm run tiles` writes it, and the signalling minute the
 * simulator counts on it: every cell's people in the model, the estimate of a counted minute
 * back to the scenario's truth, every venue's hexagons where the venue stands.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellToLatLng } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { hexIndex } from '../../src/domains/crowd/hexMesh.ts';
import { decodeCrowdModel } from '../../src/domains/crowd/crowdModel.ts';
import { CrowdEstimator, dayWeight, localHour } from '../../src/domains/crowd/estimate.ts';
import { VENUES } from '../../src/domains/crowd/venues.ts';
import { decodePanoramaCells } from '../../src/domains/panorama/panoramaFormat.ts';
import { countMinute } from '../../scripts/live/crowd.ts';
import { venuePeople } from '../../scripts/live/crowdEvents.ts';

const tiles = join(import.meta.dirname, '..', '..', 'tiles', 'guangzhou');
if (!existsSync(join(tiles, 'crowd', 'model.bin'))) throw new Error('tiles/guangzhou/crowd is missing: run `npm run tiles` first (npm test does)');
const model = decodeCrowdModel(readFileSync(join(tiles, 'crowd', 'model.bin')));
const cells = decodePanoramaCells(new Uint8Array(readFileSync(join(tiles, 'panorama', 'cells.bin'))));
const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0);

describe('the default crowd model', () => {
  it('covers every one of the 18,649 cells with resolution-9 hexagons, and holds the panoramas’ people', () => {
    expect(model.header.cells).toBe(18_649);
    expect(new Set(model.pieceCell).size).toBe(18_649);
    expect(model.header.res).toBe(9);
    expect(model.header.hexes).toBeGreaterThan(70_000);
    expect(sum(model.pieceResidents) / sum(cells.figures.column('people.residents'))).toBeCloseTo(1, 4);
    expect(sum(model.pieceDaytime) / sum(cells.figures.column('people.daytime'))).toBeCloseTo(1, 4);
    // Guangzhou is 7,434 km²; the cells' areas are counted in resolution-10 hexagons of average size.
    expect(sum(model.cellArea)).toBeGreaterThan(7434 * 0.97);
    expect(sum(model.cellArea)).toBeLessThan(7434 * 1.03);
  });

  it('puts each venue’s hexagons where the venue stands', () => {
    VENUES.forEach((v, i) => {
      const hexes = new Set<number>();
      for (let p = 0; p < model.header.pieces; p++) if (model.pieceVenue[p] === i) hexes.add(model.pieceHex[p]!);
      expect(hexes.size, v.id).toBeGreaterThan(0);
      const [w, s, e, n] = v.rings.flat().reduce(([a, b, c, d], [x, y]) => [Math.min(a, x), Math.min(b, y), Math.max(c, x), Math.max(d, y)], [180, 90, -180, -90]);
      for (const h of hexes) {
        const [lat, lon] = cellToLatLng(hexIndex(model.hexH3, h));
        // A hexagon's centre is within its 200 m of the outline's box.
        expect(lon, v.id).toBeGreaterThan(w - 0.003);
        expect(lon, v.id).toBeLessThan(e + 0.003);
        expect(lat, v.id).toBeGreaterThan(s - 0.003);
        expect(lat, v.id).toBeLessThan(n + 0.003);
      }
    });
  });

  it('estimates a counted minute of New Year’s Eve back to its truth, venue by venue', () => {
    const at = Date.parse('2026-12-31T23:50:00+08:00');
    const { counts } = countMinute(model, 'nye', at, 7);
    const e = new CrowdEstimator(model).estimate(counts, at);
    VENUES.forEach((v, i) => expect(Math.abs(e.venuePeople[i]! - venuePeople(v, 'nye', at)), v.id).toBeLessThan(0.02 * venuePeople(v, 'nye', at) + 5));
    const w = dayWeight(localHour(at));
    const expected = sum(Array.from(model.pieceResidents, (r, p) => (model.pieceVenue[p]! >= 0 ? 0 : r * (1 - w) + model.pieceDaytime[p]! * w))) + VENUES.reduce((a, v) => a + venuePeople(v, 'nye', at), 0);
    expect(e.total / expected).toBeCloseTo(1, 2);
    // The densest hexagon of the city is in Huacheng Square's crowd.
    let top = 0;
    for (let h = 1; h < model.header.hexes; h++) if (e.hexDensity[h]! > e.hexDensity[top]!) top = h;
    const [lat, lon] = cellToLatLng(hexIndex(model.hexH3, top));
    expect(lon).toBeGreaterThan(113.313);
    expect(lon).toBeLessThan(113.326);
    expect(lat).toBeGreaterThan(23.104);
    expect(lat).toBeLessThan(23.13);
  });
});
