/**
 * The embedded default's sensor registry: a seeded, deterministic set of 5,200 sensors, or of any
 * other total with the same mix of kinds (`total`: the 50,000-sensor city of bench:live).
 *   water-level  gauges inside the Pearl River water areas
 *   rainfall     rain gauges, one per few cells, spread by cell (so denser where the city is)
 *   waterlogging points at the lowest spots of urban cells (src/analysis/elevation.ts)
 *   traffic      congestion detectors, denser where the city is
 *   air-quality  PM2.5 monitors
 *   truck        muck-truck GPS units; the registry holds their depot, the simulator moves them
 *   crowd        one per venue of the major-events scenario (src/domains/crowd/venues.ts), at its
 *                centre: its alarm point, whose reading the operations service estimates; these
 *                are not scaled with `total`
 * Each sensor's grid cell is assigned by the analysis engine (GridIndex), never by hand.
 */
import { SENSOR_KINDS, type RegistryDocument, type SensorKind, type SensorProps } from '../../src/live/contract.ts';
import { VENUES, venueCentre, venueThresholds } from '../../src/domains/crowd/venues.ts';
import { anyOf, createPlacement, round6, type PlacementInputs } from '../city/placement.ts';
import { mulberry32 } from '../city/random.ts';

export const SENSOR_SEED = 5200;

/** The kinds placed over the city, in numbers that scale with the registry's size. */
type PlacedKind = Exclude<SensorKind, 'crowd'>;
const PLACED_KINDS = SENSOR_KINDS.filter((k): k is PlacedKind => k !== 'crowd');

export const SENSOR_COUNTS: Record<PlacedKind, number> = {
  'water-level': 300,
  rainfall: 800,
  waterlogging: 900,
  traffic: 1500,
  'air-quality': 500,
  truck: 1200,
};

const THRESHOLDS: Record<PlacedKind, { warning: number; alarm: number; interval: number }> = {
  'water-level': { warning: 2.2, alarm: 2.8, interval: 10 },
  rainfall: { warning: 30, alarm: 50, interval: 10 },
  waterlogging: { warning: 15, alarm: 30, interval: 10 },
  traffic: { warning: 7, alarm: 9, interval: 5 },
  'air-quality': { warning: 75, alarm: 115, interval: 30 },
  truck: { warning: 60, alarm: 80, interval: 2 },
};

const PREFIX: Record<PlacedKind, string> = { 'water-level': 'WL', rainfall: 'RG', waterlogging: 'WG', traffic: 'TF', 'air-quality': 'AQ', truck: 'MT' };
const NAMES: Record<PlacedKind, { zh: string; en: string }> = {
  'water-level': { zh: '水位站', en: 'Water-level gauge' },
  rainfall: { zh: '雨量站', en: 'Rain gauge' },
  waterlogging: { zh: '内涝监测点', en: 'Waterlogging point' },
  traffic: { zh: '交通检测器', en: 'Traffic detector' },
  'air-quality': { zh: '空气监测站', en: 'Air monitor' },
  truck: { zh: '渣土车', en: 'Muck truck' },
};

export const DEFAULT_SENSOR_TOTAL = Object.values(SENSOR_COUNTS).reduce((a, b) => a + b, 0);

export interface SensorInputs extends PlacementInputs {
  seed?: number;
  /** Placed sensors in all; each kind keeps its share of the default's 5,200, the last kind takes the rounding. */
  total?: number;
}

/** How many sensors of each kind a registry of `total` holds. */
export function countsFor(total: number): Record<PlacedKind, number> {
  if (!Number.isInteger(total) || total < PLACED_KINDS.length) throw new Error(`a registry needs a whole number of at least ${PLACED_KINDS.length} sensors, not ${total}`);
  const counts = { ...SENSOR_COUNTS };
  let left = total;
  PLACED_KINDS.forEach((kind, k) => {
    counts[kind] = k === PLACED_KINDS.length - 1 ? left : Math.max(1, Math.round((SENSOR_COUNTS[kind] * total) / DEFAULT_SENSOR_TOTAL));
    left -= counts[kind];
  });
  return counts;
}

export function generateSensors({ districts, water, grid, seed = SENSOR_SEED, total = DEFAULT_SENSOR_TOTAL }: SensorInputs): RegistryDocument {
  const rnd = mulberry32(seed);
  const { urbanCells, allCells, pointInCell, inWater, lowSpot, locate } = createPlacement({ districts, water, grid }, rnd);
  const place: Record<PlacedKind, () => [number, number]> = {
    'water-level': inWater,
    rainfall: () => pointInCell(anyOf(allCells, rnd)),
    waterlogging: lowSpot,
    traffic: () => pointInCell(anyOf(urbanCells, rnd)),
    'air-quality': () => pointInCell(anyOf(allCells, rnd)),
    truck: () => pointInCell(anyOf(urbanCells, rnd)),
  };

  const counts = countsFor(total);
  const digits = Math.max(4, String(Math.max(...Object.values(counts))).length);
  const features: RegistryDocument['features'] = [];
  for (const kind of PLACED_KINDS) {
    for (let n = 1; n <= counts[kind]; n++) {
      const [lon, lat] = place[kind]().map(round6) as [number, number];
      const { cell, adcode, district } = locate(lon, lat);
      const id = `${PREFIX[kind]}-${String(n).padStart(digits, '0')}`;
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
  for (const v of VENUES) {
    const [lon, lat] = venueCentre(v).map(round6) as [number, number];
    const { cell, adcode } = locate(lon, lat);
    // Readings come once a minute; three missed minutes mark the venue stale.
    const props: SensorProps = { id: v.sensorId, kind: 'crowd', name: { zh: `${v.name.zh}人流`, en: `Crowd at ${v.name.en}` }, ...venueThresholds(v), interval: 60, cell, district: adcode };
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props });
  }
  return { type: 'FeatureCollection', features };
}
