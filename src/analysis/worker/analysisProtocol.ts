import type { CellDetails, CellStats } from '../cityAnalysis.ts';
import type { GridMesh } from '../gridMesh.ts';
import type { PackedGrid } from '../gridFormat.ts';
import type { GridImportReport } from '../gridImport.ts';
import type { FloodReady, FloodResult, FloodSetup } from '../../domains/flood/floodEngine.ts';
import type { AreaQueryResult, DrawnGeometry, QueryBuilding } from '../../domains/planner/planner.ts';
import type { PlanChanges, PlannerJob, PlannerJobResult } from '../../domains/planner/plannerJobs.ts';
import type { PanoramaHeader } from '../../domains/panorama/panoramaFormat.ts';
import type { CellRecords } from '../../domains/panorama/panoramaReader.ts';
import type { RecordSet } from '../../domains/panorama/records.ts';

/** Messages to the analysis worker. Every request carries an id; the answer echoes it. */
export type AnalysisRequest =
  | { type: 'load'; gridUrl: string; height: number }
  | { type: 'stats'; buildingsUrl: string | null }
  | { type: 'cellDetails'; cell: number; limit: number }
  | { type: 'floodInit'; setup: FloodSetup }
  | { type: 'flood'; levels: number[] }
  | { type: 'floodExport' }
  | { type: 'query'; geometry: DrawnGeometry; bufferM: number; heightLimitM: number | null; proposed: ProposedRow[] }
  /** A planner analysis (sunlight, sight lines) against the buildings' footprints, fetched on the first. */
  | { type: 'planner'; job: PlannerJob; changes: PlanChanges }
  /** The panoramas' cells.bin: every cell's figures come back; the record offsets stay in the worker. */
  | { type: 'panoramaLoad'; url: string }
  /** The records of some cells, read from the chunk files by range request. */
  | { type: 'panoramaRecords'; set: RecordSet; cells: number[] }
  /** Records of the cells in a box, nearest its centre first, up to `maxRecords`: the point layer's. */
  /** The grid cell of each point (lon, lat pairs), -1 outside the grid. */
  | { type: 'cellsAt'; lonLat: number[] }
  | { type: 'panoramaInView'; set: RecordSet; box: [west: number, south: number, east: number, north: number]; maxRecords: number };

/** A proposed building as the area query counts it: at its footprint's centre. */
export interface ProposedRow extends QueryBuilding {
  lon: number;
  lat: number;
}

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

export interface AnalysisResults {
  load: GridLoaded;
  stats: GridStats;
  cellDetails: CellDetails;
  floodInit: FloodReady;
  flood: FloodResult;
  /** The evacuation list of the last flood result, as file contents. */
  floodExport: { csv: string; geojson: string; rows: number };
  /** null when the shape encloses nothing (a point or line without a buffer). */
  query: AreaQueryResult | null;
  planner: PlannerJobResult;
  panoramaLoad: PanoramaLoaded;
  panoramaRecords: PanoramaRecords;
  panoramaInView: PanoramaPoints;
  cellsAt: Int32Array;
}

export type AnalysisReply = { id: number; ok: true; result: AnalysisResults[keyof AnalysisResults] } | { id: number; ok: false; error: string };
