import { describe, expect, it } from 'vitest';
import { joinCst, splitCst, winterSolsticeNoon } from './sunTime.ts';

describe('sun time in Guangzhou (UTC+8)', () => {
  it('puts the winter-solstice preset at noon China Standard Time, 04:00 UTC', () => {
    expect(new Date(winterSolsticeNoon(2026)).toISOString()).toBe('2026-12-21T04:00:00.000Z');
  });

  it('splits a moment into local day of year and minute, and joins it back', () => {
    const at = Date.UTC(2026, 5, 21, 1, 30); // 09:30 CST on 21 June
    expect(splitCst(at)).toEqual({ year: 2026, day: 171, minute: 570 });
    expect(joinCst(2026, 171, 570)).toBe(at);
    // Just after midnight local time is still the previous day in UTC.
    expect(splitCst(Date.UTC(2026, 0, 1, 16, 5))).toEqual({ year: 2026, day: 1, minute: 5 });
  });
});
