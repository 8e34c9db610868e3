/**
 * `buildings.bin`: one row per building for analysis (the tiles carry the geometry):
 *   8 bytes "CTBLDG01", u32 JSON header length, JSON header { count }, padding to 8 bytes, then
 *   f64[2n] lon, lat of the footprint centroid · f32[n] height m · f32[n] floor area m²
 *   u8[n] use index (BUILDING_USES), padded to 4 · u32[n + 1] id offsets · UTF-8 ids
 */
export interface BuildingRows {
  count: number;
  lonLat: Float64Array;
  height: Float32Array;
  floorArea: Float32Array;
  use: Uint8Array;
  /** Id of row i; decoded on demand, since most ids are never shown. */
  id: (i: number) => string;
}

export interface BuildingColumns extends Omit<BuildingRows, 'id'> {
  ids: string[];
}

import { decodeOpening, encodeOpening } from './binaryOpening.ts';

const MAGIC = 'CTBLDG01';
const align = (n: number, a: number): number => Math.ceil(n / a) * a;

export function encodeBuildings(rows: BuildingColumns): Uint8Array {
  const n = rows.count;
  const idBytes = rows.ids.map((id) => new TextEncoder().encode(id));
  const idLength = idBytes.reduce((a, b) => a + b.length, 0);
  const { opening, start } = encodeOpening(MAGIC, { count: n }, 8);
  const size = start + 16 * n + 8 * n + align(n, 4) + 4 * (n + 1) + idLength;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(opening);
  let o = start;
  new Float64Array(out.buffer, o, 2 * n).set(rows.lonLat);
  o += 16 * n;
  new Float32Array(out.buffer, o, n).set(rows.height);
  o += 4 * n;
  new Float32Array(out.buffer, o, n).set(rows.floorArea);
  o += 4 * n;
  out.set(rows.use, o);
  o += align(n, 4);
  let off = 0;
  for (let i = 0; i < n; i++) {
    view.setUint32(o + 4 * i, off, true);
    off += idBytes[i]!.length;
  }
  view.setUint32(o + 4 * n, off, true);
  o += 4 * (n + 1);
  for (const b of idBytes) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

export function decodeBuildings(bytes: Uint8Array): BuildingRows {
  const { header, start } = decodeOpening<{ count: number }>(bytes, MAGIC, 8, 'buildings file', (m) => new Error(m));
  const n = header.count;
  // Copy into a fresh, aligned buffer: the typed-array views below need 8-byte alignment.
  const buf = bytes.slice().buffer;
  let o = start;
  const lonLat = new Float64Array(buf, o, 2 * n);
  o += 16 * n;
  const height = new Float32Array(buf, o, n);
  o += 4 * n;
  const floorArea = new Float32Array(buf, o, n);
  o += 4 * n;
  const use = new Uint8Array(buf, o, n);
  o += align(n, 4);
  const offsets = new Uint32Array(buf, o, n + 1);
  o += 4 * (n + 1);
  const text = new Uint8Array(buf, o);
  const decoder = new TextDecoder();
  return { count: n, lonLat, height, floorArea, use, id: (i) => decoder.decode(text.subarray(offsets[i], offsets[i + 1])) };
}
