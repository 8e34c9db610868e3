import { describe, expect, it } from 'vitest';
import { clusterScreen } from './clusters.ts';

describe('screen-space clustering', () => {
  it('merges crowded squares and leaves sparse or off-screen points alone', () => {
    const xs = Float32Array.from([10, 12, 14, 16, 18, 200, 205, 30]);
    const ys = Float32Array.from([10, 11, 12, 13, 14, 200, 205, 30]);
    const onScreen = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0]);
    const { clusterOf, clusters } = clusterScreen(xs, ys, onScreen, 64, 5);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members).toEqual([0, 1, 2, 3, 4]);
    expect(clusters[0]!.x).toBeCloseTo(14);
    expect(Array.from(clusterOf)).toEqual([0, 0, 0, 0, 0, -1, -1, -1]);
  });
});
