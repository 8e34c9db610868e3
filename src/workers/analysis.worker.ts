/// <reference lib="webworker" />
/**
 * The analysis worker: loads the grid and the buildings, builds the index, and answers spatial
 * queries, so that none of it blocks the page.
 */
import { decodeBuildings } from '../analysis/buildingsFormat.ts';
import { CityAnalysis } from '../analysis/cityAnalysis.ts';
import { cellId, decodeGrid } from '../analysis/gridFormat.ts';
import { importGridGeoJson } from '../analysis/gridImport.ts';
import { buildGridMesh } from '../analysis/gridMesh.ts';
import type { AnalysisReply, AnalysisRequest, GridLoaded } from './analysisProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

let engine: CityAnalysis | null = null;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function load(req: Extract<AnalysisRequest, { type: 'load' }>): Promise<{ result: GridLoaded; transfer: Transferable[] }> {
  const t0 = performance.now();
  const [gridBytes, buildingBytes] = await Promise.all([fetchBytes(req.gridUrl), req.buildingsUrl ? fetchBytes(req.buildingsUrl).catch(() => null) : Promise.resolve(null)]);
  const t1 = performance.now();
  // A real grid may come as GeoJSON; the generated default is the compact grid.bin.
  const imported = /\.(geo)?json$/i.test(new URL(req.gridUrl).pathname) ? importGridGeoJson(JSON.parse(new TextDecoder().decode(gridBytes))) : null;
  const grid = imported?.grid ?? decodeGrid(gridBytes);
  engine = new CityAnalysis(grid, buildingBytes ? decodeBuildings(buildingBytes) : null);
  const t2 = performance.now();
  const mesh = buildGridMesh(grid, req.height);
  const t3 = performance.now();
  const result: GridLoaded = {
    cellCount: engine.index.cellCount,
    ids: imported?.ids ?? Array.from({ length: engine.index.cellCount }, (_, c) => cellId(grid, c)),
    report: imported?.report ?? { accepted: engine.index.cellCount, rejected: {}, examples: [] },
    districts: grid.districts,
    district: grid.district.slice(),
    serial: grid.serial.slice(),
    stats: { buildings: engine.stats.buildings.slice(), floorArea: engine.stats.floorArea.slice() },
    mesh,
    buildingCount: engine.buildings?.count ?? 0,
    timings: { fetch: t1 - t0, index: t2 - t1, mesh: t3 - t2 },
    gridBytes: gridBytes.byteLength,
  };
  const transfer = [mesh.positions.buffer, mesh.indices.buffer, mesh.vertexStart.buffer, mesh.indexStart.buffer, mesh.outline.buffer, result.stats.buildings.buffer, result.stats.floorArea.buffer];
  return { result, transfer: transfer as Transferable[] };
}

function reply(message: AnalysisReply, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

self.addEventListener('message', async (e: MessageEvent<{ id: number; request: AnalysisRequest }>) => {
  const { id, request } = e.data;
  try {
    switch (request.type) {
      case 'load': {
        const { result, transfer } = await load(request);
        return reply({ id, ok: true, result }, transfer);
      }
      case 'cellAt':
        if (!engine) throw new Error('grid not loaded');
        return reply({ id, ok: true, result: { cell: engine.index.cellAt(request.lon, request.lat) } });
      case 'cellDetails':
        if (!engine) throw new Error('grid not loaded');
        return reply({ id, ok: true, result: engine.cellDetails(request.cell, request.limit) });
    }
  } catch (err) {
    reply({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
