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
import { type RegistryDocument, type SensorKind, type SensorProps } from '../../src/live/contract.ts';
import { anyOf, createPlacement, round6, type PlacementInputs } from '../city/placement.ts';
import { mulberry32 } from '../city/random.ts';

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

export interface SensorInputs extends PlacementInputs {
  seed?: number;
}

export function generateSensors({ districts, water, grid, seed = SENSOR_SEED }: SensorInputs): RegistryDocument {
  const rnd = mulberry32(seed);
  const { urbanCells, allCells, pointInCell, inWater, lowSpot, locate } = createPlacement({ districts, water, grid }, rnd);
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
      const [lon, lat] = place[kind]().map(round6) as [number, number];
      const { cell, adcode, district } = locate(lon, lat);
      const id = `${PREFIX[kind]}-${String(n).padStart(4, '0')}`;
      const props: SensorProps = {
        id,
        kind,
        name: { zh: `${district?.nameZh ?? ''}${NAMES[kind].zh} ${id}`, en: `${NAMES[kind].en} ${id}, ${district?.nameEn ?? ''}` },
        ...THRESHOLDS[kind],
        cell,
        district: adcode,
      };
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props });
    }
  }
  return { type: 'FeatureCollection', features };
}
