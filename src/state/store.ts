import { create } from 'zustand';
import type { CameraView, CityConfig } from '../config/citySchema.ts';
import type { RuntimeConfig } from '../config/runtimeSchema.ts';
import type { Lang } from '../i18n/messages.ts';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { DistrictProperties, WaterProperties } from '../sources/basemapSchemas.ts';
import { DEFAULT_BUILDING_STYLE, type BuildingStyleState } from '../layers/buildings/buildingStyle.ts';
import type { GridMetric } from '../layers/grid/choropleth.ts';
import type { CellDetails } from '../analysis/cityAnalysis.ts';
import type { GridLoaded, GridStats } from '../workers/analysisProtocol.ts';
import type { ConnectionState, LiveDiagnostics } from '../workers/liveProtocol.ts';
import type { SensorTable } from '../live/sensorTable.ts';
import type { Alert } from '../live/alertBook.ts';

/** What is selected in the scene; layers and panels both key on it. */
export interface Selection {
  layerId: string;
  /** The feature's id within its layer (an adcode, a water id, a building id…). */
  featureId: string;
  /** Attributes that came with the pick, for layers whose data lives only in the scene (3D Tiles). */
  properties?: Record<string, string | number>;
}

export type CameraCommand = { kind: 'home' } | { kind: 'zoomIn' } | { kind: 'zoomOut' } | { kind: 'north' } | { kind: 'view'; view: CameraView };

export type LayerData =
  | { kind: 'districts'; features: Feature<Polygon | MultiPolygon, DistrictProperties>[] }
  | { kind: 'water'; features: Feature<Polygon | MultiPolygon, WaterProperties>[] }
  | { kind: 'buildings'; url: string }
  | { kind: 'grid'; loaded: GridLoaded; cellIds: string[] }
  | { kind: 'sensors'; table: SensorTable };

/** The live feed's health, refreshed about once a second: what the diagnostics panel shows. */
export interface LiveStatus {
  connection: ConnectionState;
  /** While reconnecting: the wait before the next try. */
  retryInMs: number | null;
  received: number;
  receivedPerSecond: number;
  /** Messages merged into the sensor table per second, on the main thread. */
  appliedPerSecond: number;
  duplicates: number;
  rejects: LiveDiagnostics['rejects'];
  lastError: LiveDiagnostics['lastError'];
  reconnects: number;
}

/** Per-cell counts from the live feed, in grid cell order. */
export interface LiveCellCounts {
  sensors: Uint32Array;
  alerts: Uint32Array;
}

/** What decoding a layer's data kept and skipped, by reason (each source has its own reasons). */
export interface LoadReport {
  accepted: number;
  repaired: number;
  rejected: Partial<Record<string, number>>;
  examples: string[];
}

export type LayerLoad =
  | { state: 'loading' }
  | { state: 'ready'; report: LoadReport; data: LayerData }
  | { state: 'error'; message: string };

export interface SceneStatus {
  /** Frames drawn in the last second; the scene renders on demand, so 0 means idle. */
  fps: number;
  tilesPending: number;
  /** Largest queue seen since the queue was last empty: the denominator of the progress bar. */
  tilesPeak: number;
  /** 3D Tiles requested or processing, across tilesets. */
  modelPending: number;
  modelPeak: number;
}

export interface AppState {
  lang: Lang;
  city: CityConfig | null;
  /** Base URL of the city's folder, for resolving its layer URLs. */
  cityBase: string;
  runtime: RuntimeConfig | null;
  layerVisible: Record<string, boolean>;
  layerLoad: Record<string, LayerLoad>;
  /** The camera as the scene last reported it, after a move ended. */
  camera: CameraView | null;
  /** Heading in degrees, updated while the camera turns, for the compass. */
  heading: number;
  cameraCommand: { command: CameraCommand; seq: number } | null;
  selection: Selection | null;
  hover: Selection | null;
  /** Statistics and contents of the selected grid cell, from the analysis worker. */
  cellDetails: CellDetails | null;
  /** Per-cell statistics; they arrive after the grid itself. */
  gridStats: GridStats | null;
  buildingStyle: BuildingStyleState;
  gridMetric: GridMetric;
  scene: SceneStatus;
  notices: string[];
  live: LiveStatus;
  /** Active alerts, alarms first. */
  alerts: Alert[];
  clearedAlerts: readonly Alert[];
  liveCellCounts: LiveCellCounts | null;

  setLang: (lang: Lang) => void;
  setCity: (city: CityConfig, cityBase: string, runtime: RuntimeConfig, visible?: string[]) => void;
  setLayerVisible: (id: string, visible: boolean) => void;
  setLayerVisibility: (visibleIds: readonly string[]) => void;
  setLayerLoad: (id: string, load: LayerLoad) => void;
  cameraSettled: (view: CameraView) => void;
  setHeading: (heading: number) => void;
  commandCamera: (command: CameraCommand) => void;
  select: (selection: Selection | null) => void;
  setBuildingStyle: (style: Partial<BuildingStyleState>) => void;
  setHover: (hover: Selection | null) => void;
  setCellDetails: (details: CellDetails | null) => void;
  setGridStats: (stats: GridStats | null) => void;
  setGridMetric: (metric: GridMetric) => void;
  setSceneStatus: (status: Partial<SceneStatus>) => void;
  notify: (notice: string) => void;
  setLive: (live: Partial<LiveStatus>) => void;
  setAlerts: (active: Alert[], cleared: readonly Alert[]) => void;
  setLiveCellCounts: (counts: LiveCellCounts | null) => void;
}

const LANG_KEY = 'canton-twin.lang';

function initialLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const useAppStore = create<AppState>()((set) => ({
  lang: initialLang(),
  city: null,
  cityBase: '',
  runtime: null,
  layerVisible: {},
  layerLoad: {},
  camera: null,
  heading: 0,
  cameraCommand: null,
  selection: null,
  hover: null,
  cellDetails: null,
  gridStats: null,
  buildingStyle: DEFAULT_BUILDING_STYLE,
  gridMetric: 'buildings',
  scene: { fps: 0, tilesPending: 0, tilesPeak: 0, modelPending: 0, modelPeak: 0 },
  notices: [],
  live: { connection: 'idle', retryInMs: null, received: 0, receivedPerSecond: 0, appliedPerSecond: 0, duplicates: 0, rejects: {}, lastError: null, reconnects: 0 },
  alerts: [],
  clearedAlerts: [],
  liveCellCounts: null,

  setLang: (lang) => {
    try {
      globalThis.localStorage?.setItem(LANG_KEY, lang);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = lang;
    set({ lang });
  },
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
  cameraSettled: (camera) => set({ camera, heading: camera.heading }),
  setHeading: (heading) => set({ heading }),
  commandCamera: (command) => set((s) => ({ cameraCommand: { command, seq: (s.cameraCommand?.seq ?? 0) + 1 } })),
  select: (selection) => set({ selection, cellDetails: null }),
  setHover: (hover) => set({ hover }),
  setCellDetails: (cellDetails) => set({ cellDetails }),
  setGridStats: (gridStats) => set({ gridStats }),
  setGridMetric: (gridMetric) => set({ gridMetric }),
  setBuildingStyle: (style) => set((s) => ({ buildingStyle: { ...s.buildingStyle, ...style } })),
  setSceneStatus: (status) => set((s) => ({ scene: { ...s.scene, ...status } })),
  notify: (notice) => set((s) => ({ notices: [...s.notices.slice(-4), notice] })),
  setLive: (live) => set((s) => ({ live: { ...s.live, ...live } })),
  setAlerts: (alerts, clearedAlerts) => set({ alerts, clearedAlerts }),
  setLiveCellCounts: (liveCellCounts) => set({ liveCellCounts }),
}));

/**
 * The id of the first loaded layer of a kind, or null. Returns a string, so it is a stable selector.
 */
export function readyLayerId(state: Pick<AppState, 'layerLoad'>, kind: LayerData['kind']): string | null {
  for (const [id, load] of Object.entries(state.layerLoad)) if (load.state === 'ready' && load.data.kind === kind) return id;
  return null;
}

/** The data of the first loaded layer of a kind (the stored object itself, so selectors stay stable). */
export function readyLayerData<K extends LayerData['kind']>(state: Pick<AppState, 'layerLoad'>, kind: K): Extract<LayerData, { kind: K }> | undefined {
  const id = readyLayerId(state, kind);
  const load = id === null ? undefined : state.layerLoad[id];
  return load?.state === 'ready' ? (load.data as Extract<LayerData, { kind: K }>) : undefined;
}

export function visibleLayerIds(state: Pick<AppState, 'layerVisible'>): string[] {
  return Object.entries(state.layerVisible)
    .filter(([, v]) => v)
    .map(([id]) => id);
}
