import { Cartesian2 } from 'cesium';
import { describe, expect, it } from 'vitest';
import { placeBoxes, scaleAt, textBox } from './declutter.ts';

const at = (x: number, y: number) => new Cartesian2(x, y);
const ABOVE_BELOW = [
  [0, 0],
  [0, -1],
  [0, 1],
] as const;

describe('declutter', () => {
  it('keeps a fixed badge where it is and moves a name that would cover it, above it first', () => {
    const placed = placeBoxes([
      { priority: 1, at: at(100, 100), size: [80, 40], offsets: ABOVE_BELOW },
      { priority: 10, at: at(100, 105), size: [30, 30], offsets: [[0, 0]], fixed: true },
    ]);
    expect(placed).toEqual([[0, -40], [0, 0]]);
  });

  it('takes the next place when the first two are taken, and hides a name with nowhere to go', () => {
    const badge = (x: number, y: number) => ({ priority: 10, at: at(x, y), size: [30, 30] as const, offsets: [[0, 0]] as const, fixed: true });
    const name = { priority: 1, at: at(100, 100), size: [80, 40] as const, offsets: ABOVE_BELOW };
    expect(placeBoxes([badge(100, 100), badge(100, 60), name])[2]).toEqual([0, 40]);
    expect(placeBoxes([badge(100, 100), badge(100, 60), badge(100, 140), name])[3]).toBeNull();
  });

  it('places by priority whatever the order given, and boxes that only touch do not collide', () => {
    const a = { priority: 5, at: at(0, 0), size: [10, 10] as const, offsets: [[0, 0]] as const };
    const b = { priority: 1, at: at(5, 0), size: [10, 10] as const, offsets: [[0, 0]] as const };
    expect(placeBoxes([b, a])).toEqual([null, [0, 0]]);
    expect(placeBoxes([b, { ...a, at: at(-5, 0) }])).toEqual([[0, 0], [0, 0]]);
  });

  it('leaves out what is behind the camera (no window position)', () => {
    expect(placeBoxes([{ priority: 1, at: undefined, size: [10, 10], offsets: [[0, 0]] }])).toEqual([null]);
  });

  it('measures text: CJK a font size wide, Latin about half, one line height per line', () => {
    expect(textBox('天河区\nTianhe', 20)).toEqual([6 * 0.56 * 20, 2 * 20 * 1.25]);
    expect(textBox('海珠区', 10)[0]).toBe(30);
  });

  it('scales as Cesium scales a label by distance', () => {
    const s = { near: 5e3, nearValue: 1.1, far: 3e5, farValue: 0.55 };
    expect(scaleAt(s, 1e3)).toBe(1.1);
    expect(scaleAt(s, 1e6)).toBe(0.55);
    expect(scaleAt(s, (5e3 + 3e5) / 2)).toBeCloseTo(0.825, 10);
  });
});
