import type { CellDetails, CellStats } from '../cityAnalysis.ts';
import type { GridMesh } from '../gridMesh.ts';
import type { PackedGrid } from '../gridFormat.ts';
import type { GridImportReport } from '../gridImport.ts';
import type { FloodReady, FloodResult, FloodSetup } from '../flood/floodEngine.ts';
import type { AreaQueryResult, DrawnGeometry, QueryBuilding } from '../planner.ts';
import type { PlanChanges, PlannerJob, PlannerJobResult } from '../planning/plannerJobs.ts';

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
  | { type: 'planner'; job: PlannerJob; changes: PlanChanges };

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
}

export type AnalysisReply = { id: number; ok: true; result: AnalysisResults[keyof AnalysisResults] } | { id: number; ok: false; error: string };
