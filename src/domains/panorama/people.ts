/**
 * People (人) per grid cell, derived from the buildings: aggregates only. No record of any person
 * exists anywhere; privacy by design, since the aggregates are the data.
 *
 * - Residents: the resident total spread over the cells by residential floor area.
 * - Registered (户籍) and migrant (来穗) residents: the migrant share rises with the share of the
 *   cell's homes in low-rise buildings (under 25 m: urban villages and the old town, where most
 *   newcomers rent), from 30 % to 75 %.
 * - Age bands: fixed shares, the defaults those of Guangzhou's 2020 census.
 * - Households: residents over the mean household size.
 * - Daytime population: the residents who stay home by day, plus the city's jobs spread over the
 *   cells by workplace floor area (office, shop, factory, public and school floor area).
 */
import type { BuildingRows } from '../../analysis/buildingsFormat.ts';
import { BUILDING_USES } from '../../analysis/buildingUses.ts';
import { PEOPLE_COLUMNS, type PanoramaFigures } from './cellFigures.ts';

export interface PeopleModel {
  /** All residents of the city: the 2020 census's 18,676,605 for Guangzhou. */
  residents: number;
  /** Shares of 0–14 and 60 and over; 15–59 is the rest (2020 census: 13.87 %, 11.41 %). */
  age0_14: number;
  age60: number;
  /** Mean persons per household. */
  householdSize: number;
  /** Share of residents at home by day (children, the elderly, people working from home). */
  homeByDay: number;
  /** Workplace floor area per job, m², by building use. */
  m2PerJob: Partial<Record<(typeof BUILDING_USES)[number], number>>;
}

export const GUANGZHOU_PEOPLE: PeopleModel = {
  residents: 18_676_605,
  age0_14: 0.1387,
  age60: 0.1141,
  householdSize: 2.3,
  homeByDay: 0.4,
  m2PerJob: { office: 15, commercial: 30, industrial: 50, public: 40, education: 40, transport: 60 },
};

const LOW_RISE_M = 25;

/** Adds the people columns to `figures` from the buildings and each building's cell (-1 outside). */
export function addPeople(figures: PanoramaFigures, buildings: BuildingRows, buildingCell: Int32Array, model: PeopleModel = GUANGZHOU_PEOPLE): void {
  const n = figures.cellCount;
  const home = new Float64Array(n);
  const lowHome = new Float64Array(n);
  const work = new Float64Array(n);
  const residential = BUILDING_USES.indexOf('residential');
  const perJob = BUILDING_USES.map((u) => model.m2PerJob[u] ?? 0);
  for (let b = 0; b < buildings.count; b++) {
    const c = buildingCell[b]!;
    if (c < 0) continue;
    const use = buildings.use[b]!;
    const fa = buildings.floorArea[b]!;
    if (use === residential) {
      home[c]! += fa;
      if (buildings.height[b]! < LOW_RISE_M) lowHome[c]! += fa;
    } else if (perJob[use]! > 0) work[c]! += fa / perJob[use]!;
  }
  const homeTotal = home.reduce((a, b) => a + b, 0);
  const jobTotal = work.reduce((a, b) => a + b, 0);
  // Everyone not at home by day is at a job somewhere in the city.
  const jobScale = jobTotal > 0 ? ((1 - model.homeByDay) * model.residents) / jobTotal : 0;
  const [residents, registered, migrants, a0, a15, a60, households, daytime] = PEOPLE_COLUMNS.map((c) => figures.column(c));
  for (let c = 0; c < n; c++) {
    const r = homeTotal > 0 ? Math.round((model.residents * home[c]!) / homeTotal) : 0;
    const migrantShare = home[c]! > 0 ? 0.3 + 0.45 * (lowHome[c]! / home[c]!) : 0;
    residents![c] = r;
    registered![c] = Math.round(r * (1 - migrantShare));
    migrants![c] = r - registered![c]!;
    a0![c] = Math.round(r * model.age0_14);
    a60![c] = Math.round(r * model.age60);
    a15![c] = r - a0![c]! - a60![c]!;
    households![c] = Math.round(r / model.householdSize);
    daytime![c] = Math.round(r * model.homeByDay + work[c]! * jobScale);
  }
}
