/**
 * The ranges to upload for a frame's changed points: indices in ascending order merged into
 * [start, end) runs, bridging gaps of at most `gap` unchanged points. One more upload call costs
 * more than copying a few kilobytes of unchanged points along with the changed ones.
 */
export function uploadRanges(sorted: ArrayLike<number>, gap: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  let end = -1;
  for (let k = 0; k < sorted.length; k++) {
    const i = sorted[k]!;
    if (start >= 0 && i - end <= gap) {
      end = Math.max(end, i + 1);
      continue;
    }
    if (start >= 0) out.push([start, end]);
    start = i;
    end = i + 1;
  }
  if (start >= 0) out.push([start, end]);
  return out;
}
