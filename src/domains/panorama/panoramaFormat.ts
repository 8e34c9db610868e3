/**
 * The panoramas on disk, made to be fetched by area over plain HTTP (any static server, object
 * store or CDN that answers range requests):
 *
 * - `cells.bin`: every cell's figures, and where each cell's records lie in the record files.
 *     8 bytes "CTPANO01", u32 JSON header length, JSON header (below), padding to 8 bytes, then
 *     f64[cellCount] per column, in header order · f64[cellCount + 1] byte offsets per record set
 * - `{set}.chunks`, one per record set: cell by cell, each cell's records as one gzip member of a
 *   JSON array of row tuples (records.ts), so a cell's records are one range request away.
 *
 * The page holds cells.bin (the figures of all 18,649 cells) and fetches records only for the
 * cells it shows, so its memory does not grow with the number of records.
 */
import { RECORD_SETS, ROW_SCHEMAS, type RecordOf, type RecordSet } from './records.ts';
import { PanoramaFigures } from './cellFigures.ts';

import { decodeOpening, encodeOpening } from '../../analysis/binaryOpening.ts';

const MAGIC = 'CTPANO01';

export interface PanoramaHeader {
  version: 1;
  cellCount: number;
  /** The time the records describe (a case open at this time is open), ms since the epoch. */
  asOfMs: number;
  columns: string[];
  /** Each record set's file (beside cells.bin) and record count. */
  sets: Record<RecordSet, { file: string; records: number }>;
  /** Where the data came from, for the panel's footnote. */
  source: string;
}

export interface PanoramaCells {
  header: PanoramaHeader;
  figures: PanoramaFigures;
  /** Byte offsets of each cell's chunk in its set's file: cell c is [offsets[c], offsets[c + 1]). */
  offsets: Record<RecordSet, Float64Array>;
}

export class PanoramaFormatError extends Error {}

export function encodePanoramaCells(cells: PanoramaCells): Uint8Array {
  const { header, figures, offsets } = cells;
  const n = header.cellCount;
  const { opening, start } = encodeOpening(MAGIC, header, 8);
  const out = new Uint8Array(start + 8 * (header.columns.length * n + RECORD_SETS.length * (n + 1)));
  out.set(opening);
  const f64 = new Float64Array(out.buffer, start);
  header.columns.forEach((name, i) => f64.set(figures.column(name), i * n));
  RECORD_SETS.forEach((set, i) => f64.set(offsets[set], header.columns.length * n + i * (n + 1)));
  return out;
}

export function decodePanoramaCells(bytes: Uint8Array): PanoramaCells {
  const { header, start } = decodeOpening<PanoramaHeader>(bytes, MAGIC, 8, 'panorama file', (m) => new PanoramaFormatError(m));
  const n = header.cellCount;
  if (header.version !== 1 || !Number.isInteger(n) || !Array.isArray(header.columns) || RECORD_SETS.some((s) => typeof header.sets?.[s]?.file !== 'string')) throw new PanoramaFormatError('panorama header: unknown version or missing fields');
  const need = start + 8 * (header.columns.length * n + RECORD_SETS.length * (n + 1));
  if (bytes.length !== need) throw new PanoramaFormatError(`panorama file is ${bytes.length} bytes, its header says ${need}`);
  // Copied out so that the columns are aligned whatever the buffer's offset (Uint8Array's slice:
  // a Node Buffer's own slice is a view into its pool, not a copy).
  const f64 = new Float64Array(Uint8Array.prototype.slice.call(bytes, start).buffer);
  const arrays = header.columns.map((_, i) => f64.subarray(i * n, (i + 1) * n));
  const base = header.columns.length * n;
  const offsets = Object.fromEntries(RECORD_SETS.map((s, i) => [s, f64.subarray(base + i * (n + 1), base + (i + 1) * (n + 1))])) as Record<RecordSet, Float64Array>;
  return { header, figures: new PanoramaFigures(n, header.columns, arrays), offsets };
}

export interface DecodedChunk<S extends RecordSet> {
  records: RecordOf[S][];
  /** Rows that failed the schema, with the first reason. */
  refused: number;
  firstProblem: string | null;
}

/** Gunzips one cell's chunk; DecompressionStream exists in browsers, workers and Node alike. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** One cell's records from its chunk; rows that fail their schema are counted and skipped. */
export async function decodeChunk<S extends RecordSet>(set: S, bytes: Uint8Array): Promise<DecodedChunk<S>> {
  if (bytes.length === 0) return { records: [], refused: 0, firstProblem: null };
  let rows: unknown;
  try {
    rows = JSON.parse(new TextDecoder().decode(await gunzip(bytes)));
  } catch (e) {
    throw new PanoramaFormatError(`${set} chunk: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(rows)) throw new PanoramaFormatError(`${set} chunk is not an array of rows`);
  const schema = ROW_SCHEMAS[set];
  const records: RecordOf[S][] = [];
  let refused = 0;
  let firstProblem: string | null = null;
  for (const row of rows) {
    const r = schema.safeParse(row);
    if (r.success) records.push(r.data as RecordOf[S]);
    else {
      refused++;
      firstProblem ??= r.error.issues[0]?.message ?? 'invalid row';
    }
  }
  return { records, refused, firstProblem };
}
