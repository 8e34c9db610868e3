/**
 * How much of each hexagon an area covers, for the people inside a drawn perimeter: the area is
 * sampled on a lattice (about 15 m apart, or finer for a small area), each sample found in its
 * hexagon, and each hexagon weighted by the km² of its samples. People inside are then the sum of
 * density × km², one multiply per hexagon each minute.
 */
import { insideArea } from '../../analysis/pointInPolygon.ts';
import { metresPerDegree } from '../../analysis/ellipsoid.ts';

export interface AreaWeights {
  /** Hexagon numbers and the km² of each inside the area. */
  hexes: Uint32Array;
  km2: Float32Array;
  /** The area's own km², whether or not hexagons cover all of it. */
  areaKm2: number;
}

export function areaWeights(ring: readonly (readonly [number, number])[], hexAt: (lon: number, lat: number) => number, maxSamples = 40_000): AreaWeights {
  const inside = insideArea({ type: 'Polygon', coordinates: [ring.map((p) => [p[0], p[1]])] });
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
  const m = metresPerDegree((s + n) / 2);
  const boxM2 = (e - w) * m.x * (n - s) * m.y;
  const step = Math.max(15, Math.sqrt(boxM2 / maxSamples));
  const dx = step / m.x;
  const dy = step / m.y;
  const sampleKm2 = (step * step) / 1e6;
  const byHex = new Map<number, number>();
  let samples = 0;
  for (let y = s + dy / 2; y < n; y += dy)
    for (let x = w + dx / 2; x < e; x += dx) {
      if (!inside(x, y)) continue;
      samples++;
      const h = hexAt(x, y);
      if (h >= 0) byHex.set(h, (byHex.get(h) ?? 0) + sampleKm2);
    }
  return { hexes: Uint32Array.from(byHex.keys()), km2: Float32Array.from(byHex.values()), areaKm2: samples * sampleKm2 };
}

/** People inside an area at a minute's densities (people per km² per hexagon). */
export function peopleInside(weights: AreaWeights, hexDensity: ArrayLike<number>): number {
  let people = 0;
  for (let i = 0; i < weights.hexes.length; i++) people += hexDensity[weights.hexes[i]!]! * weights.km2[i]!;
  return people;
}
