/**
 * What the five panoramas hold inside a drawn area or buffer: people, enterprises by industry,
 * land by use, objects by type, and open cases. Records count when their point (a parcel: its
 * ring's centre) lies in the area, by the same boundary rule as the buildings; people, who are
 * aggregates, count by the share of each cell's housing floor area that lies inside.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { CityAnalysis } from '../../analysis/cityAnalysis.ts';
import { BUILDING_USES } from '../../analysis/buildingUses.ts';
import { insideArea } from '../../analysis/pointInPolygon.ts';
import type { PanoramaReader } from './panoramaReader.ts';
import { RECORD_SETS, recordLonLat, type RecordOf, type RecordSet } from './records.ts';

export interface PanoramaAreaContents {
  people: { residents: number; daytime: number; households: number };
  enterprises: { total: number; operating: number; byIndustry: Record<string, number> };
  land: { parcels: number; byUse: Record<string, number> };
  objects: { total: number; byType: Record<string, number> };
  services: number;
  openCases: number;
  /** Cells whose records were read to answer. */
  cellsRead: number;
}

/** Cells read at a time, so that a district-sized area never holds all its records at once. */
const BATCH = 64;

const bump = (o: Record<string, number>, k: string, v = 1): void => {
  o[k] = (o[k] ?? 0) + v;
};

/** Housing floor area per cell, and per building the part it adds: computed once per city. */
const homeByCell = new WeakMap<CityAnalysis, Float64Array>();

function homeFloor(city: CityAnalysis): Float64Array {
  let home = homeByCell.get(city);
  if (!home) {
    home = new Float64Array(city.index.cellCount);
    const b = city.buildings;
    const residential = BUILDING_USES.indexOf('residential');
    if (b) for (let i = 0; i < b.count; i++) if (b.use[i] === residential && city.buildingCell[i]! >= 0) home[city.buildingCell[i]!]! += b.floorArea[i]!;
    homeByCell.set(city, home);
  }
  return home;
}

export async function panoramaInArea(reader: PanoramaReader, city: CityAnalysis, area: Polygon | MultiPolygon, cells: readonly number[], buildings: readonly number[]): Promise<PanoramaAreaContents> {
  const f = reader.cells.figures;
  const out: PanoramaAreaContents = { people: { residents: 0, daytime: 0, households: 0 }, enterprises: { total: 0, operating: 0, byIndustry: {} }, land: { parcels: 0, byUse: {} }, objects: { total: 0, byType: {} }, services: 0, openCases: 0, cellsRead: 0 };

  // People: each cell's figures times the share of its housing inside the area.
  const home = homeFloor(city);
  const homeInside = new Map<number, number>();
  const b = city.buildings;
  const residential = BUILDING_USES.indexOf('residential');
  if (b) for (const i of buildings) if (b.use[i] === residential && city.buildingCell[i]! >= 0) homeInside.set(city.buildingCell[i]!, (homeInside.get(city.buildingCell[i]!) ?? 0) + b.floorArea[i]!);
  for (const [c, inside] of homeInside) {
    const share = home[c]! > 0 ? inside / home[c]! : 0;
    out.people.residents += f.get('people.residents', c) * share;
    out.people.households += f.get('people.households', c) * share;
  }
  // Daytime population follows workplaces as well as homes: by the cell's share of its buildings' floor area inside.
  const floorInside = new Map<number, number>();
  if (b) for (const i of buildings) if (city.buildingCell[i]! >= 0) floorInside.set(city.buildingCell[i]!, (floorInside.get(city.buildingCell[i]!) ?? 0) + b.floorArea[i]!);
  for (const [c, inside] of floorInside) out.people.daytime += city.stats.floorArea[c]! > 0 ? (f.get('people.daytime', c) * inside) / city.stats.floorArea[c]! : 0;
  out.people.residents = Math.round(out.people.residents);
  out.people.households = Math.round(out.people.households);
  out.people.daytime = Math.round(out.people.daytime);

  const inside = insideArea(area);
  for (const set of RECORD_SETS) {
    const withRecords = cells.filter((c) => f.get(`${set}.count`, c) > 0);
    for (let k = 0; k < withRecords.length; k += BATCH) {
      const read = await reader.read(set, withRecords.slice(k, k + BATCH));
      out.cellsRead += read.length;
      for (const { records } of read) for (const r of records) if (inside(...recordLonLat(set, r))) count(out, set, r);
    }
  }
  return out;
}

function count(out: PanoramaAreaContents, set: RecordSet, r: RecordOf[RecordSet]): void {
  switch (set) {
    case 'enterprises': {
      const e = r as RecordOf['enterprises'];
      out.enterprises.total++;
      if (e.status === 'operating') out.enterprises.operating++;
      bump(out.enterprises.byIndustry, e.industry);
      break;
    }
    case 'parcels': {
      const p = r as RecordOf['parcels'];
      out.land.parcels++;
      bump(out.land.byUse, p.use, p.areaM2);
      break;
    }
    case 'components': {
      out.objects.total++;
      bump(out.objects.byType, (r as RecordOf['components']).type);
      break;
    }
    case 'services':
      out.services++;
      break;
    case 'cases':
      if ((r as RecordOf['cases']).status === 'open') out.openCases++;
      break;
  }
}
