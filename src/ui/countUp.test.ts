import { describe, expect, it } from 'vitest';
import { easeOut, FigureCounter, figureAt, parseFigure } from './countUp.ts';

describe('figures that count up', () => {
  it.each(['1,234', '3.57 km²', '+1,200 /min', '1900.3 万人', '−42 /min', '87%', '0'])('ends on the text it was given: %s', (text) => {
    const f = parseFigure(text)!;
    expect(figureAt(f, f.value)).toBe(text);
  });

  it('draws the way there in the figure’s own decimals, grouping and words', () => {
    const f = parseFigure('12,345.6 万人')!;
    expect(f).toMatchObject({ value: 12345.6, decimals: 1, grouped: true, before: '', after: ' 万人' });
    expect(figureAt(f, 1234.56)).toBe('1,234.6 万人');
    expect(figureAt(parseFigure('87%')!, 43.4)).toBe('43%');
  });

  it('leaves words alone', () => {
    expect(parseFigure('—')).toBeNull();
    expect(parseFigure('Blocked')).toBeNull();
  });

  it('eases out from 0 to 1 and stays there', () => {
    expect(easeOut(0)).toBe(0);
    expect(easeOut(1)).toBe(1);
    expect(easeOut(2)).toBe(1);
    expect(easeOut(0.5)).toBeGreaterThan(0.5);
  });
});

describe('a counting figure', () => {
  const COUNT_MS = 700;
  /** Feeds `values` every `everyMs`; for each, whether it was on screen and still just before the next one came. */
  function feed(values: number[], everyMs: number): boolean[] {
    const counter = new FigureCounter(COUNT_MS);
    return values.map((v, i) => {
      counter.aim(v, i * everyMs);
      const before = (i + 1) * everyMs - 1;
      return counter.settled(before) && counter.valueAt(before) === v;
    });
  }

  it('counts up from zero when it first shows, and settles on its value', () => {
    const counter = new FigureCounter(COUNT_MS);
    expect(counter.aim(1234, 1000)).toBe(true);
    expect(counter.valueAt(1000)).toBe(0);
    expect(counter.valueAt(1350)).toBeGreaterThan(0);
    expect(counter.valueAt(1350)).toBeLessThan(1234);
    expect(counter.settled(1000 + COUNT_MS)).toBe(true);
    expect(counter.valueAt(1000 + COUNT_MS)).toBe(1234);
  });

  it('counts from the last value to a new one that comes after it settled (once a minute)', () => {
    const counter = new FigureCounter(COUNT_MS);
    counter.aim(100, 0);
    expect(counter.aim(200, 60_000)).toBe(true);
    expect(counter.valueAt(60_000)).toBe(100);
    expect(counter.valueAt(60_000 + COUNT_MS)).toBe(200);
  });

  it('holds still between values fed faster than it counts (a replay at two minutes a second)', () => {
    const values = Array.from({ length: 40 }, (_, i) => 240_000 + ((i * 7919) % 13) * 1000);
    // The first counts up from zero (and the second cuts it short); every later value is on
    // screen, still, before the next one comes.
    expect(feed(values, 500).slice(1)).toEqual(values.slice(1).map(() => true));
    // Fed once a minute, each one counts and settles.
    expect(feed(values, 60_000)).toEqual(values.map(() => true));
  });

  it('shows a value at once when asked to, and counts again only after holding still for a whole count', () => {
    const counter = new FigureCounter(COUNT_MS);
    expect(counter.jump(5, 0)).toBe(false);
    expect(counter.valueAt(0)).toBe(5);
    expect(counter.aim(9, COUNT_MS - 1)).toBe(false);
    expect(counter.aim(12, 2 * COUNT_MS)).toBe(true);
  });
});
