/**
 * What the planner asks of sunlight: the hours at a point, over a building's facades, and which
 * homes around a proposal fall below their required hours once it is built (before and after).
 */
import { PrismSet } from './prisms.ts';
import { leftOut, PRISM_EXISTING, type CityState, type Site } from './site.ts';
import { facadeGrid, hoursOf, sunlitSteps, sunSteps, type Facade, type SamplePoints, type SunlightRule, type SunSteps } from './sunlightHours.ts';

export interface SunlightOptions {
  rule: SunlightRule;
  year: number;
  /** Minutes per time step: 5 gives 96 steps over 大寒日's eight hours. */
  stepMinutes: number;
  /** Metres between a facade's sample columns. */
  spacingM: number;
}

export const DEFAULT_SUNLIGHT: Omit<SunlightOptions, 'rule' | 'year'> = { stepMinutes: 5, spacingM: 3 };


export interface PointSunlight {
  hours: number;
  required: number;
  /** Sunlit or not per step, for the day's strip. */
  sunlit: boolean[];
  stepMinutes: number;
  window: [number, number];
  dayUtc: number;
}

/** Hours of sun at a point `z` metres above the ground, open to every direction (a balcony, a square). */
export function pointSunlight(site: Site, lon: number, lat: number, z: number, options: SunlightOptions, state: CityState = 'proposed'): PointSunlight {
  const sun = sunSteps(options.rule, site.frame.lat0, options.year, options.stepMinutes);
  const points: SamplePoints = { xyz: Float64Array.of(site.frame.x(lon), site.frame.y(lat), z), normal: new Float64Array(2), count: 1 };
  const mask = sunlitSteps(site.set, points, sun, leftOut(site, state));
  return {
    hours: hoursOf(mask, 1, sun)[0]!,
    required: options.rule.requiredHours,
    sunlit: Array.from({ length: sun.count }, (_, s) => (mask[s >> 5]! & (1 << (s & 31))) !== 0),
    stepMinutes: sun.stepMinutes,
    window: options.rule.window,
    dayUtc: sun.dayUtc,
  };
}

export interface FacadeSummary extends Facade {
  /** Lowest and highest hours among its points. */
  minHours: number;
  maxHours: number;
  /** Points below the required hours. */
  below: number;
}

export interface BuildingSunlight {
  buildingId: string;
  required: number;
  /** Per sample point: lon, lat, height above ground, and hours. */
  lonLatZ: Float64Array;
  hours: Float32Array;
  facades: FacadeSummary[];
  /** Points below the required hours, of all points. */
  below: number;
  points: number;
  /** Share of points per whole hour of sun: histogram[h] counts points with h ≤ hours < h + 1. */
  histogram: number[];
  dayUtc: number;
}

/** The prism of a building by id, existing or proposed. */
export function prismOf(site: Site, buildingId: string): number {
  const p = site.ids.indexOf(buildingId);
  if (p < 0) throw new Error(`building ${buildingId} is not in the analysed area`);
  return p;
}

function summarise(facades: Facade[], hours: Float32Array, required: number): FacadeSummary[] {
  return facades.map((f) => {
    let min = Infinity;
    let max = -Infinity;
    let below = 0;
    for (let p = f.first; p < f.first + f.floors * f.columns; p++) {
      min = Math.min(min, hours[p]!);
      max = Math.max(max, hours[p]!);
      if (hours[p]! < required) below++;
    }
    return { ...f, minHours: min, maxHours: max, below };
  });
}

/** Hours over every facade of one building (a grid of points per storey), in the chosen state of the city. */
export function buildingSunlight(site: Site, buildingId: string, options: SunlightOptions, state: CityState = 'proposed'): BuildingSunlight {
  const p = prismOf(site, buildingId);
  const prism = site.set.prisms[p]!;
  const { points, facades } = facadeGrid(prism.rings[0]!, prism.height, options.spacingM);
  const sun = sunSteps(options.rule, site.frame.lat0, options.year, options.stepMinutes);
  const hours = hoursOf(sunlitSteps(site.set, points, sun, leftOut(site, state)), points.count, sun);
  const lonLatZ = new Float64Array(3 * points.count);
  const histogram = Array.from({ length: Math.ceil(options.rule.window[1] - options.rule.window[0]) + 1 }, () => 0);
  let below = 0;
  for (let i = 0; i < points.count; i++) {
    lonLatZ[3 * i] = site.frame.lon(points.xyz[3 * i]!);
    lonLatZ[3 * i + 1] = site.frame.lat(points.xyz[3 * i + 1]!);
    lonLatZ[3 * i + 2] = points.xyz[3 * i + 2]!;
    histogram[Math.floor(hours[i]!)]!++;
    if (hours[i]! < options.rule.requiredHours) below++;
  }
  return { buildingId, required: options.rule.requiredHours, lonLatZ, hours, facades: summarise(facades, hours, options.rule.requiredHours), below, points: points.count, histogram, dayUtc: sun.dayUtc };
}

/** One facade of a home the proposals change. */
export interface ImpactRow {
  buildingId: string;
  edge: number;
  facing: number;
  floors: number;
  columns: number;
  /** Points whose sun the proposals change at some step. */
  affected: number;
  /** Points at or over the required hours before and under after. */
  pushedBelow: number;
  /** Points under before and at or over after (a demolition can do that). */
  liftedAbove: number;
  /** Lowest hours among the affected points, before and after. */
  minBefore: number;
  minAfter: number;
  /** Lowest storey (1 = ground) with a point pushed below; 0 for none. */
  lowestFloorBelow: number;
}

export interface SunlightImpact {
  rule: SunlightRule;
  dayUtc: number;
  stepMinutes: number;
  /** Homes (residential buildings) within reach of the changes, and their facade points. */
  buildings: number;
  points: number;
  affectedPoints: number;
  /** Facades with any point pushed below, then those with any lifted above; most points first. */
  rows: ImpactRow[];
  facadesPushedBelow: number;
  pointsPushedBelow: number;
  facadesLiftedAbove: number;
  /** Metres from the changes that homes were looked for in. */
  reachM: number;
}

/** The lowest sun of the window, for how far a shadow reaches. */
function minElevationTan(sun: SunSteps): number {
  let min = Infinity;
  for (let s = 0; s < sun.count; s++) {
    const z = sun.dirs[3 * s + 2]!;
    if (z > 0) min = Math.min(min, z / Math.hypot(sun.dirs[3 * s]!, sun.dirs[3 * s + 1]!));
  }
  return min;
}

/**
 * Before and after: for every home near the proposed and demolished buildings, the facade points
 * whose sun they change, and their hours in today's city and in the proposed one. A point that no
 * ray from it meets a changed building at any step keeps its hours and is not recomputed.
 * `isHome` says which buildings.bin rows are homes.
 */
export function sunlightImpact(site: Site, isHome: (row: number) => boolean, options: SunlightOptions): SunlightImpact {
  const { rule } = options;
  const sun = sunSteps(rule, site.frame.lat0, options.year, options.stepMinutes);
  const changedIdx: number[] = [];
  site.state.forEach((s, i) => {
    if (s !== PRISM_EXISTING) changedIdx.push(i);
  });
  const changed = new PrismSet(changedIdx.map((i) => site.set.prisms[i]!));
  const open = new PrismSet([]);
  // Homes near enough to be shaded by (or freed of) a changed building at the lowest sun of the window.
  const reachM = changed.maxHeight / minElevationTan(sun) + 50;
  const centres = changedIdx.map((i) => {
    const r = site.set.prisms[i]!.rings[0]!;
    let x = 0;
    let y = 0;
    let far = 0;
    for (let k = 0; k < r.length; k += 2) {
      x += r[k]!;
      y += r[k + 1]!;
    }
    x /= r.length / 2;
    y /= r.length / 2;
    for (let k = 0; k < r.length; k += 2) far = Math.max(far, Math.hypot(r[k]! - x, r[k + 1]! - y));
    return { x, y, far };
  });
  const rows: ImpactRow[] = [];
  let buildings = 0;
  let totalPoints = 0;
  let affectedPoints = 0;
  for (let p = 0; p < site.set.prisms.length; p++) {
    if (site.state[p] !== PRISM_EXISTING || !isHome(site.row[p]!)) continue;
    const prism = site.set.prisms[p]!;
    const r = prism.rings[0]!;
    const near = centres.some((c) => {
      for (let k = 0; k < r.length; k += 2) if (Math.hypot(r[k]! - c.x, r[k + 1]! - c.y) <= reachM + c.far) return true;
      return false;
    });
    if (!near) continue;
    buildings++;
    const { points, facades } = facadeGrid(r, prism.height, options.spacingM);
    totalPoints += points.count;
    const words = Math.ceil(sun.count / 32);
    const facing = sunlitSteps(open, points, sun);
    const clearOfChanged = sunlitSteps(changed, points, sun);
    const affected: number[] = [];
    for (let i = 0; i < points.count; i++) {
      for (let w = 0; w < words; w++) {
        if (facing[i * words + w] !== clearOfChanged[i * words + w]) {
          affected.push(i);
          break;
        }
      }
    }
    if (affected.length === 0) continue;
    affectedPoints += affected.length;
    const sub: SamplePoints = {
      xyz: Float64Array.from(affected.flatMap((i) => [points.xyz[3 * i]!, points.xyz[3 * i + 1]!, points.xyz[3 * i + 2]!])),
      normal: Float64Array.from(affected.flatMap((i) => [points.normal[2 * i]!, points.normal[2 * i + 1]!])),
      count: affected.length,
    };
    const before = hoursOf(sunlitSteps(site.set, sub, sun, site.today), sub.count, sun);
    const after = hoursOf(sunlitSteps(site.set, sub, sun, site.proposed), sub.count, sun);
    for (const f of facades) {
      const end = f.first + f.floors * f.columns;
      const row: ImpactRow = { buildingId: site.ids[p]!, edge: f.edge, facing: Math.round(f.facing), floors: f.floors, columns: f.columns, affected: 0, pushedBelow: 0, liftedAbove: 0, minBefore: Infinity, minAfter: Infinity, lowestFloorBelow: 0 };
      affected.forEach((i, k) => {
        if (i < f.first || i >= end) return;
        row.affected++;
        row.minBefore = Math.min(row.minBefore, before[k]!);
        row.minAfter = Math.min(row.minAfter, after[k]!);
        if (before[k]! >= rule.requiredHours && after[k]! < rule.requiredHours) {
          row.pushedBelow++;
          const floor = Math.floor((i - f.first) / f.columns) + 1;
          if (row.lowestFloorBelow === 0 || floor < row.lowestFloorBelow) row.lowestFloorBelow = floor;
        }
        if (before[k]! < rule.requiredHours && after[k]! >= rule.requiredHours) row.liftedAbove++;
      });
      if (row.pushedBelow > 0 || row.liftedAbove > 0) rows.push(row);
    }
  }
  rows.sort((a, b) => b.pushedBelow - a.pushedBelow || b.liftedAbove - a.liftedAbove || (a.buildingId < b.buildingId ? -1 : a.buildingId > b.buildingId ? 1 : a.edge - b.edge));
  const pushed = rows.filter((r) => r.pushedBelow > 0);
  return {
    rule,
    dayUtc: sun.dayUtc,
    stepMinutes: sun.stepMinutes,
    buildings,
    points: totalPoints,
    affectedPoints,
    rows,
    facadesPushedBelow: pushed.length,
    pointsPushedBelow: pushed.reduce((a, r) => a + r.pushedBelow, 0),
    facadesLiftedAbove: rows.filter((r) => r.liftedAbove > 0).length,
    reachM,
  };
}

/** The report as CSV: one row per facade, hours before and after. */
export function impactCsv(impact: SunlightImpact): string {
  const head = 'building_id,facade_edge,facing_deg,floors,columns,points_affected,points_pushed_below,points_lifted_above,min_hours_before,min_hours_after,lowest_floor_below,required_hours,standard_day';
  const day = new Date(impact.dayUtc + 8 * 3600_000).toISOString().slice(0, 10);
  const lines = impact.rows.map((r) =>
    [r.buildingId, r.edge, r.facing, r.floors, r.columns, r.affected, r.pushedBelow, r.liftedAbove, r.minBefore.toFixed(2), r.minAfter.toFixed(2), r.lowestFloorBelow, impact.rule.requiredHours, day].join(','),
  );
  return [head, ...lines].join('\n') + '\n';
}
