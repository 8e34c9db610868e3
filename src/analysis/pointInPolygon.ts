/**
 * Point-in-polygon on packed rings: `coords` holds x0,y0,x1,y1,… for every ring of a polygon, and
 * `ringStarts` the index (in points) where each ring starts, with a final entry for the end.
 *
 * Boundary rule (half-open, documented in src/analysis/README.md): a polygon owns its west and
 * south edges but not its east and north ones, so a point on an edge shared by two polygons of a
 * tiling belongs to exactly one of them: the one to its east, or for an east–west edge, the one
 * to its north. The crossing is computed from each edge's lower endpoint, so both polygons that
 * share an edge get the same arithmetic and never disagree by rounding.
 */
export function pointInRings(coords: ArrayLike<number>, ringStarts: ArrayLike<number>, firstRing: number, endRing: number, x: number, y: number): boolean {
  let inside = false;
  for (let r = firstRing; r < endRing; r++) {
    const start = ringStarts[r]!;
    const end = ringStarts[r + 1]!;
    let j = end - 1;
    for (let i = start; i < end; j = i++) {
      const xi = coords[2 * i]!;
      const yi = coords[2 * i + 1]!;
      const xj = coords[2 * j]!;
      const yj = coords[2 * j + 1]!;
      if (yi > y !== yj > y) {
        // From the lower endpoint up, whichever way the ring runs.
        const xCross = yi < yj ? xi + ((y - yi) * (xj - xi)) / (yj - yi) : xj + ((y - yj) * (xi - xj)) / (yi - yj);
        if (x < xCross) inside = !inside;
      }
    }
  }
  return inside;
}

/** Packs GeoJSON-style rings (closing point optional) into the layout `pointInRings` reads. */
export function packRings(rings: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): { coords: Float64Array; ringStarts: Uint32Array } {
  const open = rings.map((ring) => {
    const n = ring.length;
    const closed = n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1];
    return closed ? ring.slice(0, -1) : ring;
  });
  const total = open.reduce((a, r) => a + r.length, 0);
  const coords = new Float64Array(total * 2);
  const ringStarts = new Uint32Array(open.length + 1);
  let k = 0;
  open.forEach((ring, r) => {
    ringStarts[r] = k;
    for (const p of ring) {
      coords[2 * k] = p[0]!;
      coords[2 * k + 1] = p[1]!;
      k++;
    }
  });
  ringStarts[open.length] = k;
  return { coords, ringStarts };
}

/** A point-in-area test for a polygon or multipolygon, its rings packed once (boundary rule as for cells). */
export function insideArea(area: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] }): (x: number, y: number) => boolean {
  const packed = (area.type === 'Polygon' ? [area.coordinates] : area.coordinates).map((rings) => packRings(rings));
  return (x, y) => packed.some((p) => pointInRings(p.coords, p.ringStarts, 0, p.ringStarts.length - 1, x, y));
}
