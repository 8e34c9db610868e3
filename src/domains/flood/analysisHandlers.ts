/** The flood's requests to the analysis worker: the engine over the city, each level's result, the evacuation list. */
import { cellGeometry } from '../../analysis/gridMesh.ts';
import type { Handlers } from '../../workers/actor.ts';
import type { AnalysisMethods } from '../../analysis/worker/analysisProtocol.ts';
import { workerState } from '../../analysis/worker/workerState.ts';
import { FloodEngine, type FloodReady, type FloodResult, type FloodSetup } from './floodEngine.ts';
import { evacuationCsv, evacuationGeoJson, evacuationRows } from './evacuationExport.ts';

declare module '../../analysis/worker/analysisProtocol.ts' {
  interface AnalysisMethods {
    floodInit: { request: { setup: FloodSetup }; result: FloodReady };
    flood: { request: { levels: number[] }; result: FloodResult };
    /** The evacuation list of the last flood result, as file contents. */
    floodExport: { request: object; result: { csv: string; geojson: string; rows: number } };
  }
}

/** The flood analysis, built on the engine once the flood view first opens. */
let flood: FloodEngine | null = null;
let lastFlood: FloodResult | null = null;

export const handlers: Handlers<AnalysisMethods> = {
  floodInit: async (req) => {
    flood = new FloodEngine(await workerState.engine(), req.setup);
    return { result: flood.ready };
  },
  flood: (req) => {
    if (!flood) throw new Error('flood analysis not initialised');
    const result = flood.evaluate(req.levels);
    lastFlood = result;
    // The image goes over; the arrays the export reads stay here.
    return { result, transfer: [result.image.rgba.buffer] as Transferable[] };
  },
  floodExport: async () => {
    if (!flood || !lastFlood) throw new Error('no flood result to export');
    const ready = await workerState.engine();
    const rows = evacuationRows(lastFlood, flood.setup.shelters);
    const geometries = lastFlood.cells.map((c) => cellGeometry(ready.grid, c.cell));
    return { result: { csv: evacuationCsv(rows), geojson: JSON.stringify(evacuationGeoJson(rows, geometries)), rows: rows.length } };
  },
};
