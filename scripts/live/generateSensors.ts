/**
 * The embedded default's sensor registry: a seeded, deterministic set of 5,200 sensors.
 *   water-level  gauges inside the Pearl River water areas
 *   rainfall     rain gauges, one per few cells, spread by cell (so denser where the city is)
 *   waterlogging points at the lowest spots of urban cells (src/analysis/elevation.ts)
 *   traffic      congestion detectors, denser where the city is
 *   air-quality  PM2.5 monitors
 *   truck        muck-truck GPS units; the registry holds their depot, the simulator moves them
 * Each sensor's grid cell is assigned by the analysis engine (GridIndex), never by hand.
 */
import * as turf from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { elevation } from '../../src/analysis/elevation.ts';
import { cellId, type PackedGrid } from '../../src/analysis/gridFormat.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { type RegistryDocument, type SensorKind, type SensorProps } from '../../src/live/contract.ts';
import type { DistrictProperties, WaterProperties } from '../../src/sources/basemapSchemas.ts';
import { mulberry32, type Random } from '../city/random.ts';

export const SENSOR_SEED = 5200;

export const SENSOR_COUNTS: Record<SensorKind, number> = {
  'water-level': 300,
  rainfall: 800,
  waterlogging: 900,
  traffic: 1500,
  'air-quality': 500,
  truck: 1200,
};

const THRESHOLDS: Record<SensorKind, { warning: number; alarm: number; interval: number }> = {
  'water-level': { warning: 2.2, alarm: 2.8, interval: 10 },
  rainfall: { warning: 30, alarm: 50, interval: 10 },
  waterlogging: { warning: 15, alarm: 30, interval: 10 },
  traffic: { warning: 7, alarm: 9, interval: 5 },
  'air-quality': { warning: 75, alarm: 115, interval: 30 },
  truck: { warning: 60, alarm: 80, interval: 2 },
};

const PREFIX: Record<SensorKind, string> = { 'water-level': 'WL', rainfall: 'RG', waterlogging: 'WG', traffic: 'TF', 'air-quality': 'AQ', truck: 'MT' };
const NAMES: Record<SensorKind, { zh: string; en: string }> = {
  'water-level': { zh: '水位站', en: 'Water-level gauge' },
  rainfall: { zh: '雨量站', en: 'Rain gauge' },
  waterlogging: { zh: '内涝监测点', en: 'Waterlogging point' },
  traffic: { zh: '交通检测器', en: 'Traffic detector' },
  'air-quality': { zh: '空气监测站', en: 'Air monitor' },
  truck: { zh: '渣土车', en: 'Muck truck' },
};

/** Districts whose low streets flood: the old city and the delta plain. */
const URBAN = new Set(['440103', '440104', '440105', '440106', '440111', '440112', '440113']);

const anyOf = <T>(xs: readonly T[], r: Random): T => xs[Math.floor(r() * xs.length)]!;

export interface SensorInputs {
  districts: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>;
  water: FeatureCollection<Polygon | MultiPolygon, WaterProperties>;
  grid: PackedGrid;
  seed?: number;
}

export function generateSensors({ districts, water, grid, seed = SENSOR_SEED }: SensorInputs): RegistryDocument {
  const rnd = mulberry32(seed);
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

  const place: Record<SensorKind, () => [number, number]> = {
    'water-level': inWater,
    rainfall: () => pointInCell(anyOf(allCells, rnd)),
    waterlogging: lowSpot,
    traffic: () => pointInCell(anyOf(urbanCells, rnd)),
    'air-quality': () => pointInCell(anyOf(allCells, rnd)),
    truck: () => pointInCell(anyOf(urbanCells, rnd)),
  };

  const features: RegistryDocument['features'] = [];
  for (const kind of Object.keys(SENSOR_COUNTS) as SensorKind[]) {
    for (let n = 1; n <= SENSOR_COUNTS[kind]; n++) {
      const [lon, lat] = place[kind]().map(round) as [number, number];
      const cell = index.cellAt(lon, lat);
      const adcode = grid.districts[grid.district[cell >= 0 ? cell : nearestCell(index, lon, lat)]!]!;
      const district = names.get(adcode);
      const id = `${PREFIX[kind]}-${String(n).padStart(4, '0')}`;
      const props: SensorProps = {
        id,
        kind,
        name: { zh: `${district?.nameZh ?? ''}${NAMES[kind].zh} ${id}`, en: `${NAMES[kind].en} ${id}, ${district?.nameEn ?? ''}` },
        ...THRESHOLDS[kind],
        cell: cell >= 0 ? cellId(grid, cell) : null,
        district: adcode,
      };
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** For a gauge out in the estuary: the cell whose box centre is nearest, to name its district. */
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

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
