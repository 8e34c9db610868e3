import type { CityConfig } from '../../config/citySchema.ts';
import type { RuntimeConfig } from '../../config/runtimeSchema.ts';
import type { CellDetails } from '../../analysis/cityAnalysis.ts';
import type { GridStats } from '../../analysis/worker/analysisProtocol.ts';
import { DEFAULT_BUILDING_STYLE, type BuildingStyleState } from '../../legend/buildingStyle.ts';
import type { GridMetric } from '../../config/gridMetrics.ts';
import type { LayerData, LayerLoad } from '../../sources/layerLoad.ts';
import type { AppSlice } from './appSlice.ts';

/** What is selected in the scene; layers and panels both key on it. */
export interface Selection {
  layerId: string;
  /** The feature's id within its layer (an adcode, a water id, a building id…). */
  featureId: string;
  /** Attributes that came with the pick, for layers whose data lives only in the scene (3D Tiles). */
  properties?: Record<string, string | number>;
}

/** The city, its layers (loaded, shown), what is picked in them and how they are styled. */
export interface LayersSlice {
  city: CityConfig | null;
  /** Base URL of the city's folder, for resolving its layer URLs. */
  cityBase: string;
  runtime: RuntimeConfig | null;
  layerVisible: Record<string, boolean>;
  layerLoad: Record<string, LayerLoad>;
  selection: Selection | null;
  hover: Selection | null;
  /** Statistics and contents of the selected grid cell, from the analysis worker. */
  cellDetails: CellDetails | null;
  /** Per-cell statistics; they arrive after the grid itself. */
  gridStats: GridStats | null;
  buildingStyle: BuildingStyleState;
  gridMetric: GridMetric;
  /** The basemap's areas filled with their own colours; by default they are outlines only. */
  basemapFills: boolean;
  setCity: (city: CityConfig, cityBase: string, runtime: RuntimeConfig, visible?: string[]) => void;
  setLayerVisible: (id: string, visible: boolean) => void;
  setLayerVisibility: (visibleIds: readonly string[]) => void;
  setLayerLoad: (id: string, load: LayerLoad) => void;
  select: (selection: Selection | null) => void;
  setHover: (hover: Selection | null) => void;
  setCellDetails: (details: CellDetails | null) => void;
  setGridStats: (stats: GridStats | null) => void;
  setGridMetric: (metric: GridMetric) => void;
  setBuildingStyle: (style: Partial<BuildingStyleState>) => void;
  setBasemapFills: (on: boolean) => void;
}

export const createLayersSlice: AppSlice<LayersSlice> = (set) => ({
  city: null,
  cityBase: '',
  runtime: null,
  layerVisible: {},
  layerLoad: {},
  selection: null,
  hover: null,
  cellDetails: null,
  gridStats: null,
  buildingStyle: DEFAULT_BUILDING_STYLE,
  gridMetric: 'buildings',
  basemapFills: false,
  setCity: (city, cityBase, runtime, visible) =>
    set({
      city,
      cityBase,
      runtime,
      layerVisible: Object.fromEntries(city.layers.map((l) => [l.id, visible ? visible.includes(l.id) : l.visible])),
      layerLoad: Object.fromEntries(city.layers.map((l) => [l.id, { state: 'loading' } as const])),
    }),
  setLayerVisible: (id, visible) => set((s) => ({ layerVisible: { ...s.layerVisible, [id]: visible } })),
  setLayerVisibility: (visibleIds) =>
    set((s) => ({ layerVisible: Object.fromEntries(Object.keys(s.layerVisible).map((id) => [id, visibleIds.includes(id)])) })),
  setLayerLoad: (id, load) => set((s) => ({ layerLoad: { ...s.layerLoad, [id]: load } })),
  select: (selection) => set({ selection, cellDetails: null }),
  setHover: (hover) => set({ hover }),
  setCellDetails: (cellDetails) => set({ cellDetails }),
  setGridStats: (gridStats) => set({ gridStats }),
  setGridMetric: (gridMetric) => set({ gridMetric }),
  setBasemapFills: (basemapFills) => set({ basemapFills }),
  setBuildingStyle: (style) => set((s) => ({ buildingStyle: { ...s.buildingStyle, ...style } })),
});

/**
 * The id of the first loaded layer of a kind, or null. Returns a string, so it is a stable selector.
 */
export function readyLayerId(state: Pick<LayersSlice, 'layerLoad'>, kind: LayerData['kind']): string | null {
  for (const [id, load] of Object.entries(state.layerLoad)) if (load.state === 'ready' && load.data.kind === kind) return id;
  return null;
}

/** The data of the first loaded layer of a kind (the stored object itself, so selectors stay stable). */
export function readyLayerData<K extends LayerData['kind']>(state: Pick<LayersSlice, 'layerLoad'>, kind: K): Extract<LayerData, { kind: K }> | undefined {
  const id = readyLayerId(state, kind);
  const load = id === null ? undefined : state.layerLoad[id];
  return load?.state === 'ready' ? (load.data as Extract<LayerData, { kind: K }>) : undefined;
}

export function visibleLayerIds(state: Pick<LayersSlice, 'layerVisible'>): string[] {
  return Object.entries(state.layerVisible)
    .filter(([, v]) => v)
    .map(([id]) => id);
}
