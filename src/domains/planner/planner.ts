import * as turf from '@turf/turf';
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { AreaContents, CityAnalysis } from '../../analysis/cityAnalysis.ts';
import type { PanoramaAreaContents } from '../panorama/index.ts';
import { insideArea } from '../../analysis/pointInPolygon.ts';

/** A drawn shape: what the planner tools measure and query. */
export type DrawnGeometry = Point | LineString | Polygon;

/** Length of a line in metres, on the WGS84 sphere (Turf, haversine). */
export function lineLengthM(line: LineString): number {
  return turf.length(turf.feature(line), { units: 'meters' });
}

/** Area of a polygon in m² (Turf, spherical excess), holes subtracted. */
export function polygonAreaM2(polygon: Polygon | MultiPolygon): number {
  return turf.area(turf.feature(polygon));
}

/** The area a query covers: the shape itself (a polygon), or its buffer when `bufferM` > 0. Points and lines need a buffer. */
export function queryArea(geometry: DrawnGeometry, bufferM: number): Polygon | MultiPolygon | null {
  if (bufferM > 0) return turf.buffer(turf.feature(geometry), bufferM, { units: 'meters' })?.geometry ?? null;
  return geometry.type === 'Polygon' ? geometry : null;
}

/** Indices of the points (lon, lat pairs) inside the area, boundary rule as for grid cells. */
export function pointsInArea(lonLat: ArrayLike<number>, area: Polygon | MultiPolygon): number[] {
  const inside = insideArea(area);
  const [w, s, e, n] = turf.bbox(area);
  const out: number[] = [];
  for (let i = 0; i < lonLat.length / 2; i++) {
    const x = lonLat[2 * i]!;
    const y = lonLat[2 * i + 1]!;
    if (x < w || x > e || y < s || y > n) continue;
    if (inside(x, y)) out.push(i);
  }
  return out;
}

export interface QueryBuilding {
  id: string;
  height: number;
  floorArea: number;
  use: number;
}

export interface AreaQueryResult {
  areaM2: number;
  /** Grid cell ids meeting the area. */
  cells: string[];
  buildingCount: number;
  /** Floor area by use index (BUILDING_USES order), m². */
  floorAreaByUse: number[];
  countByUse: number[];
  /** Buildings taller than the height limit, tallest first (all of them when no limit is set). */
  overLimit: QueryBuilding[];
  heightLimitM: number | null;
  /** What the five panoramas hold inside, when they are loaded. */
  panorama?: PanoramaAreaContents;
}

/**
 * Everything inside a drawn area (or its buffer): cells, buildings with counts and floor area by
 * use, and the buildings over a height limit, the planner's proposed buildings among them.
 * Buildings count by footprint centroid.
 */
export function queryCity(city: CityAnalysis, geometry: DrawnGeometry, bufferM: number, heightLimitM: number | null, useCount: number, proposed: readonly (QueryBuilding & { lon: number; lat: number })[] = []): AreaQueryResult | null {
  const area = queryArea(geometry, bufferM);
  return area ? queryCityArea(city, area, city.within(area), heightLimitM, useCount, proposed) : null;
}

/** queryCity's answer for an area whose contents are known (the worker reuses them for the panoramas). */
export function queryCityArea(city: CityAnalysis, area: Polygon | MultiPolygon, { cells, buildings }: AreaContents, heightLimitM: number | null, useCount: number, proposed: readonly (QueryBuilding & { lon: number; lat: number })[] = []): AreaQueryResult {
  const inside = insideArea(area);
  const b = city.buildings;
  const floorAreaByUse = Array.from({ length: useCount }, () => 0);
  const countByUse = Array.from({ length: useCount }, () => 0);
  const overLimit: QueryBuilding[] = [];
  if (b) {
    for (const i of buildings) {
      floorAreaByUse[b.use[i]!]! += b.floorArea[i]!;
      countByUse[b.use[i]!]!++;
      if (heightLimitM !== null && b.height[i]! > heightLimitM) overLimit.push({ id: b.id(i), height: b.height[i]!, floorArea: b.floorArea[i]!, use: b.use[i]! });
    }
  }
  // The planner's proposed buildings count as buildings like any other.
  let proposedInside = 0;
  for (const p of proposed) {
    if (!inside(p.lon, p.lat)) continue;
    proposedInside++;
    floorAreaByUse[p.use]! += p.floorArea;
    countByUse[p.use]!++;
    if (heightLimitM !== null && p.height > heightLimitM) overLimit.push({ id: p.id, height: p.height, floorArea: p.floorArea, use: p.use });
  }
  return {
    areaM2: polygonAreaM2(area),
    cells: cells.map((c) => city.cellId(c)),
    buildingCount: buildings.length + proposedInside,
    floorAreaByUse,
    countByUse,
    overLimit: overLimit.toSorted((x, y) => y.height - x.height || (x.id < y.id ? -1 : 1)),
    heightLimitM,
  };
}
