import type { FloodReady, FloodResult } from './floodEngine.ts';
import type { GridMetric } from '../../config/gridMetrics.ts';
import type { SensorTable } from '../sensors/index.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';

/** The city view, or the flood-control view with its own layer set, panel and statistics. */
export type AppMode = 'city' | 'flood';

/** Where the flood's river levels come from: the live gauges, or one level for all (what-if). */
export type FloodSource = 'live' | 'whatif';

export interface FloodState {
  status: 'off' | 'preparing' | 'ready' | 'error';
  error: string | null;
  source: FloodSource;
  whatIfLevelM: number;
  ready: FloodReady | null;
  result: FloodResult | null;
  /** Flooded hectares per grid cell (for the choropleth), from the result. */
  cellHectares: Float64Array | null;
  /** Ids of the flooded buildings (for the tileset highlight), from the result. */
  buildings: ReadonlySet<string> | null;
  /** Milliseconds from asking for the last result to having it. */
  latencyMs: number | null;
  /** Counts results, so that a layer can tell a new one from the last. */
  seq: number;
}

/** Replay of the recorded stream: `at` null means live. */
export interface ReplayState {
  at: number | null;
  /** 0 paused, else times real time. */
  speed: 0 | 1 | 10 | 60;
  /** The sensors as they were at `at`, rebuilt from the history; null when live. */
  table: SensorTable | null;
}

/** The view (city or flood control), the flood analysis's state and the replay of the stream. */
export interface FloodSlice {
  mode: AppMode;
  /** The city view's layers and statistic, restored when the flood view closes. */
  cityView: { visible: Record<string, boolean>; gridMetric: GridMetric } | null;
  flood: FloodState;
  replay: ReplayState;
  setMode: (mode: AppMode) => void;
  setFlood: (flood: Partial<FloodState>) => void;
  setReplay: (replay: Partial<ReplayState>) => void;
}

/** Layer kinds the flood view shows; everything else steps aside. */
const FLOOD_LAYER_KINDS = new Set(['districts', 'water', 'buildings', 'grid', 'sensors', 'flood']);

export const slice: AppSlice<FloodSlice> = (set) => ({
  mode: 'city',
  cityView: null,
  flood: { status: 'off', error: null, source: 'live', whatIfLevelM: 3.5, ready: null, result: null, cellHectares: null, buildings: null, latencyMs: null, seq: 0 },
  replay: { at: null, speed: 0, table: null },
  setMode: (mode) =>
    set((s) => {
      if (mode === s.mode) return {};
      if (mode === 'flood') {
        const visible = Object.fromEntries((s.city?.layers ?? []).map((l) => [l.id, FLOOD_LAYER_KINDS.has(l.kind)]));
        return { mode, cityView: { visible: s.layerVisible, gridMetric: s.gridMetric }, layerVisible: visible, gridMetric: 'flooded' };
      }
      return { mode, cityView: null, layerVisible: s.cityView?.visible ?? s.layerVisible, gridMetric: s.cityView?.gridMetric ?? 'buildings', replay: { at: null, speed: 0, table: null } };
    }),
  setFlood: (flood) => set((s) => ({ flood: { ...s.flood, ...flood } })),
  setReplay: (replay) => set((s) => ({ replay: { ...s.replay, ...replay } })),
});

declare module '../../state/store.ts' {
  interface DomainSlices {
    flood: FloodSlice;
  }
}
