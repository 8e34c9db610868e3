import { describe, expect, it } from 'vitest';
import { classColor, classesFor, classify, CHOROPLETH_PALETTE, metricColor } from './choropleth.ts';

describe('choropleth classes', () => {
  it('puts zeros in class 0 and splits the rest at quantiles', () => {
    const { breaks, classOf } = classify([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 6);
    expect(breaks).toEqual([2, 4, 6, 8, 10, 12]);
    expect(Array.from(classOf)).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
  });

  it('merges equal breaks when many values are alike', () => {
    const { breaks, classOf } = classify([5, 5, 5, 5, 5, 9], 6);
    expect(breaks).toEqual([5, 9]);
    expect(Array.from(classOf)).toEqual([1, 1, 1, 1, 1, 2]);
  });

  it('spreads few classes from the lightest to the darkest colour', () => {
    expect(classColor(1, 2)).toBe(CHOROPLETH_PALETTE[1]);
    expect(classColor(2, 2)).toBe(CHOROPLETH_PALETTE[6]);
    expect(classColor(0, 2)).toBe(CHOROPLETH_PALETTE[0]);
  });

  it('draws a statistic with a scale of its own (the crowd’s heat scale) on its fixed breaks and colours', () => {
    const { breaks, classOf } = classesFor(new Float32Array([0, 500, 1_000, 1_001, 150_000, 250_000]), 'crowd');
    expect(breaks).toEqual([1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, Infinity]);
    expect(Array.from(classOf)).toEqual([0, 1, 1, 2, 7, 8]);
    expect(metricColor('crowd', 1, breaks.length)).toBe('#1e3a8a');
    expect(metricColor('crowd', 8, breaks.length)).toBe('#d946ef');
    expect(metricColor('crowd', 0, breaks.length)).toBe(CHOROPLETH_PALETTE[0]);
  });

  it('draws the other statistics on quantiles of the palette', () => {
    expect(classesFor(new Float32Array([0, 1, 2]), 'buildings').breaks).toEqual([1, 2]);
    expect(metricColor('buildings', 1, 2)).toBe(classColor(1, 2));
    expect(metricColor('flooded', 2, 2)).toBe(classColor(2, 2));
  });
});
