/**
 * The planner's analyses as requests and answers, run the same way in the analysis worker, in
 * Node's tests and in the benchmark: each builds the site around its place from buildings.bin and
 * footprints.bin with the planner's proposals, and asks the engine.
 */
import type { BuildingRows } from '../../analysis/buildingsFormat.ts';
import type { Footprints } from '../../analysis/footprintsFormat.ts';
import { metresPerDegree } from '../../analysis/ellipsoid.ts';
import { lineOfSight, skyline, viewshed, type Eye, type LineOfSight, type Skyline, type Viewshed } from './sightlines.ts';
import { buildSite, type CityState, type ProposedFootprint } from './site.ts';
import { ringCentre } from './proposed.ts';
import { SUNLIGHT_RULES, sunSteps, type SunlightRule } from './sunlightHours.ts';
import { buildingSunlight, DEFAULT_SUNLIGHT, pointSunlight, sunlightImpact, type BuildingSunlight, type PointSunlight, type SunlightImpact } from './sunlightReport.ts';

/** The planner's changes every analysis takes into account. */
export interface PlanChanges {
  proposed: ProposedFootprint[];
  /** Ids of existing buildings to take away. */
  demolished: string[];
}

export type PlannerJob =
  | { kind: 'sunPoint'; lon: number; lat: number; heightM: number; rule: SunlightRule['id']; year: number; state: CityState }
  | { kind: 'sunBuilding'; buildingId: string; rule: SunlightRule['id']; year: number; state: CityState }
  | { kind: 'sunImpact'; rule: SunlightRule['id']; year: number }
  | { kind: 'lineOfSight'; from: Eye; to: Eye }
  | { kind: 'viewshed'; eye: Eye; heading: number; fov: number; rangeM: number; cellM: number; target: [number, number][] | null }
  | { kind: 'skyline'; eye: Eye; rangeM: number; stepDeg: number };

export type PlannerJobResult =
  | { kind: 'sunPoint'; result: PointSunlight }
  | { kind: 'sunBuilding'; result: BuildingSunlight }
  | { kind: 'sunImpact'; result: SunlightImpact }
  | { kind: 'lineOfSight'; result: LineOfSight }
  | { kind: 'viewshed'; result: Viewshed }
  | { kind: 'skyline'; result: Skyline };

const RESIDENTIAL = 0;

export function ruleById(id: SunlightRule['id']): SunlightRule {
  const rule = SUNLIGHT_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown sunlight rule ${id}`);
  return rule;
}

/** How far the lowest sun of the window carries a shadow from the tallest building near a place. */
export function shadowReachM(rows: BuildingRows, changes: PlanChanges, lon: number, lat: number, rule: SunlightRule, year: number): number {
  const m = metresPerDegree(lat);
  let tallest = Math.max(0, ...changes.proposed.map((p) => p.height));
  for (let b = 0; b < rows.count; b++) {
    const dx = (rows.lonLat[2 * b]! - lon) * m.x;
    const dy = (rows.lonLat[2 * b + 1]! - lat) * m.y;
    if (dx * dx + dy * dy < 4e6) tallest = Math.max(tallest, rows.height[b]!);
  }
  const sun = sunSteps(rule, lat, year, 30);
  let tanMin = Infinity;
  for (let s = 0; s < sun.count; s++) if (sun.dirs[3 * s + 2]! > 0) tanMin = Math.min(tanMin, sun.dirs[3 * s + 2]! / Math.hypot(sun.dirs[3 * s]!, sun.dirs[3 * s + 1]!));
  return Math.min(3000, tallest / tanMin + 100);
}

export function runPlannerJob(rows: BuildingRows, footprints: Footprints, changes: PlanChanges, job: PlannerJob): PlannerJobResult {
  const demolished = new Set(changes.demolished);
  const site = (lon: number, lat: number, radiusM: number) => buildSite(rows, footprints, { lon, lat, radiusM, proposed: changes.proposed, demolished });
  switch (job.kind) {
    case 'sunPoint': {
      const rule = ruleById(job.rule);
      const s = site(job.lon, job.lat, shadowReachM(rows, changes, job.lon, job.lat, rule, job.year));
      return { kind: job.kind, result: pointSunlight(s, job.lon, job.lat, job.heightM, { ...DEFAULT_SUNLIGHT, rule, year: job.year }, job.state) };
    }
    case 'sunBuilding': {
      const rule = ruleById(job.rule);
      const proposed = changes.proposed.find((p) => p.id === job.buildingId);
      let centre: [number, number] | null = proposed ? ringCentre(proposed.ring) : null;
      for (let b = 0; b < rows.count && !centre; b++) if (rows.id(b) === job.buildingId) centre = [rows.lonLat[2 * b]!, rows.lonLat[2 * b + 1]!];
      if (!centre) throw new Error(`no building ${job.buildingId}`);
      const s = site(centre[0], centre[1], shadowReachM(rows, changes, centre[0], centre[1], rule, job.year));
      return { kind: job.kind, result: buildingSunlight(s, job.buildingId, { ...DEFAULT_SUNLIGHT, rule, year: job.year }, job.state) };
    }
    case 'sunImpact': {
      const rule = ruleById(job.rule);
      const rings = changes.proposed.map((p) => p.ring);
      for (let b = 0; b < rows.count && demolished.size > 0; b++) if (demolished.has(rows.id(b))) rings.push([[rows.lonLat[2 * b]!, rows.lonLat[2 * b + 1]!]]);
      if (rings.length === 0) throw new Error('no proposed or demolished building to assess');
      const points = rings.flat();
      const [lon, lat] = ringCentre(points);
      const m = metresPerDegree(lat);
      const spread = Math.max(...points.map((p) => Math.hypot((p[0]! - lon) * m.x, (p[1]! - lat) * m.y)));
      const s = site(lon, lat, spread + shadowReachM(rows, changes, lon, lat, rule, job.year) + 100);
      return { kind: job.kind, result: sunlightImpact(s, (row) => rows.use[row] === RESIDENTIAL, { ...DEFAULT_SUNLIGHT, rule, year: job.year }) };
    }
    case 'lineOfSight': {
      const m = metresPerDegree(job.from.lat);
      const half = Math.hypot((job.to.lon - job.from.lon) * m.x, (job.to.lat - job.from.lat) * m.y) / 2;
      const s = site((job.from.lon + job.to.lon) / 2, (job.from.lat + job.to.lat) / 2, half + 200);
      return { kind: job.kind, result: lineOfSight(s, job.from, job.to) };
    }
    case 'viewshed': {
      const s = site(job.eye.lon, job.eye.lat, job.rangeM + 200 + (job.target ? targetSpread(job.eye, job.target) : 0));
      return { kind: job.kind, result: viewshed(s, job.eye, { heading: job.heading, fov: job.fov, rangeM: job.rangeM, cellM: job.cellM, ...(job.target ? { target: job.target } : {}) }) };
    }
    case 'skyline': {
      const s = site(job.eye.lon, job.eye.lat, job.rangeM + 200);
      return { kind: job.kind, result: skyline(s, job.eye, job.rangeM, job.stepDeg) };
    }
  }
}

function targetSpread(eye: Eye, target: [number, number][]): number {
  const m = metresPerDegree(eye.lat);
  return Math.max(...target.map((p) => Math.hypot((p[0] - eye.lon) * m.x, (p[1] - eye.lat) * m.y)));
}
