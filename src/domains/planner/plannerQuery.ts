import { pointsInArea, polygonAreaM2, queryArea } from './planner.ts';
import { BUILDING_USES } from '../../analysis/buildingUses.ts';
import { STOREY_M } from './sunlightHours.ts';
import { ringCentre, type ProposedBuilding } from './proposed.ts';
import type { ProposedRow } from './analysisHandlers.ts';
import { readyLayerData, useAppStore, type AppState } from '../../state/store.ts';
import { type SensorHit } from './plannerSlice.ts';
import { analysis } from '../../analysis/worker/analysisClient.ts';
import { latestWins } from '../../controllers/latestWins.ts';

/** Sensors inside the area, with their latest readings (from the live table, on this thread: it holds them). */
function sensorsIn(s: AppState, area: ReturnType<typeof queryArea>): SensorHit[] {
  const table = readyLayerData(s, 'sensors')?.table;
  if (!table || !area) return [];
  const lonLat = new Float64Array(2 * table.count);
  for (let i = 0; i < table.count; i++) {
    lonLat[2 * i] = table.lon[i]!;
    lonLat[2 * i + 1] = table.lat[i]!;
  }
  return pointsInArea(lonLat, area).map((i) => ({ id: table.registry.ids[i]!, kind: table.registry.kinds[i]!, value: table.ts[i]! > 0 ? table.value[i]! : null }));
}

/** Proposed buildings as the query counts them: at their footprint's centre, a floor every storey, of use 'other' (a proposal names none). */
function proposedRows(proposed: readonly ProposedBuilding[]): ProposedRow[] {
  return proposed.map((b) => {
    const [lon, lat] = ringCentre(b.footprint);
    const floorArea = polygonAreaM2({ type: 'Polygon', coordinates: [[...b.footprint, b.footprint[0]!]] }) * Math.max(1, Math.floor(b.height / STOREY_M));
    return { id: b.id, lon, lat, height: b.height, floorArea, use: BUILDING_USES.indexOf('other') };
  });
}

/**
 * Runs the planner's query whenever the active shape, the buffer, the height limit or the proposals change: the
 * buildings and cells in the analysis worker, the sensors here (latest wins).
 */
export function startPlannerController(): () => void {
  const run = latestWins(
    async () => {
      const s = useAppStore.getState();
      const { active, shapes, bufferM, heightLimitM } = s.planner;
      const shape = shapes.find((x) => x.id === active);
      if (!shape) return s.setPlanner({ result: null });
      s.setPlanner({ busy: true });
      const { proposed, demolished } = s.proposals;
      const result = await analysis().request({ type: 'query', geometry: shape.geometry, bufferM, heightLimitM, proposed: proposedRows(proposed) });
      const now = useAppStore.getState();
      // A building the proposals replace is no longer over any limit.
      const gone = new Set(demolished);
      const kept = result && gone.size > 0 ? { ...result, overLimit: result.overLimit.filter((b) => !gone.has(b.id)) } : result;
      now.setPlanner({ result: kept && { ...kept, sensors: sensorsIn(now, queryArea(shape.geometry, bufferM)) }, busy: false });
    },
    (e) => {
      useAppStore.getState().setPlanner({ busy: false });
      useAppStore.getState().notify(e instanceof Error ? e.message : String(e));
    },
  );
  return useAppStore.subscribe((s, prev) => {
    const p = s.planner;
    const q = prev.planner;
    const plan = s.proposals.proposed !== prev.proposals.proposed || s.proposals.demolished !== prev.proposals.demolished;
    if (p.active !== q.active || p.shapes !== q.shapes || p.bufferM !== q.bufferM || p.heightLimitM !== q.heightLimitM || ((s.gridStats !== prev.gridStats || plan) && p.active)) run();
  });
}
