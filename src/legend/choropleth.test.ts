import { describe, expect, it } from 'vitest';
import { classColor, classify, CHOROPLETH_PALETTE } from './choropleth.ts';

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
});
