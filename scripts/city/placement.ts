/**
 * Where generated things stand: random points in grid cells (the cells are density-weighted, so a
 * uniformly chosen cell follows the city), in the river, or in the low spots of the old city and
 * the delta plain. Shared by the sensor registry and the flood facilities so both follow one city.
 */
import * as turf from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { elevation } from '../../src/analysis/elevation.ts';
import { cellId, type PackedGrid } from '../../src/analysis/gridFormat.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import type { DistrictProperties, WaterProperties } from '../../src/sources/basemapSchemas.ts';
import type { Random } from './random.ts';

/** Districts whose low streets flood: the old city and the delta plain. */
const URBAN = new Set(['440103', '440104', '440105', '440106', '440111', '440112', '440113']);

export interface PlacementInputs {
  districts: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>;
  water: FeatureCollection<Polygon | MultiPolygon, WaterProperties>;
  grid: PackedGrid;
}

export interface Placed {
  cell: string | null;
  adcode: string;
  district: DistrictProperties | undefined;
}

export function anyOf<T>(xs: readonly T[], r: Random): T {
  return xs[Math.floor(r() * xs.length)]!;
}

export function createPlacement({ districts, water, grid }: PlacementInputs, rnd: Random) {
  const index = new GridIndex(grid);
  const names = new Map(districts.features.map((f) => [f.properties.adcode, f.properties]));
  const urbanCells = Array.from({ length: index.cellCount }, (_, c) => c).filter((c) => URBAN.has(grid.districts[grid.district[c]!]!));
  const allCells = Array.from({ length: index.cellCount }, (_, c) => c);

  /** A random point inside cell c (cells are small, so rejection sampling in the box is quick). */
  const pointInCell = (c: number): [number, number] => {
    const b = index.bboxes.subarray(4 * c, 4 * c + 4);
    for (let k = 0; k < 200; k++) {
      const p: [number, number] = [b[0]! + rnd() * (b[2]! - b[0]!), b[1]! + rnd() * (b[3]! - b[1]!)];
      if (index.cellAt(p[0], p[1]) === c) return p;
    }
    return [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2];
  };

  const waterBoxes = water.features.map((f) => ({ f, box: turf.bbox(f), area: turf.area(f) }));
  const waterTotal = waterBoxes.reduce((a, w) => a + w.area, 0);
  const isWater = (p: [number, number]): boolean => waterBoxes.some((w) => turf.booleanPointInPolygon(p, w.f));
  const inWater = (): [number, number] => {
    let r = rnd() * waterTotal;
    const w = waterBoxes.find((x) => (r -= x.area) <= 0) ?? waterBoxes[0]!;
    for (;;) {
      const p: [number, number] = [w.box[0] + rnd() * (w.box[2] - w.box[0]), w.box[1] + rnd() * (w.box[3] - w.box[1])];
      if (turf.booleanPointInPolygon(p, w.f)) return p;
    }
  };
  /** The lowest of a few urban cells, then the lowest of a few spots in it: water gathers in hollows. */
  const centreHeight = (c: number): number => elevation((index.bboxes[4 * c]! + index.bboxes[4 * c + 2]!) / 2, (index.bboxes[4 * c + 1]! + index.bboxes[4 * c + 3]!) / 2);
  const lowSpot = (): [number, number] => {
    let c = anyOf(urbanCells, rnd);
    for (let k = 0; k < 4; k++) {
      const other = anyOf(urbanCells, rnd);
      if (centreHeight(other) < centreHeight(c)) c = other;
    }
    let best = pointInCell(c);
    for (let k = 0; k < 6; k++) {
      const p = pointInCell(c);
      if (elevation(p[0], p[1]) < elevation(best[0], best[1])) best = p;
    }
    return best;
  };

  /** The grid cell and district of a point; a point out in the estuary takes the nearest cell's district. */
  const locate = (lon: number, lat: number): Placed => {
    const cell = index.cellAt(lon, lat);
    const adcode = grid.districts[grid.district[cell >= 0 ? cell : nearestCell(index, lon, lat)]!]!;
    return { cell: cell >= 0 ? cellId(grid, cell) : null, adcode, district: names.get(adcode) };
  };

  return { urbanCells, allCells, pointInCell, inWater, isWater, lowSpot, locate };
}

/** The cell whose box centre is nearest. */
function nearestCell(index: GridIndex, lon: number, lat: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < index.cellCount; c++) {
    const b = index.bboxes.subarray(4 * c, 4 * c + 4);
    const d = ((b[0]! + b[2]!) / 2 - lon) ** 2 + ((b[1]! + b[3]!) / 2 - lat) ** 2;
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
