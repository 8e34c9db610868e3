import { peopleInside, type AreaWeights } from './areaWeights.ts';
import type { Gates, VenueRecord } from './contract.ts';
import type { LiveCrowdMinute } from './liveTopics.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';
import { readyLayerId } from '../../state/slices/layersSlice.ts';

/** The latest minute of the crowds, as the live worker estimated it. */
export type CrowdNow = Omit<LiveCrowdMinute, 'type'>;

/** The event plan: a perimeter and checkpoints drawn with the planner tools, and its planning density. */
export interface CrowdPlan {
  /** The planner shape that is the perimeter (a drawn area), null until one is chosen. */
  perimeter: string | null;
  /** People per m² the perimeter may safely hold: its capacity is this × its area. */
  density: number;
  /** How the perimeter covers the hexagons, computed by the live worker when it is chosen. */
  weights: AreaWeights | null;
  /** People inside at each minute seen since it was chosen: [scenario ms, people]. */
  series: [number, number][];
}

export const CROWD_UNITS = ['hex', 'cell'] as const;
export type CrowdUnit = (typeof CROWD_UNITS)[number];

/** The major-events scenario's crowds: density per hexagon and cell, venues, gates, the event plan. */
export interface CrowdSlice {
  crowd: CrowdNow | null;
  /** Whether the crowd model is loaded (the events tab and the heat layer need it). */
  crowdReady: boolean;
  crowdVenues: Record<string, VenueRecord>;
  crowdGates: Gates | null;
  /** The venue opened in the events panel. */
  crowdVenue: string | null;
  crowdUnit: CrowdUnit;
  crowdPlan: CrowdPlan;
  setCrowdReady: () => void;
  setCrowdMinute: (minute: CrowdNow) => void;
  applyCrowdUpdates: (venues: readonly [string, VenueRecord][], gates: Gates | null) => void;
  chooseCrowdVenue: (id: string | null) => void;
  /** Hexagons draw the heat layer's sheet; cells draw the grid's crowd statistic (and show the grid). */
  setCrowdUnit: (unit: CrowdUnit) => void;
  /** Shows the crowd heat (the events view opening). */
  showCrowd: () => void;
  setCrowdPlan: (plan: Partial<CrowdPlan>) => void;
}

/** The event plan's perimeter: the drawn area chosen, else the last area drawn; null when there is none. */
export function planPerimeter(s: Pick<CrowdSlice, 'crowdPlan'> & { planner: { shapes: readonly { id: string; geometry: { type: string } }[] } }): string | null {
  const areas = s.planner.shapes.filter((x) => x.geometry.type === 'Polygon');
  return areas.find((x) => x.id === s.crowdPlan.perimeter)?.id ?? areas.at(-1)?.id ?? null;
}

/** Minutes of the perimeter's people kept for its trend and forecast. */
const PLAN_MINUTES = 120;

export const slice: AppSlice<CrowdSlice> = (set) => ({
  crowd: null,
  crowdReady: false,
  crowdVenues: {},
  crowdGates: null,
  crowdVenue: null,
  crowdUnit: 'hex',
  crowdPlan: { perimeter: null, density: 1, weights: null, series: [] },
  setCrowdReady: () => set({ crowdReady: true }),
  setCrowdMinute: (crowd) =>
    set((s) => {
      const w = s.crowdPlan.weights;
      if (!w) return { crowd };
      const series = [...s.crowdPlan.series.filter(([at]) => at !== crowd.at && at > crowd.at - PLAN_MINUTES * 60_000), [crowd.at, peopleInside(w, crowd.hexDensity)] as [number, number]].toSorted((a, b) => a[0] - b[0]);
      return { crowd, crowdPlan: { ...s.crowdPlan, series } };
    }),
  applyCrowdUpdates: (venues, gates) => set((s) => ({ crowdVenues: venues.length > 0 ? { ...s.crowdVenues, ...Object.fromEntries(venues) } : s.crowdVenues, crowdGates: gates ?? s.crowdGates })),
  chooseCrowdVenue: (crowdVenue) => set({ crowdVenue }),
  setCrowdUnit: (crowdUnit) =>
    set((s) => {
      if (crowdUnit === 'hex') return { crowdUnit, gridMetric: s.gridMetric === 'crowd' ? 'buildings' : s.gridMetric };
      const grid = readyLayerId(s, 'grid');
      return { crowdUnit, gridMetric: 'crowd', layerVisible: grid ? { ...s.layerVisible, [grid]: true } : s.layerVisible };
    }),
  showCrowd: () =>
    set((s) => {
      const id = readyLayerId(s, 'crowd');
      return id && !s.layerVisible[id] ? { layerVisible: { ...s.layerVisible, [id]: true } } : {};
    }),
  setCrowdPlan: (plan) =>
    set((s) => {
      const next = { ...s.crowdPlan, ...plan };
      // A new perimeter starts its own record, from the minute on show.
      if (plan.weights !== undefined && plan.weights !== s.crowdPlan.weights) {
        next.series = plan.weights && s.crowd ? [[s.crowd.at, peopleInside(plan.weights, s.crowd.hexDensity)]] : [];
      }
      return { crowdPlan: next };
    }),
});

declare module '../../state/store.ts' {
  interface DomainSlices {
    crowd: CrowdSlice;
  }
}
