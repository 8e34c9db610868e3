import { BUILDING_USES } from '../../analysis/buildingUses.ts';
import { isShelter } from '../../sources/basemapSchemas.ts';
import type { FloodSetup } from './floodEngine.ts';
import type { SensorTable } from '../sensors/index.ts';
import { readyLayerData, useAppStore, type AppState } from '../../state/store.ts';
import { analysis } from '../../analysis/worker/analysisClient.ts';
import { FLOOD_SENSOR_KINDS } from './floodSensors.ts';
import { latestWins } from '../../controllers/latestWins.ts';
import { download } from '../../ui/download.ts';
import { PERF_MARKS } from '../../perf/marks.ts';


/** While following live gauges, the flood is re-evaluated at most this often. */
const LIVE_EVERY_MS = 2000;

/** The table the flood follows: the replayed one while replaying, else the live one. */
export function displayTable(s: Pick<AppState, 'layerLoad' | 'replay'>): SensorTable | null {
  return s.replay.table && s.replay.at !== null ? s.replay.table : (readyLayerData(s, 'sensors')?.table ?? null);
}

/** River gauge levels in gauge order (NaN where a gauge has not reported). */
function gaugeLevels(table: SensorTable, gauges: readonly number[]): number[] {
  return gauges.map((i) => (table.ts[i]! > 0 ? table.value[i]! : Number.NaN));
}

/** Flood-view stations at warning or worse, and at alarm, in the table. */
export function stationCounts(table: SensorTable): { warning: number; alarm: number } {
  let warning = 0;
  let alarm = 0;
  for (let i = 0; i < table.count; i++) {
    if (!FLOOD_SENSOR_KINDS.has(table.registry.kinds[i]!)) continue;
    const l = table.level[i]!;
    if (l >= 1) warning++;
    if (l === 2) alarm++;
  }
  return { warning, alarm };
}

function fail(e: unknown): void {
  useAppStore.getState().setFlood({ status: 'error', error: e instanceof Error ? e.message : String(e) });
}

/**
 * Runs the flood analysis for the flood view: builds the model in the analysis worker the first
 * time the view opens, then asks for a new result when the what-if level moves, when the live
 * gauges change (at most every 2 s), or when the replay time moves (latest wins).
 */
export function startFloodController(): () => void {
  let gauges: number[] = [];
  let initialising = false;
  let lastLevels = '';

  const evaluate = latestWins(async () => {
    const s = useAppStore.getState();
    if (s.mode !== 'flood' || s.flood.status !== 'ready') return;
    const table = displayTable(s);
    const levels = s.flood.source === 'whatif' || !table ? gauges.map(() => s.flood.whatIfLevelM) : gaugeLevels(table, gauges);
    const key = levels.join(',');
    if (key === lastLevels) return;
    const t0 = performance.now();
    const result = await analysis().request({ type: 'flood', levels });
    lastLevels = key;
    const cellCount = readyLayerData(useAppStore.getState(), 'grid')?.loaded.cellCount ?? 0;
    const hectares = new Float64Array(cellCount);
    for (const c of result.cells) hectares[c.cell] = c.floodedM2 / 10_000;
    const prev = useAppStore.getState().flood;
    const applyStart = performance.now();
    // The layers subscribe to the store, so this call also recolours the grid, restyles the
    // buildings and hands the image to the flood layer: the main thread's share, measured.
    useAppStore.getState().setFlood({ result, cellHectares: hectares, buildings: new Set(result.buildingIds), latencyMs: applyStart - t0, seq: prev.seq + 1 });
    performance.measure(PERF_MARKS.floodApply, { start: applyStart, detail: prev.seq + 1 });
  }, fail);

  const init = async (s: AppState): Promise<void> => {
    const table = readyLayerData(s, 'sensors')?.table;
    const water = readyLayerData(s, 'water')?.features;
    const facilities = readyLayerData(s, 'flood')?.facilities;
    const grid = readyLayerData(s, 'grid');
    if (!s.city || !table || !water || !facilities || !grid || !s.gridStats) return;
    initialising = true;
    s.setFlood({ status: 'preparing', error: null });
    gauges = table.registry.kinds.flatMap((k, i) => (k === 'water-level' ? [i] : []));
    const setup: FloodSetup = {
      bounds: s.city.bounds,
      water: water.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates)),
      gauges: gauges.map((i) => ({ lon: table.registry.positions[2 * i]!, lat: table.registry.positions[2 * i + 1]! })),
      shelters: facilities.filter((f) => isShelter(f.properties)).map((f) => ({ id: f.properties.id, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]!, capacity: f.properties.capacity })),
      residentialUse: BUILDING_USES.indexOf('residential'),
    };
    try {
      const ready = await analysis().request({ type: 'floodInit', setup });
      useAppStore.getState().setFlood({ status: 'ready', ready });
      evaluate();
    } catch (e) {
      fail(e);
    } finally {
      initialising = false;
    }
  };

  const unsubscribe = useAppStore.subscribe((s, prev) => {
    if (s.mode !== 'flood') return;
    if (s.flood.status === 'off' && !initialising) void init(s);
    else if (s.flood.whatIfLevelM !== prev.flood.whatIfLevelM || s.flood.source !== prev.flood.source || s.replay.at !== prev.replay.at || s.mode !== prev.mode) evaluate();
  });
  const timer = setInterval(() => {
    const s = useAppStore.getState();
    if (s.mode === 'flood' && s.flood.source === 'live' && s.replay.at === null) evaluate();
  }, LIVE_EVERY_MS);
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}

/** Saves the evacuation list of the current flood result, built in the analysis worker. */
export async function exportEvacuation(kind: 'csv' | 'geojson'): Promise<void> {
  const { csv, geojson } = await analysis().request({ type: 'floodExport' });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  if (kind === 'csv') download(`evacuation-${stamp}.csv`, csv, 'text/csv;charset=utf-8');
  else download(`evacuation-${stamp}.geojson`, geojson, 'application/geo+json');
}
