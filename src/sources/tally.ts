/** Counts one more of `key` in a record of counts (refusals by reason, the edge's way of saying what it refused); returns the new count. */
export function tally<K extends string>(counts: Partial<Record<K, number>>, key: K): number {
  const n = (counts[key] ?? 0) + 1;
  counts[key] = n;
  return n;
}
