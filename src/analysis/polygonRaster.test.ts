import { describe, expect, it } from 'vitest';
import { packRings, pointInRings } from './pointInPolygon.ts';
import { PolygonRaster } from './polygonRaster.ts';

describe('PolygonRaster', () => {
  it('answers exactly as pointInRings for a many-pointed star with a hole, on seeded random points and on its vertices', () => {
    const star = Array.from({ length: 400 }, (_, k) => {
      const a = (2 * Math.PI * k) / 400;
      const r = k % 2 === 0 ? 1 : 0.55 + 0.3 * Math.sin(k);
      return [113 + r * Math.cos(a) * 0.1, 23 + r * Math.sin(a) * 0.1];
    });
    const hole = Array.from({ length: 12 }, (_, k) => [113 + 0.02 * Math.cos(-k / 2), 23 + 0.02 * Math.sin(-k / 2)]);
    const { coords, ringStarts } = packRings([star, hole]);
    const raster = new PolygonRaster(coords, ringStarts, 0, 2, 64);
    let seed = 7;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const points = [...Array.from({ length: 20_000 }, () => [112.88 + rnd() * 0.24, 22.88 + rnd() * 0.24]), ...star, ...hole];
    const wrong = points.filter(([x, y]) => raster.contains(x!, y!) !== pointInRings(coords, ringStarts, 0, 2, x!, y!));
    expect(wrong).toEqual([]);
    // The test means something: a fair share of points fall on each side.
    const inside = points.filter(([x, y]) => raster.contains(x!, y!)).length;
    expect(inside).toBeGreaterThan(2_000);
    expect(inside).toBeLessThan(18_000);
  });
});
