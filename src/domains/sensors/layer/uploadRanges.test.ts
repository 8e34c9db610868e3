import { describe, expect, it } from 'vitest';
import { uploadRanges } from './uploadRanges.ts';

describe('upload ranges', () => {
  it('merges changed points into runs across small gaps and keeps far ones apart', () => {
    expect(uploadRanges([2, 3, 4, 9, 40, 41, 200], 8)).toEqual([
      [2, 10],
      [40, 42],
      [200, 201],
    ]);
  });

  it('uploads nothing for no change, and one point for one change', () => {
    expect(uploadRanges([], 8)).toEqual([]);
    expect(uploadRanges([7], 8)).toEqual([[7, 8]]);
  });

  it('bridges a gap of exactly the limit and not one more', () => {
    // From the end of [0, 1) to 9 is a gap of 8 unchanged points (1…8).
    expect(uploadRanges([0, 9], 8)).toEqual([[0, 10]]);
    expect(uploadRanges([0, 10], 8)).toEqual([
      [0, 1],
      [10, 11],
    ]);
  });
});
