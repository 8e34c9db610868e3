/// <reference lib="webworker" />
/**
 * The analysis worker: loads the grid and the buildings, builds the index, and answers spatial
 * queries, so that none of it blocks the page.
 */
import { decodeBuildings } from '../buildingsFormat.ts';
import { CityAnalysis } from '../cityAnalysis.ts';
import { cellId, decodeGrid } from '../gridFormat.ts';
import { importGridGeoJson } from '../gridImport.ts';
import type { AnalysisReply, AnalysisRequest, GridLoaded, GridStats } from './analysisProtocol.ts';
import type { PackedGrid } from '../gridFormat.ts';
import { FloodEngine, type FloodResult } from '../../domains/flood/floodEngine.ts';
import { queryArea, queryCityArea } from '../../domains/planner/planner.ts';
import { panoramaInArea } from '../../domains/panorama/areaQuery.ts';
import { BUILDING_USES } from '../buildingUses.ts';
import { evacuationCsv, evacuationGeoJson, evacuationRows } from '../../domains/flood/evacuationExport.ts';
import { buildGridMesh, cellGeometry } from '../gridMesh.ts';
import { decodeFootprints, type Footprints } from '../footprintsFormat.ts';
import { runPlannerJob } from '../../domains/planner/plannerJobs.ts';
import { decodePanoramaCells } from '../../domains/panorama/panoramaFormat.ts';
import { PanoramaReader } from '../../domains/panorama/panoramaReader.ts';
import { pointsOf } from '../../domains/panorama/recordPoints.ts';

declare const self: DedicatedWorkerGlobalScope;

let grid: PackedGrid | null = null;
/** Settles once the statistics request has built the engine; queries wait for it. */
let engine: Promise<CityAnalysis> | null = null;
/** The flood analysis, built on the engine once the flood view first opens. */
let flood: FloodEngine | null = null;
let lastFlood: FloodResult | null = null;
/** Where buildings.bin came from: footprints.bin lies beside it. */
let buildingsUrl: string | null = null;
/** The footprints, fetched when the first planner analysis asks for them. */
let footprints: Promise<Footprints> | null = null;

/** The panoramas' reader, once cells.bin is in. */
let panorama: Promise<PanoramaReader> | null = null;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** First the grid and its mesh, so the layer can draw; the index and statistics follow. */
async function load(req: Extract<AnalysisRequest, { type: 'load' }>): Promise<{ result: GridLoaded; transfer: Transferable[] }> {
  const t0 = performance.now();
  const bytes = await fetchBytes(req.gridUrl);
  const t1 = performance.now();
  // A real grid may come as GeoJSON; the generated default is the compact grid.bin.
  const imported = /\.(geo)?json$/i.test(new URL(req.gridUrl).pathname) ? importGridGeoJson(JSON.parse(new TextDecoder().decode(bytes))) : null;
  const g = imported?.grid ?? decodeGrid(bytes);
  grid = g;
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

async function stats(req: Extract<AnalysisRequest, { type: 'stats' }>): Promise<{ result: GridStats; transfer: Transferable[] }> {
  const g = grid;
  if (!g) throw new Error('grid not loaded');
  const t0 = performance.now();
  let t1 = t0;
  buildingsUrl = req.buildingsUrl;
  engine = (async () => {
    const buildingBytes = req.buildingsUrl ? await fetchBytes(req.buildingsUrl).catch(() => null) : null;
    t1 = performance.now();
    return new CityAnalysis(g, buildingBytes ? decodeBuildings(buildingBytes) : null);
  })();
  const e = await engine;
  const result: GridStats = {
    buildings: e.stats.buildings.slice(),
    floorArea: e.stats.floorArea.slice(),
    buildingCount: e.buildings?.count ?? 0,
    timings: { fetch: t1 - t0, index: performance.now() - t1 },
  };
  return { result, transfer: [result.buildings.buffer, result.floorArea.buffer] as Transferable[] };
}

/** Bytes [start, end) of a file beside `base`, by HTTP range request. */
async function fetchRange(base: string, file: string, start: number, end: number): Promise<Uint8Array> {
  const url = new URL(file, base).href;
  const res = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
  if (res.status === 200) return new Uint8Array(await res.arrayBuffer()).slice(start, end); // a server that ignores ranges
  if (res.status !== 206) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function reply(message: AnalysisReply, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

self.addEventListener('message', async (message: MessageEvent<{ id: number; request: AnalysisRequest }>) => {
  const { id, request } = message.data;
  try {
    switch (request.type) {
      case 'load': {
        const { result, transfer } = await load(request);
        return reply({ id, ok: true, result }, transfer);
      }
      case 'stats': {
        const { result, transfer } = await stats(request);
        return reply({ id, ok: true, result }, transfer);
      }
      case 'cellDetails': {
        if (!engine) throw new Error('grid statistics not requested');
        const ready = await engine;
        return reply({ id, ok: true, result: ready.cellDetails(request.cell, request.limit) });
      }
      case 'floodInit': {
        if (!engine) throw new Error('grid statistics not requested');
        flood = new FloodEngine(await engine, request.setup);
        return reply({ id, ok: true, result: flood.ready });
      }
      case 'flood': {
        if (!flood) throw new Error('flood analysis not initialised');
        const result = flood.evaluate(request.levels);
        lastFlood = result;
        // The image goes over; the arrays the export reads stay here.
        return reply({ id, ok: true, result }, [result.image.rgba.buffer] as Transferable[]);
      }
      case 'query': {
        if (!engine) throw new Error('grid statistics not requested');
        const city = await engine;
        const area = queryArea(request.geometry, request.bufferM);
        if (!area) return reply({ id, ok: true, result: null });
        const contents = city.within(area);
        const result = queryCityArea(city, area, contents, request.heightLimitM, BUILDING_USES.length, request.proposed);
        if (panorama) result.panorama = await panoramaInArea(await panorama, city, area, contents.cells, contents.buildings);
        return reply({ id, ok: true, result });
      }
      case 'planner': {
        if (!engine || !buildingsUrl) throw new Error('grid statistics not requested');
        const rows = (await engine).buildings;
        if (!rows) throw new Error('no buildings.bin: the planner analyses need the buildings');
        footprints ??= fetchBytes(new URL('footprints.bin', buildingsUrl).href).then(decodeFootprints);
        const fp = await footprints.catch((e: unknown) => {
          footprints = null;
          throw e;
        });
        const result = runPlannerJob(rows, fp, request.changes, request.job);
        const transfer = result.kind === 'sunBuilding' ? [result.result.lonLatZ.buffer, result.result.hours.buffer] : result.kind === 'viewshed' ? [result.result.cells.buffer] : [];
        return reply({ id, ok: true, result }, transfer as Transferable[]);
      }
      case 'panoramaLoad': {
        const url = new URL(request.url, self.location.href).href;
        const opening = fetchBytes(url).then((bytes) => new PanoramaReader(decodePanoramaCells(bytes), (file, start, end) => fetchRange(url, file, start, end)));
        panorama = opening;
        const { cells } = await opening;
        const columns = cells.header.columns.map((name) => cells.figures.column(name).slice());
        return reply({ id, ok: true, result: { header: cells.header, columns } }, columns.map((c) => c.buffer) as Transferable[]);
      }
      case 'panoramaRecords': {
        if (!panorama) throw new Error('panoramas not loaded');
        const reader = await panorama;
        const cells = await reader.read(request.set, request.cells);
        return reply({ id, ok: true, result: { set: request.set, cells, refused: reader.refused, firstProblem: reader.firstProblem } });
      }
      case 'cellsAt': {
        if (!engine) throw new Error('grid statistics not requested');
        const cells = (await engine).index.cellsAt(Float64Array.from(request.lonLat));
        return reply({ id, ok: true, result: cells }, [cells.buffer] as Transferable[]);
      }
      case 'panoramaInView': {
        if (!panorama || !engine) throw new Error('panoramas not loaded');
        const [reader, city] = await Promise.all([panorama, engine]);
        const result = await pointsOf(reader, city.index, request.set, request.box, request.maxRecords);
        return reply({ id, ok: true, result }, [result.lonLat.buffer, result.classIndex.buffer, ...(result.rings && result.ringStarts ? [result.rings.buffer, result.ringStarts.buffer] : [])] as Transferable[]);
      }
      case 'floodExport': {
        if (!flood || !lastFlood) throw new Error('no flood result to export');
        const ready = await engine!;
        const rows = evacuationRows(lastFlood, flood.setup.shelters);
        const geometries = lastFlood.cells.map((c) => cellGeometry(ready.grid, c.cell));
        return reply({ id, ok: true, result: { csv: evacuationCsv(rows), geojson: JSON.stringify(evacuationGeoJson(rows, geometries)), rows: rows.length } });
      }
    }
  } catch (err) {
    reply({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
