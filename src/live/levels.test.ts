import { describe, expect, it } from 'vitest';
import { AlertLevels, HYSTERESIS, nextLevel } from './levels.ts';

const T = { warning: 30, alarm: 50 };
const band = HYSTERESIS * (T.alarm - T.warning);

describe('threshold levels with hysteresis', () => {
  it('rises at each threshold', () => {
    expect(nextLevel(0, 29.9, T)).toBe(0);
    expect(nextLevel(0, 30, T)).toBe(1);
    expect(nextLevel(0, 50, T)).toBe(2);
    expect(nextLevel(1, 50, T)).toBe(2);
  });

  it('falls only below the threshold minus the band', () => {
    expect(nextLevel(2, 50 - band, T)).toBe(2);
    expect(nextLevel(2, 50 - band - 0.01, T)).toBe(1);
    expect(nextLevel(1, 30 - band, T)).toBe(1);
    expect(nextLevel(1, 30 - band - 0.01, T)).toBe(0);
    expect(nextLevel(2, 0, T)).toBe(0);
  });

  it('raises one change, not one per message, for a reading wobbling around a line', () => {
    const levels = new AlertLevels([T]);
    const readings = [29, 30.5, 29.5, 30.2, 29.1, 30.9, 28.9, 27.5];
    const changes = readings.map((v, k) => levels.apply(0, v, k)).filter((c) => c !== null);
    expect(changes.map((c) => [c.from, c.to, c.ts])).toEqual([
      [0, 1, 1],
      [1, 0, 7],
    ]);
  });
});
