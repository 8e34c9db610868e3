/** The panoramas' requests to the analysis worker: the cells' figures, a cell's records, the records in view. */
import type { Handlers } from '../../workers/actor.ts';
import type { AnalysisMethods } from '../../analysis/worker/analysisProtocol.ts';
import { fetchBytes, fetchRange, workerState } from '../../analysis/worker/workerState.ts';
import { decodePanoramaCells, type PanoramaHeader } from './panoramaFormat.ts';
import { PANORAMA_READER, PanoramaReader, type CellRecords } from './panoramaReader.ts';
import { pointsOf } from './recordPoints.ts';
import type { RecordSet } from './records.ts';

declare module '../../analysis/worker/analysisProtocol.ts' {
  interface AnalysisMethods {
    /** The panoramas' cells.bin: every cell's figures come back; the record offsets stay in the worker. */
    panoramaLoad: { request: { url: string }; result: PanoramaLoaded };
    /** The records of some cells, read from the chunk files by range request. */
    panoramaRecords: { request: { set: RecordSet; cells: number[] }; result: PanoramaRecords };
    /** Records of the cells in a box, nearest its centre first, up to `maxRecords`: the point layer's. */
    panoramaInView: { request: { set: RecordSet; box: [west: number, south: number, east: number, north: number]; maxRecords: number }; result: PanoramaPoints };
  }
}

export interface PanoramaLoaded {
  header: PanoramaHeader;
  /** One array over the cells per column, in header order. */
  columns: Float64Array[];
}

export interface PanoramaRecords {
  set: RecordSet;
  cells: CellRecords<RecordSet>[];
  /** Rows refused by their schema since the panorama loaded, and the first reason. */
  refused: number;
  firstProblem: string | null;
}

/** Records as points: position, class (index into the set's class list) and id. */
export interface PanoramaPoints {
  set: RecordSet;
  lonLat: Float64Array;
  classIndex: Uint8Array;
  ids: string[];
  /** Parcels only: each parcel's ring (lon, lat pairs, closed), drawn as its outline. */
  rings: Float64Array | null;
  /** Where each parcel's ring starts in `rings`, in values; one more entry than parcels. */
  ringStarts: Uint32Array | null;
  /** Cells read, and whether cells were left out for `maxRecords`. */
  cells: number;
  truncated: boolean;
}

const reader = (): Promise<PanoramaReader> | null => workerState.opened<PanoramaReader>(PANORAMA_READER);

export const handlers: Handlers<AnalysisMethods> = {
  panoramaLoad: async (req) => {
    const url = new URL(req.url, self.location.href).href;
    const opening = fetchBytes(url).then((bytes) => new PanoramaReader(decodePanoramaCells(bytes), (file, start, end) => fetchRange(url, file, start, end)));
    workerState.open(PANORAMA_READER, opening);
    const { cells } = await opening;
    const columns = cells.header.columns.map((name) => cells.figures.column(name).slice());
    return { result: { header: cells.header, columns }, transfer: columns.map((c) => c.buffer) as Transferable[] };
  },
  panoramaRecords: async (req) => {
    const opened = reader();
    if (!opened) throw new Error('panoramas not loaded');
    const r = await opened;
    const cells = await r.read(req.set, req.cells);
    return { result: { set: req.set, cells, refused: r.refused, firstProblem: r.firstProblem } };
  },
  panoramaInView: async (req) => {
    const opened = reader();
    if (!opened || !workerState.hasEngine()) throw new Error('panoramas not loaded');
    const [r, city] = await Promise.all([opened, workerState.engine()]);
    const result = await pointsOf(r, city.index, req.set, req.box, req.maxRecords);
    return { result, transfer: [result.lonLat.buffer, result.classIndex.buffer, ...(result.rings && result.ringStarts ? [result.rings.buffer, result.ringStarts.buffer] : [])] as Transferable[] };
  },
};
