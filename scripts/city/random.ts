/** The city generators' seeds; the seeded PRNG itself is in src/analysis/random.ts, shared with the service. */
import { mulberry32, type Random } from '../../src/analysis/random.ts';

export { mulberry32, type Random };

/** A seed for one place in a grid, so each neighbourhood is the same whatever order it is built in. */
export function cellSeed(seed: number, i: number, j: number): number {
  let h = seed ^ Math.imul(i, 0x27d4eb2d) ^ Math.imul(j, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export const between = (rnd: Random, lo: number, hi: number): number => lo + (hi - lo) * rnd();

/** Picks a key of `weights` with probability proportional to its weight. */
export function pick<K extends string>(rnd: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = rnd() * entries.reduce((a, [, w]) => a + w, 0);
  for (const [k, w] of entries) {
    r -= w;
    if (r <= 0) return k;
  }
  return entries[entries.length - 1]![0];
}
