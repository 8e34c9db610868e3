/**
 * The tileset hierarchy: a quadtree over building centroids with additive refinement. Each inner
 * tile keeps the tallest buildings of its area that no ancestor shows, so from afar the skyline is
 * there and the streets fill in as the camera comes closer.
 */
import type { Building } from './footprints.ts';

export interface QuadtreeOptions {
  /** A tile with at most this many buildings is a leaf. Sized for contents of about 1 MB. */
  leafMax: number;
  /** How many of its tallest buildings an inner tile shows itself. */
  keepPerTile: number;
  /** Depth limit, a guard against many buildings at one point. */
  maxLevel: number;
}

export interface QuadNode {
  level: number;
  x: number;
  y: number;
  /** Indices into the building array, tallest first. */
  content: number[];
  children: QuadNode[];
  /** [west, south, east, north] in degrees and [minHeight, maxHeight] in metres, of the whole subtree. */
  region: [number, number, number, number, number, number];
}

export interface Square {
  minX: number;
  minY: number;
  size: number;
}

/** `centroids` holds planar x,y per building (metres east and north), used only to split space. */
export function buildQuadtree(buildings: readonly Building[], centroids: Float64Array, root: Square, options: QuadtreeOptions): QuadNode {
  const order = buildings.map((_, i) => i).toSorted((a, b) => buildings[b]!.height - buildings[a]!.height || a - b);
  const extents = buildings.map(footprintExtent);

  const build = (items: number[], sq: Square, level: number, x: number, y: number): QuadNode => {
    const leaf = items.length <= options.leafMax || level >= options.maxLevel;
    const content = leaf ? items : items.slice(0, options.keepPerTile);
    const rest = leaf ? [] : items.slice(options.keepPerTile);
    const half = sq.size / 2;
    const quads: number[][] = [[], [], [], []];
    // A stable partition keeps every quadrant sorted tallest first.
    for (const i of rest) {
      const qx = centroids[2 * i]! >= sq.minX + half ? 1 : 0;
      const qy = centroids[2 * i + 1]! >= sq.minY + half ? 1 : 0;
      quads[qy * 2 + qx]!.push(i);
    }
    const children = quads.flatMap((q, k) => {
      if (q.length === 0) return [];
      const qx = k % 2;
      const qy = Math.floor(k / 2);
      return [build(q, { minX: sq.minX + qx * half, minY: sq.minY + qy * half, size: half }, level + 1, 2 * x + qx, 2 * y + qy)];
    });
    const region: QuadNode['region'] = [Infinity, Infinity, -Infinity, -Infinity, Infinity, -Infinity];
    const grow = (r: readonly number[]): void => {
      region[0] = Math.min(region[0], r[0]!);
      region[1] = Math.min(region[1], r[1]!);
      region[2] = Math.max(region[2], r[2]!);
      region[3] = Math.max(region[3], r[3]!);
      region[4] = Math.min(region[4], r[4]!);
      region[5] = Math.max(region[5], r[5]!);
    };
    for (const i of content) grow(extents[i]!);
    for (const c of children) grow(c.region);
    return { level, x, y, content, children, region };
  };
  return build(order, root, 0, 0, 0);
}

export function footprintExtent(b: Building): [number, number, number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const poly of b.polygons) {
    for (const [lon, lat] of poly[0]!) {
      if (lon < w) w = lon;
      if (lon > e) e = lon;
      if (lat < s) s = lat;
      if (lat > n) n = lat;
    }
  }
  return [w, s, e, n, b.minHeight, b.height];
}

export function* walk(node: QuadNode): Generator<QuadNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}
