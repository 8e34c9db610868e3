import { create } from 'zustand';
import { cameraViewSchema, type CameraView, type CityConfig } from '../config/citySchema.ts';
import type { RuntimeConfig } from '../config/runtimeSchema.ts';
import type { Lang } from '../i18n/messages.ts';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { DistrictProperties, WaterProperties } from '../sources/basemapSchemas.ts';
import { DEFAULT_BUILDING_STYLE, type BuildingStyleState } from '../layers/buildings/buildingStyle.ts';
import type { GridMetric } from '../layers/grid/choropleth.ts';
import type { CellDetails } from '../analysis/cityAnalysis.ts';
import type { GridLoaded, GridStats } from '../workers/analysisProtocol.ts';
import type { ConnectionState, LiveDiagnostics } from '../workers/liveProtocol.ts';
import type { SensorTable } from '../live/sensorTable.ts';
import type { Alert } from '../live/alertBook.ts';
import type { FloodReady, FloodResult } from '../analysis/flood/floodEngine.ts';
import type { FacilityProperties } from '../sources/basemapSchemas.ts';
import type { AreaQueryResult, DrawnGeometry } from '../analysis/planner.ts';
import type { SensorKind } from '../live/contract.ts';

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
  | { kind: 'sensors'; table: SensorTable }
  | { kind: 'flood'; facilities: Feature<Point, FacilityProperties>[] };

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

export type DrawTool = 'point' | 'line' | 'polygon';

export interface DrawnShape {
  id: string;
  geometry: DrawnGeometry;
}

export interface SensorHit {
  id: string;
  kind: SensorKind;
  value: number | null;
}

export interface PlannerState {
  /** The tool taps draw with; null when taps select, as usual. */
  tool: DrawTool | null;
  /** Vertices of the shape being drawn. */
  draft: [number, number][];
  shapes: DrawnShape[];
  /** The shape the query, measurement and height limit apply to. */
  active: string | null;
  bufferM: number;
  /** Buildings taller than this inside the area are highlighted; null for no limit. */
  heightLimitM: number | null;
  result: (AreaQueryResult & { sensors: SensorHit[] }) | null;
  busy: boolean;
}

/** Replay of the recorded stream: `at` null means live. */
export interface ReplayState {
  at: number | null;
  /** 0 paused, else times real time. */
  speed: 0 | 1 | 10 | 60;
  /** The sensors as they were at `at`, rebuilt from the history; null when live. */
  table: SensorTable | null;
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
  mode: AppMode;
  /** The city view's layers and statistic, restored when the flood view closes. */
  cityView: { visible: Record<string, boolean>; gridMetric: GridMetric } | null;
  flood: FloodState;
  replay: ReplayState;
  planner: PlannerState;
  /** The left panel shows the planner tools instead of the layers. */
  plannerOpen: boolean;
  /** The kiosk's attract tour: running, and at which stop of the city's tour. */
  tour: { active: boolean; stop: number };
  /** The moment the sun stands at (ms since epoch), and whether buildings cast shadows. */
  sun: { at: number; shadows: boolean };

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
  setMode: (mode: AppMode) => void;
  setFlood: (flood: Partial<FloodState>) => void;
  setReplay: (replay: Partial<ReplayState>) => void;
  setPlanner: (planner: Partial<PlannerState>) => void;
  setPlannerOpen: (open: boolean) => void;
  setTour: (tour: Partial<AppState['tour']>) => void;
  setSun: (sun: Partial<AppState['sun']>) => void;
  /** Adds a tapped point to the shape being drawn; a point tool finishes at once. */
  addVertex: (lon: number, lat: number) => void;
  /** Ends the shape being drawn (a line needs 2 vertices, a polygon 3) and makes it active. */
  finishShape: () => void;
  deleteShape: (id: string) => void;
  /** Reopens a shape as the draft, to move on from its vertices (undo some, add more) and finish again. */
  editShape: (id: string) => void;
  viewpoints: Viewpoint[];
  saveViewpoint: (name: string) => void;
  deleteViewpoint: (name: string) => void;
}

/** A named view a planner saved: camera and layers, kept in this browser. */
export interface Viewpoint {
  name: string;
  camera: CameraView;
  layers: string[];
}

const VIEWPOINTS_KEY = 'canton-twin.viewpoints';

function storedViewpoints(): Viewpoint[] {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(VIEWPOINTS_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter((v): v is Viewpoint => typeof v?.name === 'string' && cameraViewSchema.safeParse(v.camera).success && Array.isArray(v.layers)) : [];
  } catch {
    return [];
  }
}

function storeViewpoints(viewpoints: Viewpoint[]): Viewpoint[] {
  try {
    globalThis.localStorage?.setItem(VIEWPOINTS_KEY, JSON.stringify(viewpoints));
  } catch {
    // Private mode: they last for this page only.
  }
  return viewpoints;
}

/** Layer kinds the flood view shows; everything else steps aside. */
const FLOOD_LAYER_KINDS = new Set(['districts', 'water', 'buildings', 'grid', 'sensors', 'flood']);

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
  mode: 'city',
  cityView: null,
  flood: { status: 'off', error: null, source: 'live', whatIfLevelM: 3.5, ready: null, result: null, cellHectares: null, buildings: null, latencyMs: null, seq: 0 },
  replay: { at: null, speed: 0, table: null },
  planner: { tool: null, draft: [], shapes: [], active: null, bufferM: 0, heightLimitM: null, result: null, busy: false },
  plannerOpen: false,
  tour: { active: false, stop: 0 },
  sun: { at: Date.now(), shadows: false },

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
  setPlanner: (planner) => set((s) => ({ planner: { ...s.planner, ...planner } })),
  setTour: (tour) => set((s) => ({ tour: { ...s.tour, ...tour } })),
  setSun: (sun) => set((s) => ({ sun: { ...s.sun, ...sun } })),
  // Closing the tools stops drawing, so that taps select again.
  setPlannerOpen: (plannerOpen) => set((s) => ({ plannerOpen, planner: plannerOpen ? s.planner : { ...s.planner, tool: null, draft: [] } })),
  addVertex: (lon, lat) =>
    set((s) => {
      const p = s.planner;
      if (!p.tool) return {};
      if (p.tool === 'point') {
        const shape: DrawnShape = { id: nextShapeId(p.shapes), geometry: { type: 'Point', coordinates: [lon, lat] } };
        return { planner: { ...p, shapes: [...p.shapes, shape], active: shape.id, draft: [] } };
      }
      return { planner: { ...p, draft: [...p.draft, [lon, lat]] } };
    }),
  finishShape: () =>
    set((s) => {
      const p = s.planner;
      const geometry = shapeOf(p.tool, p.draft);
      if (!geometry) return { planner: { ...p, draft: [] } };
      const shape = { id: nextShapeId(p.shapes), geometry };
      return { planner: { ...p, shapes: [...p.shapes, shape], active: shape.id, draft: [] } };
    }),
  editShape: (id) =>
    set((s) => {
      const shape = s.planner.shapes.find((x) => x.id === id);
      if (!shape || shape.geometry.type === 'Point') return {};
      const g = shape.geometry;
      const draft = (g.type === 'LineString' ? g.coordinates : g.coordinates[0]!.slice(0, -1)).map((p) => [p[0]!, p[1]!] as [number, number]);
      const shapes = s.planner.shapes.filter((x) => x.id !== id);
      return { planner: { ...s.planner, shapes, active: null, result: null, draft, tool: g.type === 'LineString' ? 'line' : 'polygon' } };
    }),
  viewpoints: storedViewpoints(),
  saveViewpoint: (name) =>
    set((s) => (s.camera ? { viewpoints: storeViewpoints([...s.viewpoints.filter((v) => v.name !== name), { name, camera: s.camera, layers: visibleLayerIds(s) }]) } : {})),
  deleteViewpoint: (name) => set((s) => ({ viewpoints: storeViewpoints(s.viewpoints.filter((v) => v.name !== name)) })),
  deleteShape: (id) =>
    set((s) => {
      const shapes = s.planner.shapes.filter((x) => x.id !== id);
      return { planner: { ...s.planner, shapes, active: s.planner.active === id ? (shapes.at(-1)?.id ?? null) : s.planner.active, result: s.planner.active === id ? null : s.planner.result } };
    }),
}));

function nextShapeId(shapes: readonly DrawnShape[]): string {
  return `S${shapes.reduce((n, x) => Math.max(n, Number(x.id.slice(1)) || 0), 0) + 1}`;
}

/** The geometry a tool makes of its vertices, or null when there are too few. */
export function shapeOf(tool: DrawTool | null, draft: readonly [number, number][]): DrawnGeometry | null {
  if (tool === 'line' && draft.length >= 2) return { type: 'LineString', coordinates: draft.map((p) => [...p]) };
  if (tool === 'polygon' && draft.length >= 3) return { type: 'Polygon', coordinates: [[...draft.map((p) => [...p]), [...draft[0]!]]] };
  return null;
}

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
