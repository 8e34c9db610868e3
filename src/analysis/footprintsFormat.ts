/**
 * `footprints.bin`: the buildings' footprints, in the order of `buildings.bin`, for the planner's
 * ray casting (sunlight hours, sight lines). Fetched only when a planner analysis first runs.
 *   8 bytes "CTFOOT01", u32 JSON header length, JSON header { count, rings, points, lon0, lat0 },
 *   padding to 8 bytes, then u32[count + 1] first ring of each building · u32[rings + 1] first point
 *   of each ring · f32[2 · points] longitude, latitude offsets from (lon0, lat0), degrees.
 * Rings are open (no repeated point): a building's first ring is its outer ring, counter-clockwise;
 * holes and further polygons follow. f32 offsets within a degree are good to under a centimetre.
 */
export interface Footprints {
  count: number;
  lon0: number;
  lat0: number;
  buildingRing: Uint32Array;
  ringPoint: Uint32Array;
  offsets: Float32Array;
}

import { decodeOpening, encodeOpening } from './binaryOpening.ts';

const MAGIC = 'CTFOOT01';

/** Polygons of each building as rings of [lon, lat]. */
export function encodeFootprints(buildings: readonly (readonly (readonly [number, number])[][])[], lon0: number, lat0: number): Uint8Array {
  const rings = buildings.reduce((a, b) => a + b.length, 0);
  const points = buildings.reduce((a, b) => a + b.reduce((c, r) => c + r.length, 0), 0);
  const { opening, start } = encodeOpening(MAGIC, { count: buildings.length, rings, points, lon0, lat0 }, 8);
  const out = new Uint8Array(start + 4 * (buildings.length + 1) + 4 * (rings + 1) + 8 * points);
  out.set(opening);
  const buildingRing = new Uint32Array(out.buffer, start, buildings.length + 1);
  const ringPoint = new Uint32Array(out.buffer, start + 4 * (buildings.length + 1), rings + 1);
  const offsets = new Float32Array(out.buffer, start + 4 * (buildings.length + 1) + 4 * (rings + 1), 2 * points);
  let r = 0;
  let p = 0;
  buildings.forEach((b, i) => {
    buildingRing[i] = r;
    for (const ring of b) {
      ringPoint[r++] = p;
      for (const [lon, lat] of ring) {
        offsets[2 * p] = lon - lon0;
        offsets[2 * p + 1] = lat - lat0;
        p++;
      }
    }
  });
  buildingRing[buildings.length] = r;
  ringPoint[rings] = p;
  return out;
}

export function decodeFootprints(bytes: Uint8Array): Footprints {
  const { header: h, start } = decodeOpening<{ count: number; rings: number; points: number; lon0: number; lat0: number }>(bytes, MAGIC, 8, 'footprints file', (m) => new Error(m));
  const need = start + 4 * (h.count + 1) + 4 * (h.rings + 1) + 8 * h.points;
  if (bytes.byteLength < need) throw new Error(`footprints file truncated: ${bytes.byteLength} of ${need} bytes`);
  const buf = bytes.slice().buffer;
  return {
    count: h.count,
    lon0: h.lon0,
    lat0: h.lat0,
    buildingRing: new Uint32Array(buf, start, h.count + 1),
    ringPoint: new Uint32Array(buf, start + 4 * (h.count + 1), h.rings + 1),
    offsets: new Float32Array(buf, start + 4 * (h.count + 1) + 4 * (h.rings + 1), 2 * h.points),
  };
}
