import { pointsInArea, queryArea } from '../analysis/planner.ts';
import { readyLayerData, useAppStore, type AppState, type SensorHit } from '../state/store.ts';
import { analysis } from '../analysis/worker/analysisClient.ts';
import { latestWins } from './latestWins.ts';

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

/**
 * Runs the planner's query whenever the active shape, the buffer or the height limit changes: the
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
      const result = await analysis().request({ type: 'query', geometry: shape.geometry, bufferM, heightLimitM });
      const now = useAppStore.getState();
      now.setPlanner({ result: result && { ...result, sensors: sensorsIn(now, queryArea(shape.geometry, bufferM)) }, busy: false });
    },
    (e) => {
      useAppStore.getState().setPlanner({ busy: false });
      useAppStore.getState().notify(e instanceof Error ? e.message : String(e));
    },
  );
  return useAppStore.subscribe((s, prev) => {
    const p = s.planner;
    const q = prev.planner;
    if (p.active !== q.active || p.shapes !== q.shapes || p.bufferM !== q.bufferM || p.heightLimitM !== q.heightLimitM || (s.gridStats !== prev.gridStats && p.active)) run();
  });
}
