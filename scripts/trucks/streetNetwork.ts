/**
 * The street network of the default city, in the city frame's metres (scripts/city):
 *
 * - local streets: each chosen neighbourhood's own street grid, at its angle and block size, the
 *   same grid its buildings stand in (generateBuildings), clipped to the neighbourhood square;
 * - arterials: the edges of the 1.6 km neighbourhood squares on land, which the local streets
 *   meet at their ends;
 * - expressways: every fifth lattice line, the stand-in for the ring roads and radials.
 *
 * The result is a graph (nodes, edges with class and length) for routing, and the roads as
 * polylines for the world file.
 */
import type { RoadClass } from '../../src/domains/trucks/truckWorld.ts';
import { NEIGHBOURHOOD_M, neighbourhood, type CityFrame } from '../city/generateBuildings.ts';

const N = NEIGHBOURHOOD_M;
const EXPRESSWAY_EVERY = 5;

export interface StreetGraph {
  /** x, y per node, metres in the city frame. */
  xy: number[];
  /** from, to node per edge. */
  edges: number[];
  cls: RoadClass[];
  /** Roads as node sequences with their class, for drawing and the rule engine's road index. */
  roads: { cls: RoadClass; nodes: number[] }[];
}

class GraphBuilder {
  readonly graph: StreetGraph = { xy: [], edges: [], cls: [], roads: [] };
  private readonly byKey = new Map<string, number>();

  node(x: number, y: number, key = `${Math.round(x * 10)},${Math.round(y * 10)}`): number {
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.graph.xy.length / 2;
      this.graph.xy.push(x, y);
      this.byKey.set(key, id);
    }
    return id;
  }

  road(cls: RoadClass, nodes: number[]): void {
    if (nodes.length < 2) return;
    this.graph.roads.push({ cls, nodes });
    for (let k = 1; k < nodes.length; k++) {
      if (nodes[k] === nodes[k - 1]) continue;
      this.graph.edges.push(nodes[k - 1]!, nodes[k]!);
      this.graph.cls.push(cls);
    }
  }
}

/** Clips the line p + t·d to the square [x0, x0+N] × [y0, y0+N]; the t interval, or null. */
function clip(px: number, py: number, dx: number, dy: number, x0: number, y0: number): [number, number] | null {
  let lo = -Infinity, hi = Infinity;
  for (const [p, d, a, b] of [[px, dx, x0, x0 + N], [py, dy, y0, y0 + N]] as const) {
    if (Math.abs(d) < 1e-12) {
      if (p < a || p > b) return null;
      continue;
    }
    const t1 = (a - p) / d;
    const t2 = (b - p) / d;
    lo = Math.max(lo, Math.min(t1, t2));
    hi = Math.min(hi, Math.max(t1, t2));
  }
  return hi - lo > 1 ? [lo, hi] : null;
}

/** The lattice segment a point on a neighbourhood's border lies on: `V:i:j` (x = iN, from y = jN) or `H:i:j`. */
function latticeSegment(x: number, y: number): string {
  const fx = x / N;
  const fy = y / N;
  const onV = Math.abs(fx - Math.round(fx)) < 1e-6;
  return onV ? `V:${Math.round(fx)}:${Math.floor(fy)}` : `H:${Math.floor(fx)}:${Math.round(fy)}`;
}

/**
 * Builds the network: `withStreets(i, j)` says which neighbourhoods get their local streets;
 * arterials run along every lattice segment next to a neighbourhood on land.
 */
export function buildStreetNetwork(frame: CityFrame, seed: number, withStreets: (i: number, j: number) => boolean): StreetGraph {
  const b = new GraphBuilder();
  const onLand = (i: number, j: number): boolean => {
    if (i < 0 || j < 0 || i >= frame.nx || j >= frame.ny) return false;
    const [lon, lat] = frame.toLonLat((i + 0.5) * N, (j + 0.5) * N);
    return frame.districtAt(lon, lat) !== undefined;
  };
  const land: boolean[][] = Array.from({ length: frame.nx }, (_col, i) => Array.from({ length: frame.ny }, (_row, j) => onLand(i, j)));
  /** Points where local streets meet each lattice segment, as node ids. */
  const onSegment = new Map<string, number[]>();

  for (let i = 0; i < frame.nx; i++) {
    for (let j = 0; j < frame.ny; j++) {
      if (!land[i]![j] || !withStreets(i, j)) continue;
      const { x0, y0, theta, blockM } = neighbourhood(frame, seed, i, j);
      const cx = x0 + N / 2;
      const cy = y0 + N / 2;
      const e1 = [Math.cos(theta), Math.sin(theta)] as const;
      const e2 = [-Math.sin(theta), Math.cos(theta)] as const;
      const reach = Math.ceil((N * Math.SQRT1_2) / blockM) + 1;
      // Lines of constant u (running along e2) and of constant v (along e1); node (k, m) is where u = kB meets v = mB.
      for (const along of [0, 1] as const) {
        const [dir, across] = along === 0 ? [e2, e1] : [e1, e2];
        for (let k = -reach; k <= reach; k++) {
          const px = cx + k * blockM * across[0];
          const py = cy + k * blockM * across[1];
          const span = clip(px, py, dir[0], dir[1], x0, y0);
          if (!span) continue;
          const [t0, t1] = span;
          const at = (t: number): [number, number] => [px + t * dir[0], py + t * dir[1]];
          const ends = [t0, t1].map((t) => {
            const [x, y] = at(t);
            const id = b.node(x, y);
            const key = latticeSegment(x, y);
            const list = onSegment.get(key);
            if (list) list.push(id);
            else onSegment.set(key, [id]);
            return id;
          });
          const nodes = [ends[0]!];
          for (let m = Math.ceil(t0 / blockM + 1e-9); m * blockM < t1 - 1e-9; m++) {
            const [x, y] = at(m * blockM);
            nodes.push(b.node(x, y, along === 0 ? `n:${i}:${j}:${k}:${m}` : `n:${i}:${j}:${m}:${k}`));
          }
          nodes.push(ends[1]!);
          b.road('local', nodes);
        }
      }
    }
  }

  // The lattice: a segment is a road when a neighbourhood on either side is on land.
  for (let i = 0; i <= frame.nx; i++) {
    for (let j = 0; j <= frame.ny; j++) {
      for (const vertical of [true, false]) {
        const sides = vertical ? [land[i - 1]?.[j], land[i]?.[j]] : [land[i]?.[j - 1], land[i]?.[j]];
        if (!sides.some(Boolean)) continue;
        const key = vertical ? `V:${i}:${j}` : `H:${i}:${j}`;
        const [ax, ay, bx, by] = vertical ? [i * N, j * N, i * N, (j + 1) * N] : [i * N, j * N, (i + 1) * N, j * N];
        const start = b.node(ax, ay);
        const end = b.node(bx, by);
        const param = (id: number): number => (vertical ? b.graph.xy[2 * id + 1]! - ay : b.graph.xy[2 * id]! - ax);
        const inner = [...new Set(onSegment.get(key) ?? [])].toSorted((p, q) => param(p) - param(q));
        const cls: RoadClass = (vertical ? i : j) % EXPRESSWAY_EVERY === 0 ? 'expressway' : 'arterial';
        b.road(cls, [start, ...inner, end]);
      }
    }
  }
  return b.graph;
}

/** Shortest paths by travel cost from one node (Dijkstra on a binary heap): predecessor per node, -1 at the source or unreached. */
export function shortestPathTree(graph: StreetGraph, source: number, edgeCost: (edge: number) => number): Int32Array {
  const n = graph.xy.length / 2;
  const adjacency = adjacencyOf(graph);
  const dist = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const heap = new MinHeap();
  dist[source] = 0;
  heap.push(source, 0);
  while (heap.size > 0) {
    const [u, d] = heap.pop();
    if (d > dist[u]!) continue;
    for (let k = adjacency.start[u]!; k < adjacency.start[u + 1]!; k++) {
      const e = adjacency.edge[k]!;
      const v = graph.edges[2 * e] === u ? graph.edges[2 * e + 1]! : graph.edges[2 * e]!;
      const nd = d + edgeCost(e);
      if (nd < dist[v]!) {
        dist[v] = nd;
        prev[v] = u;
        heap.push(v, nd);
      }
    }
  }
  return prev;
}

const adjacencyCache = new WeakMap<StreetGraph, { start: Uint32Array; edge: Uint32Array }>();

function adjacencyOf(graph: StreetGraph): { start: Uint32Array; edge: Uint32Array } {
  const cached = adjacencyCache.get(graph);
  if (cached) return cached;
  const n = graph.xy.length / 2;
  const m = graph.edges.length / 2;
  const start = new Uint32Array(n + 1);
  for (const v of graph.edges) start[v + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const edge = new Uint32Array(2 * m);
  for (let e = 0; e < m; e++) {
    edge[fill[graph.edges[2 * e]!]!++] = e;
    edge[fill[graph.edges[2 * e + 1]!]!++] = e;
  }
  const out = { start, edge };
  adjacencyCache.set(graph, out);
  return out;
}

class MinHeap {
  private readonly ids: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  push(id: number, key: number): void {
    let i = this.ids.length;
    this.ids.push(id);
    this.keys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= key) break;
      this.ids[i] = this.ids[p]!;
      this.keys[i] = this.keys[p]!;
      i = p;
    }
    this.ids[i] = id;
    this.keys[i] = key;
  }

  pop(): [number, number] {
    const top: [number, number] = [this.ids[0]!, this.keys[0]!];
    const id = this.ids.pop()!;
    const key = this.keys.pop()!;
    const n = this.ids.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && this.keys[l + 1]! < this.keys[l]! ? l + 1 : l;
        if (this.keys[c]! >= key) break;
        this.ids[i] = this.ids[c]!;
        this.keys[i] = this.keys[c]!;
        i = c;
      }
      this.ids[i] = id;
      this.keys[i] = key;
    }
    return top;
  }
}
