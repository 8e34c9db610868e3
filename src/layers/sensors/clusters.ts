/**
 * Screen-space clustering: sensors whose points fall in the same square of `cellPx` pixels merge
 * into one cluster when there are at least `minSize` of them. Pure, so the rule is testable.
 */
export interface Cluster {
  members: number[];
  /** Screen position of the members' mean, pixels. */
  x: number;
  y: number;
}

export interface Clustering {
  /** Cluster index per sensor, −1 when it stands alone or is off screen. */
  clusterOf: Int32Array;
  clusters: Cluster[];
}

export function clusterScreen(xs: Float32Array, ys: Float32Array, onScreen: Uint8Array, cellPx: number, minSize: number): Clustering {
  const bins = new Map<number, number[]>();
  for (let i = 0; i < xs.length; i++) {
    if (!onScreen[i]) continue;
    const key = Math.floor(xs[i]! / cellPx) * 65_536 + Math.floor(ys[i]! / cellPx);
    const bin = bins.get(key);
    if (bin) bin.push(i);
    else bins.set(key, [i]);
  }
  const clusterOf = new Int32Array(xs.length).fill(-1);
  const clusters: Cluster[] = [];
  for (const members of bins.values()) {
    if (members.length < minSize) continue;
    let x = 0;
    let y = 0;
    for (const i of members) {
      clusterOf[i] = clusters.length;
      x += xs[i]!;
      y += ys[i]!;
    }
    clusters.push({ members, x: x / members.length, y: y / members.length });
  }
  return { clusterOf, clusters };
}
