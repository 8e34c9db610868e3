/**
 * Reads cells' records from the chunk files by range request: the cells asked for at once are
 * fetched in as few requests as their byte ranges allow (neighbouring ranges merge), and the
 * decoded chunks of recent cells are kept, up to a bounded number of records, so that memory
 * follows what is shown, never the size of the files.
 */
import { decodeChunk, PanoramaFormatError, type PanoramaCells } from './panoramaFormat.ts';
import type { RecordOf, RecordSet } from './records.ts';

/** Bytes [start, end) of a file; implementations: HTTP Range in the page, a file in Node. */
/** The name the analysis worker keeps the reader under, for the planner's area query. */
export const PANORAMA_READER = 'panorama';

export type RangeFetch = (file: string, start: number, end: number) => Promise<Uint8Array>;

export interface CellRecords<S extends RecordSet> {
  cell: number;
  records: RecordOf[S][];
}

/** Ranges closer than this are fetched as one request, the gap read and dropped. */
const MERGE_GAP = 32 * 1024;

export class PanoramaReader {
  private readonly cache = new Map<string, CellRecords<RecordSet>>();
  private cachedRecords = 0;
  /** Rows refused by their schema since the reader opened, and the first reason. */
  refused = 0;
  firstProblem: string | null = null;
  /** Range requests made, for the bench and tests. */
  requests = 0;

  constructor(
    readonly cells: PanoramaCells,
    private readonly fetchRange: RangeFetch,
    /** The most records kept decoded across cells. */
    private readonly maxCachedRecords = 50_000,
  ) {}

  /** The records of each cell asked for, in the order asked. */
  async read<S extends RecordSet>(set: S, cells: readonly number[]): Promise<CellRecords<S>[]> {
    const off = this.cells.offsets[set];
    const n = this.cells.header.cellCount;
    for (const c of cells) if (!(Number.isInteger(c) && c >= 0 && c < n)) throw new PanoramaFormatError(`no cell ${c}`);
    const missing = [...new Set(cells.filter((c) => !this.cache.has(`${set}:${c}`) && off[c + 1]! > off[c]!))].toSorted((a, b) => off[a]! - off[b]!);
    const groups: number[][] = [];
    for (const c of missing) {
      const last = groups[groups.length - 1];
      if (last && off[c]! - off[last[last.length - 1]! + 1]! <= MERGE_GAP && off[c]! >= off[last[last.length - 1]!]!) last.push(c);
      else groups.push([c]);
    }
    const fresh = new Map<number, CellRecords<RecordSet>>();
    await Promise.all(
      groups.map(async (group) => {
        const start = off[group[0]!]!;
        const end = Math.max(...group.map((c) => off[c + 1]!));
        this.requests++;
        const bytes = await this.fetchRange(this.cells.header.sets[set].file, start, end);
        if (bytes.length !== end - start) throw new PanoramaFormatError(`${set}: asked for ${end - start} bytes, got ${bytes.length}`);
        for (const c of group) {
          const decoded = await decodeChunk(set, bytes.subarray(off[c]! - start, off[c + 1]! - start));
          this.refused += decoded.refused;
          this.firstProblem ??= decoded.firstProblem;
          const value = { cell: c, records: decoded.records };
          fresh.set(c, value);
          this.remember(`${set}:${c}`, value);
        }
      }),
    );
    // Cells just read are answered even if the budget has already let them go.
    return cells.map((c) => ((fresh.get(c) ?? this.cache.get(`${set}:${c}`)) as CellRecords<S> | undefined) ?? { cell: c, records: [] });
  }

  private remember(key: string, value: CellRecords<RecordSet>): void {
    this.cache.set(key, value);
    this.cachedRecords += value.records.length;
    // Oldest first out (a Map keeps insertion order), but never the cell just read.
    for (const [k, v] of this.cache) {
      if (this.cachedRecords <= this.maxCachedRecords || k === key) break;
      this.cache.delete(k);
      this.cachedRecords -= v.records.length;
    }
  }

  /** Decoded records held now, across cells. */
  get heldRecords(): number {
    return this.cachedRecords;
  }
}
