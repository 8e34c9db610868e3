import { describe, expect, it } from 'vitest';
import { packRings, pointInRings } from './pointInPolygon.ts';

const square = (x: number, y: number, s = 1): number[][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const inPoly = (rings: number[][][], x: number, y: number): boolean => {
  const { coords, ringStarts } = packRings(rings);
  return pointInRings(coords, ringStarts, 0, ringStarts.length - 1, x, y);
};

describe('pointInRings', () => {
  it('finds inside and outside points', () => {
    expect(inPoly([square(0, 0)], 0.5, 0.5)).toBe(true);
    expect(inPoly([square(0, 0)], 1.5, 0.5)).toBe(false);
  });

  it('treats holes as outside', () => {
    const rings = [square(0, 0, 4), square(1, 1, 2)];
    expect(inPoly(rings, 2, 2)).toBe(false);
    expect(inPoly(rings, 0.5, 2)).toBe(true);
  });

  it('gives a point on a shared edge or corner to exactly one of four tiles: east, then north', () => {
    const tiles = { sw: square(0, 0), se: square(1, 0), nw: square(0, 1), ne: square(1, 1) };
    const owners = (x: number, y: number) => Object.entries(tiles).filter(([, r]) => inPoly([r], x, y)).map(([k]) => k);
    expect(owners(1, 0.5)).toEqual(['se']); // vertical edge: the east tile
    expect(owners(0.5, 1)).toEqual(['nw']); // horizontal edge: the north tile
    expect(owners(1, 1)).toEqual(['ne']); // the shared corner
  });

  it('agrees whichever way a shared sloped edge is walked', () => {
    // Two triangles sharing the edge (0,0)–(3,1), one walking it each way.
    const a = [[0, 0], [3, 1], [0, 2], [0, 0]];
    const b = [[3, 1], [0, 0], [3, -1], [3, 1]];
    for (let i = 1; i < 100; i++) {
      const y = i / 100;
      const x = 3 * y;
      expect(Number(inPoly([a], x, y)) + Number(inPoly([b], x, y))).toBe(1);
    }
  });
});
