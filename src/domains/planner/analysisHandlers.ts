/** The planner's requests to the analysis worker: what a drawn area holds, and the sunlight and sight analyses. */
import type { Handlers } from '../../workers/actor.ts';
import type { AnalysisMethods } from '../../analysis/worker/analysisProtocol.ts';
import { fetchBytes, workerState } from '../../analysis/worker/workerState.ts';
import { BUILDING_USES } from '../../analysis/buildingUses.ts';
import { decodeFootprints, type Footprints } from '../../analysis/footprintsFormat.ts';
import { panoramaInArea, PANORAMA_READER, type PanoramaReader } from '../panorama/index.ts';
import { queryArea, queryCityArea, type AreaQueryResult, type DrawnGeometry, type QueryBuilding } from './planner.ts';
import { runPlannerJob, type PlanChanges, type PlannerJob, type PlannerJobResult } from './plannerJobs.ts';

declare module '../../analysis/worker/analysisProtocol.ts' {
  interface AnalysisMethods {
    /** null when the shape encloses nothing (a point or line without a buffer). */
    query: { request: { geometry: DrawnGeometry; bufferM: number; heightLimitM: number | null; proposed: ProposedRow[] }; result: AreaQueryResult | null };
    /** A planner analysis (sunlight, sight lines) against the buildings' footprints, fetched on the first. */
    planner: { request: { job: PlannerJob; changes: PlanChanges }; result: PlannerJobResult };
  }
}

/** A proposed building as the area query counts it: at its footprint's centre. */
export interface ProposedRow extends QueryBuilding {
  lon: number;
  lat: number;
}

/** The footprints, fetched when the first planner analysis asks for them. */
let footprints: Promise<Footprints> | null = null;

export const handlers: Handlers<AnalysisMethods> = {
  query: async (req) => {
    const city = await workerState.engine();
    const area = queryArea(req.geometry, req.bufferM);
    if (!area) return { result: null };
    const contents = city.within(area);
    const result = queryCityArea(city, area, contents, req.heightLimitM, BUILDING_USES.length, req.proposed);
    const panorama = workerState.opened<PanoramaReader>(PANORAMA_READER);
    if (panorama) result.panorama = await panoramaInArea(await panorama, city, area, contents.cells, contents.buildings);
    return { result };
  },
  planner: async (req) => {
    const buildingsUrl = workerState.buildingsUrl();
    if (!workerState.hasEngine() || !buildingsUrl) throw new Error('grid statistics not requested');
    const rows = (await workerState.engine()).buildings;
    if (!rows) throw new Error('no buildings.bin: the planner analyses need the buildings');
    footprints ??= fetchBytes(new URL('footprints.bin', buildingsUrl).href).then(decodeFootprints);
    const fp = await footprints.catch((e: unknown) => {
      footprints = null;
      throw e;
    });
    const result = runPlannerJob(rows, fp, req.changes, req.job);
    const transfer = result.kind === 'sunBuilding' ? [result.result.lonLatZ.buffer, result.result.hours.buffer] : result.kind === 'viewshed' ? [result.result.cells.buffer] : [];
    return { result, transfer: transfer as Transferable[] };
  },
};
