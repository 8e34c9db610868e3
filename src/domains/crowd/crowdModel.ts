/**
 * The crowd model: how the simulated mobile-signalling counts of the base stations become people
 * per H3 hexagon, per grid cell and per venue. The same file is read by the simulator (to make
 * the counts), the operations service (venue crowds and alarms) and the page (the heat layer),
 * so every one of them turns the same counts into the same answer.
 *
 * The unit of the model is a *piece*: the part of a resolution-9 H3 hexagon that lies in one grid
 * cell and one venue (or none), found from the centres of the hexagon's resolution-10 children.
 * A piece carries its share of its cell's residents and daytime population (the five
 * panoramas), which is the prior that spreads a station's count over the pieces it serves.
 *
 * Every piece is served by one station: a venue's own small cells inside a venue (as real venues
 * are covered, and as real hubs draw their geofences), a macro station of its resolution-9
 * hexagon where the city is dense, else one of its resolution-8 parent.
 *
 * Layout, little-endian: 8 bytes "CTCROWD1", u32 JSON header length, the JSON header, padding to
 * 8 bytes, then the arrays of ARRAYS in order, each padded to 8 bytes.
 */

export interface CrowdHeader {
  version: 1;
  /** The H3 resolution of the hexagons. */
  res: number;
  hexes: number;
  pieces: number;
  sites: number;
  cells: number;
  /** Venue ids, in the order of the pieces' and sites' venue numbers. */
  venues: string[];
  /** SIM cards seen per person present: counts are divided by it. */
  phonesPerPerson: number;
  /** A digest of the arrays: a signalling message names the model it was counted on. */
  id: string;
}

export interface CrowdModel {
  header: CrowdHeader;
  /** Each hexagon's H3 index as two u32 (h3-js splitLong: low, high). */
  hexH3: Uint32Array;
  /** km² per hexagon. */
  hexArea: Float32Array;
  pieceHex: Uint32Array;
  pieceCell: Int32Array;
  pieceSite: Uint32Array;
  /** -1 outside every venue, else the venue's number. */
  pieceVenue: Int8Array;
  pieceResidents: Float32Array;
  pieceDaytime: Float32Array;
  /** km² per grid cell. */
  cellArea: Float32Array;
  /** -1 for a macro station, else the venue whose small cell it is. */
  siteVenue: Int8Array;
}

import { decodeOpening, encodeOpening } from '../../analysis/binaryOpening.ts';

const MAGIC = 'CTCROWD1';
const align8 = (n: number): number => Math.ceil(n / 8) * 8;

type ArrayName = Exclude<keyof CrowdModel, 'header'>;
const ARRAYS: readonly [ArrayName, { new (b: ArrayBuffer, o: number, n: number): ArrayLike<number> & { byteLength: number } ; BYTES_PER_ELEMENT: number }, (h: CrowdHeader) => number][] = [
  ['hexH3', Uint32Array, (h) => 2 * h.hexes],
  ['hexArea', Float32Array, (h) => h.hexes],
  ['pieceHex', Uint32Array, (h) => h.pieces],
  ['pieceCell', Int32Array, (h) => h.pieces],
  ['pieceSite', Uint32Array, (h) => h.pieces],
  ['pieceVenue', Int8Array, (h) => h.pieces],
  ['pieceResidents', Float32Array, (h) => h.pieces],
  ['pieceDaytime', Float32Array, (h) => h.pieces],
  ['cellArea', Float32Array, (h) => h.cells],
  ['siteVenue', Int8Array, (h) => h.sites],
];

export class CrowdModelError extends Error {}

/** FNV-1a over the arrays' bytes, as 8 hex digits. */
export function modelDigest(model: Omit<CrowdModel, 'header'>): string {
  let h = 0x811c9dc5;
  for (const [name] of ARRAYS) {
    const a = model[name] as unknown as { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function encodeCrowdModel(model: CrowdModel): Uint8Array {
  const { opening, start } = encodeOpening(MAGIC, model.header, 8);
  let size = start;
  for (const [name] of ARRAYS) size += align8((model[name] as { byteLength: number }).byteLength);
  const out = new Uint8Array(size);
  out.set(opening);
  let at = start;
  for (const [name] of ARRAYS) {
    const a = model[name] as unknown as { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += align8(a.byteLength);
  }
  return out;
}

export function decodeCrowdModel(bytes: Uint8Array): CrowdModel {
  const { header, start } = decodeOpening<CrowdHeader>(bytes, MAGIC, 8, 'crowd model', (m) => new CrowdModelError(m));
  if (header.version !== 1 || ![header.hexes, header.pieces, header.sites, header.cells].every((n) => Number.isInteger(n) && n >= 0) || !Array.isArray(header.venues)) throw new CrowdModelError('crowd model header: unknown version or missing fields');
  // Copied so that every array is aligned whatever the buffer's offset (Uint8Array's slice: a Node
  // Buffer's own slice is a view into its pool, not a copy).
  const buffer = Uint8Array.prototype.slice.call(bytes).buffer;
  let at = start;
  const arrays: Partial<Record<ArrayName, unknown>> = {};
  for (const [name, Kind, length] of ARRAYS) {
    const n = length(header);
    if (at + n * Kind.BYTES_PER_ELEMENT > buffer.byteLength) throw new CrowdModelError(`crowd model is ${bytes.length} bytes, too short for its ${name}`);
    arrays[name] = new Kind(buffer, at, n);
    at += align8(n * Kind.BYTES_PER_ELEMENT);
  }
  if (at !== buffer.byteLength) throw new CrowdModelError(`crowd model is ${bytes.length} bytes, its header says ${at}`);
  const model = { header, ...arrays } as CrowdModel;
  if (modelDigest(model) !== header.id) throw new CrowdModelError('crowd model: its arrays do not match its digest');
  return model;
}
