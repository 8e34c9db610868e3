import type { AreaQueryResult, DrawnGeometry } from './planner.ts';
import type { SensorKind } from '../../live/contract.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';

export type DrawTool = 'point' | 'line' | 'polygon';

/** The planner panel's tabs: the area query, proposals and compare, sunlight hours, sight lines. */
export const PLANNER_TABS = ['query', 'proposals', 'sunlight', 'sight'] as const;
export type PlannerTab = (typeof PLANNER_TABS)[number];

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
  /** The tab on show; an analysis draws in the scene while its own tab is open. */
  tab: PlannerTab;
}

/** The planner's drawing tools: the shapes, the one being drawn, and the query's answer. */
export interface PlannerSlice {
  planner: PlannerState;
  /** The left panel shows the planner tools instead of the layers. */
  plannerOpen: boolean;
  setPlanner: (planner: Partial<PlannerState>) => void;
  setPlannerOpen: (open: boolean) => void;
  /** Adds a tapped point to the shape being drawn; a point tool finishes at once. */
  addVertex: (lon: number, lat: number) => void;
  /** Ends the shape being drawn (a line needs 2 vertices, a polygon 3) and makes it active. */
  finishShape: () => void;
  deleteShape: (id: string) => void;
  /** Reopens a shape as the draft, to move on from its vertices (undo some, add more) and finish again. */
  editShape: (id: string) => void;
}

function nextShapeId(shapes: readonly DrawnShape[]): string {
  return `S${shapes.reduce((n, x) => Math.max(n, Number(x.id.slice(1)) || 0), 0) + 1}`;
}

/** The geometry a tool makes of its vertices, or null when there are too few. */
export function shapeOf(tool: DrawTool | null, draft: readonly [number, number][]): DrawnGeometry | null {
  if (tool === 'line' && draft.length >= 2) return { type: 'LineString', coordinates: draft.map((p) => [...p]) };
  if (tool === 'polygon' && draft.length >= 3) return { type: 'Polygon', coordinates: [[...draft.map((p) => [...p]), [...draft[0]!]]] };
  return null;
}

export const slice: AppSlice<PlannerSlice> = (set) => ({
  planner: { tool: null, draft: [], shapes: [], active: null, bufferM: 0, heightLimitM: null, result: null, busy: false, tab: 'query' },
  plannerOpen: false,
  setPlanner: (planner) => set((s) => ({ planner: { ...s.planner, ...planner } })),
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
  deleteShape: (id) =>
    set((s) => {
      const shapes = s.planner.shapes.filter((x) => x.id !== id);
      return { planner: { ...s.planner, shapes, active: s.planner.active === id ? (shapes.at(-1)?.id ?? null) : s.planner.active, result: s.planner.active === id ? null : s.planner.result } };
    }),
});

declare module '../../state/store.ts' {
  interface DomainSlices {
    planner: PlannerSlice;
  }
}
