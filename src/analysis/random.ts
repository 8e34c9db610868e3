/**
 * A small, fast, seeded PRNG (mulberry32): the same seed gives the same city, and the same case
 * history, on every machine. Here so that src/ (the service's history) and scripts/ (the city's
 * generators) share one.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
