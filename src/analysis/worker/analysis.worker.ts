/// <reference lib="webworker" />
/**
 * The analysis worker: loads the grid and the buildings, builds the index, and answers spatial
 * queries, so that none of it blocks the page. The grid's requests are answered here; each
 * domain's come from its analysisHandlers.ts, found by folder, through one router (workers/actor.ts).
 */
import { decodeBuildings } from '../buildingsFormat.ts';
import { CityAnalysis } from '../cityAnalysis.ts';
import { cellId, decodeGrid } from '../gridFormat.ts';
import { importGridGeoJson } from '../gridImport.ts';
import type { AnalysisMethods, GridLoaded, GridStats } from './analysisProtocol.ts';
import type { PackedGrid } from '../gridFormat.ts';
import { buildGridMesh } from '../gridMesh.ts';
import { serveRequests, type Answer, type Handlers } from '../../workers/actor.ts';
import { fetchBytes, workerState } from './workerState.ts';

declare const self: DedicatedWorkerGlobalScope;

/** First the grid and its mesh, so the layer can draw; the index and statistics follow. */
async function load(req: { gridUrl: string; height: number }): Promise<Answer<GridLoaded>> {
  const t0 = performance.now();
  const bytes = await fetchBytes(req.gridUrl);
  const t1 = performance.now();
  // A real grid may come as GeoJSON; the generated default is the compact grid.bin.
  const imported = /\.(geo)?json$/i.test(new URL(req.gridUrl).pathname) ? importGridGeoJson(JSON.parse(new TextDecoder().decode(bytes))) : null;
  const g = imported?.grid ?? decodeGrid(bytes);
  workerState.setGrid(g);
  const t2 = performance.now();
  const mesh = buildGridMesh(g, req.height);
  const t3 = performance.now();
  const cellCount = g.cellRingStart.length - 1;
  const copy: PackedGrid = { districts: g.districts, district: g.district.slice(), serial: g.serial.slice(), cellRingStart: g.cellRingStart.slice(), ringPointStart: g.ringPointStart.slice(), coords: g.coords.slice() };
  const result: GridLoaded = {
    cellCount,
    ids: imported?.ids ?? Array.from({ length: cellCount }, (_, c) => cellId(g, c)),
    report: imported?.report ?? { accepted: cellCount, rejected: {}, examples: [] },
    grid: copy,
    height: req.height,
    mesh,
    timings: { fetch: t1 - t0, decode: t2 - t1, mesh: t3 - t2 },
    gridBytes: bytes.byteLength,
  };
  const transfer = [mesh.positions.buffer, mesh.vertexCell.buffer, mesh.indices.buffer, mesh.outline.buffer, copy.district.buffer, copy.serial.buffer, copy.cellRingStart.buffer, copy.ringPointStart.buffer, copy.coords.buffer];
  return { result, transfer: transfer as Transferable[] };
}

async function stats(req: { buildingsUrl: string | null }): Promise<Answer<GridStats>> {
  const g = workerState.grid();
  if (!g) throw new Error('grid not loaded');
  const t0 = performance.now();
  let t1 = t0;
  const engine = (async () => {
    const buildingBytes = req.buildingsUrl ? await fetchBytes(req.buildingsUrl).catch(() => null) : null;
    t1 = performance.now();
    return new CityAnalysis(g, buildingBytes ? decodeBuildings(buildingBytes) : null);
  })();
  workerState.setEngine(engine, req.buildingsUrl);
  const e = await engine;
  const result: GridStats = {
    buildings: e.stats.buildings.slice(),
    floorArea: e.stats.floorArea.slice(),
    buildingCount: e.buildings?.count ?? 0,
    timings: { fetch: t1 - t0, index: performance.now() - t1 },
  };
  return { result, transfer: [result.buildings.buffer, result.floorArea.buffer] as Transferable[] };
}

const gridHandlers: Handlers<AnalysisMethods> = {
  load,
  stats,
  cellDetails: async (req) => ({ result: (await workerState.engine()).cellDetails(req.cell, req.limit) }),
  cellsAt: async (req) => {
    const cells = (await workerState.engine()).index.cellsAt(Float64Array.from(req.lonLat));
    return { result: cells, transfer: [cells.buffer] as Transferable[] };
  },
};

const domainHandlers = Object.values(import.meta.glob<{ handlers: Handlers<AnalysisMethods> }>('../../domains/*/analysisHandlers.ts', { eager: true })).map((m) => m.handlers);
serveRequests<AnalysisMethods>(self, Object.assign({}, gridHandlers, ...domainHandlers));
