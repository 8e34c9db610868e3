import { describe, expect, it } from 'vitest';
import { easeOut, figureAt, parseFigure } from './countUp.ts';

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
