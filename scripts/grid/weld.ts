/**
 * Makes neighbouring cells share their borders vertex for vertex. Clipping a Voronoi cell by its
 * district puts a new vertex where the cell's edge meets the border, but the neighbour across the
 * border keeps its straight edge there: a T-junction. Once coordinates are quantised, such a
 * vertex is off its neighbour's edge by up to half a quantum, leaving a millimetre sliver of
 * overlap or gap. Inserting every T-junction vertex into the neighbour's ring makes shared
 * borders identical sequences of identical points, so the tiling is exact after quantisation.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';

/** Rings are closed GeoJSON rings in degrees; they are modified in place. */
export function weldTJunctions(rings: Position[][], tolerance = 1e-9): number {
  const edges: [number, number][] = [];
  for (let r = 0; r < rings.length; r++) for (let i = 0; i + 1 < rings[r]!.length; i++) edges.push([r, i]);
  const index = new Flatbush(Math.max(1, edges.length));
  for (const [r, i] of edges) {
    const a = rings[r]![i]!;
    const b = rings[r]![i + 1]!;
    index.add(Math.min(a[0]!, b[0]!) - tolerance, Math.min(a[1]!, b[1]!) - tolerance, Math.max(a[0]!, b[0]!) + tolerance, Math.max(a[1]!, b[1]!) + tolerance);
  }
  if (edges.length === 0) index.add(0, 0, 0, 0);
  index.finish();

  // Per edge, the points to insert along it.
  const inserts = new Map<number, Position[]>();
  rings.forEach((ring) => {
    for (let v = 0; v + 1 < ring.length; v++) {
      const p = ring[v]!;
      for (const e of index.search(p[0]!, p[1]!, p[0]!, p[1]!)) {
        const [r, i] = edges[e]!;
        const a = rings[r]![i]!;
        const b = rings[r]![i + 1]!;
        if ((a[0] === p[0] && a[1] === p[1]) || (b[0] === p[0] && b[1] === p[1])) continue;
        const dx = b[0]! - a[0]!;
        const dy = b[1]! - a[1]!;
        const len2 = dx * dx + dy * dy;
        if (len2 === 0) continue;
        const t = ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / len2;
        if (t <= 0 || t >= 1) continue;
        const distance = Math.abs((p[0]! - a[0]!) * dy - (p[1]! - a[1]!) * dx) / Math.sqrt(len2);
        if (distance > tolerance) continue;
        const list = inserts.get(e) ?? [];
        if (!list.some((q) => q[0] === p[0] && q[1] === p[1])) list.push(p);
        inserts.set(e, list);
      }
    }
  });

  let inserted = 0;
  const byRing = new Map<number, Map<number, Position[]>>();
  for (const [e, points] of inserts) {
    const [r, i] = edges[e]!;
    const m = byRing.get(r) ?? new Map<number, Position[]>();
    m.set(i, points);
    byRing.set(r, m);
  }
  for (const [r, m] of byRing) {
    const ring = rings[r]!;
    const out: Position[] = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      out.push(ring[i]!);
      const points = m.get(i);
      if (!points) continue;
      const a = ring[i]!;
      const along = (q: Position): number => Math.hypot(q[0]! - a[0]!, q[1]! - a[1]!);
      for (const q of points.toSorted((x, y) => along(x) - along(y))) {
        out.push([q[0]!, q[1]!]);
        inserted++;
      }
    }
    out.push(out[0]!);
    rings[r] = out;
  }
  return inserted;
}
