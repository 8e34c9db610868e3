/**
 * The compact binary form of a management grid (`grid.bin`), shared by the generator (encode)
 * and the analysis worker (decode).
 *
 * Layout, little-endian:
 *   8 bytes  magic "CTGRID01"
 *   u32      JSON header length, then the UTF-8 JSON header:
 *            { districts: [adcode…], cellCount, ringCount, pointCount, origin: [lon, lat], scale }
 *   u8[cellCount]      district index of each cell            (then zero padding to 4 bytes)
 *   u16[cellCount]     serial number of the cell in its district (then padding to 4 bytes)
 *   u32[cellCount + 1] first ring of each cell
 *   u32[ringCount + 1] first point of each ring
 *   i32[2 * pointCount] coordinates in units of `scale` degrees: the first point of a ring from
 *                      `origin`, the others as deltas from the previous point
 *
 * A cell's rings are read with the even–odd rule, so MultiPolygon parts and holes need no flags.
 * At 1e-7° (about 1 cm) quantisation, shared vertices stay shared: both cells snap them alike.
 */
export interface PackedGrid {
  districts: string[];
  /** District index per cell. */
  district: Uint8Array;
  /** Serial number per cell within its district: the id is `${adcode}-${serial padded to 4}`. */
  serial: Uint16Array;
  cellRingStart: Uint32Array;
  ringPointStart: Uint32Array;
  /** lon, lat pairs in degrees. */
  coords: Float64Array;
}

import { decodeOpening, encodeOpening } from './binaryOpening.ts';

const MAGIC = 'CTGRID01';
const align4 = (n: number): number => (n + 3) & ~3;

export function cellId(grid: Pick<PackedGrid, 'districts' | 'district' | 'serial'>, cell: number): string {
  return `${grid.districts[grid.district[cell]!]}-${String(grid.serial[cell]).padStart(4, '0')}`;
}

export function encodeGrid(grid: PackedGrid, scale = 1e-7): Uint8Array {
  const cellCount = grid.district.length;
  const ringCount = grid.ringPointStart.length - 1;
  const pointCount = grid.coords.length / 2;
  let west = Infinity;
  let south = Infinity;
  for (let i = 0; i < grid.coords.length; i += 2) {
    west = Math.min(west, grid.coords[i]!);
    south = Math.min(south, grid.coords[i + 1]!);
  }
  const origin = [Math.floor(west), Math.floor(south)];
  const { opening, start: headerEnd } = encodeOpening(MAGIC, { districts: grid.districts, cellCount, ringCount, pointCount, origin, scale }, 4);
  const size = headerEnd + align4(cellCount) + align4(2 * cellCount) + 4 * (cellCount + 1) + 4 * (ringCount + 1) + 8 * pointCount;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(opening);
  let o = headerEnd;
  out.set(grid.district, o);
  o += align4(cellCount);
  for (let i = 0; i < cellCount; i++) view.setUint16(o + 2 * i, grid.serial[i]!, true);
  o += align4(2 * cellCount);
  for (let i = 0; i <= cellCount; i++) view.setUint32(o + 4 * i, grid.cellRingStart[i]!, true);
  o += 4 * (cellCount + 1);
  for (let i = 0; i <= ringCount; i++) view.setUint32(o + 4 * i, grid.ringPointStart[i]!, true);
  o += 4 * (ringCount + 1);
  for (let r = 0; r < ringCount; r++) {
    let px = Math.round(origin[0]! / scale);
    let py = Math.round(origin[1]! / scale);
    for (let p = grid.ringPointStart[r]!; p < grid.ringPointStart[r + 1]!; p++) {
      const qx = Math.round(grid.coords[2 * p]! / scale);
      const qy = Math.round(grid.coords[2 * p + 1]! / scale);
      view.setInt32(o + 8 * p, qx - px, true);
      view.setInt32(o + 8 * p + 4, qy - py, true);
      px = qx;
      py = qy;
    }
  }
  return out;
}

export class GridFormatError extends Error {}

/** Decodes `grid.bin`; throws GridFormatError with the reason on any inconsistency. */
export function decodeGrid(bytes: Uint8Array): PackedGrid {
  type Header = { districts: string[]; cellCount: number; ringCount: number; pointCount: number; origin: [number, number]; scale: number };
  const { header, start } = decodeOpening<Header>(bytes, MAGIC, 4, 'grid file', (m) => new GridFormatError(m));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { cellCount, ringCount, pointCount, origin, scale } = header;
  let o = start;
  const need = o + align4(cellCount) + align4(2 * cellCount) + 4 * (cellCount + 1) + 4 * (ringCount + 1) + 8 * pointCount;
  if (bytes.length < need) throw new GridFormatError(`grid file truncated: ${bytes.length} of ${need} bytes`);
  const district = bytes.slice(o, o + cellCount);
  o += align4(cellCount);
  const serial = new Uint16Array(cellCount);
  for (let i = 0; i < cellCount; i++) serial[i] = view.getUint16(o + 2 * i, true);
  o += align4(2 * cellCount);
  const cellRingStart = new Uint32Array(cellCount + 1);
  for (let i = 0; i <= cellCount; i++) cellRingStart[i] = view.getUint32(o + 4 * i, true);
  o += 4 * (cellCount + 1);
  const ringPointStart = new Uint32Array(ringCount + 1);
  for (let i = 0; i <= ringCount; i++) ringPointStart[i] = view.getUint32(o + 4 * i, true);
  o += 4 * (ringCount + 1);
  if (cellRingStart[cellCount] !== ringCount || ringPointStart[ringCount] !== pointCount) throw new GridFormatError('grid ring or point tables are inconsistent');
  const coords = new Float64Array(2 * pointCount);
  for (let r = 0; r < ringCount; r++) {
    let qx = Math.round(origin[0] / scale);
    let qy = Math.round(origin[1] / scale);
    for (let p = ringPointStart[r]!; p < ringPointStart[r + 1]!; p++) {
      qx += view.getInt32(o + 8 * p, true);
      qy += view.getInt32(o + 8 * p + 4, true);
      // The same integer always gives the same float, so shared vertices stay bit-identical.
      coords[2 * p] = qx * scale;
      coords[2 * p + 1] = qy * scale;
    }
  }
  for (const d of district) if (d >= header.districts.length) throw new GridFormatError(`district index ${d} out of range`);
  return { districts: header.districts, district, serial, cellRingStart, ringPointStart, coords };
}
