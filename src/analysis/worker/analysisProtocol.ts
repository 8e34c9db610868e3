import type { CellDetails, CellStats } from '../cityAnalysis.ts';
import type { GridMesh } from '../gridMesh.ts';
import type { PackedGrid } from '../gridFormat.ts';
import type { GridImportReport } from '../gridImport.ts';
import type { RequestOf, ResultOf } from '../../workers/actor.ts';

/**
 * What the analysis worker answers, by request type: the request's fields and the result. The grid's
 * are here; each domain adds its own from its analysisHandlers.ts (declaration merging), so this
 * file names no domain.
 */
export interface AnalysisMethods {
  load: { request: { gridUrl: string; height: number }; result: GridLoaded };
  stats: { request: { buildingsUrl: string | null }; result: GridStats };
  cellDetails: { request: { cell: number; limit: number }; result: CellDetails };
  /** The grid cell of each point (lon, lat pairs), -1 outside the grid. */
  cellsAt: { request: { lonLat: number[] }; result: Int32Array };
}

/** Messages to the analysis worker, each with its type. */
export type AnalysisRequest = RequestOf<AnalysisMethods>;
/** The result of each request type. */
export type AnalysisResults = { [K in keyof AnalysisMethods]: ResultOf<AnalysisMethods, K> };

export interface GridLoaded {
  cellCount: number;
  /** Cell ids, in cell order. */
  ids: string[];
  /** Cells skipped from a GeoJSON grid file, by reason; empty for grid.bin. */
  report: GridImportReport;
  /** The cells themselves, for picking on the page; the worker keeps its own copy. */
  grid: PackedGrid;
  /** Metres above the ellipsoid that the mesh lies at. */
  height: number;
  mesh: GridMesh;
  /** Milliseconds: fetch, decode, mesh. */
  timings: { fetch: number; decode: number; mesh: number };
  /** Bytes of grid.bin as fetched (decompressed). */
  gridBytes: number;
}

/** Per-cell statistics, sent after the grid so that the grid shows before they are ready. */
export interface GridStats extends CellStats {
  /** Buildings read from buildings.bin, 0 when there was none. */
  buildingCount: number;
  /** Milliseconds: fetch, index. */
  timings: { fetch: number; index: number };
}
