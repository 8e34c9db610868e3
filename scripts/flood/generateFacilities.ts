/**
 * The default city's flood-control facilities, seeded and deterministic:
 *   shelters  schools, parks and sports halls spread by grid cell (so they follow the people),
 *             never in the river, each with a capacity in people;
 *   pumps     drainage pumping stations in the low spots of the old city and the delta plain,
 *             with a capacity in m³/s.
 * Capacities follow the scale of Guangzhou's published emergency shelters (a school hall holds
 * hundreds to a few thousand, a park up to tens of thousands) but are generated, not surveyed.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { FacilityProperties, FacilityType } from '../../src/sources/basemapSchemas.ts';
import { anyOf, createPlacement, round6, type PlacementInputs } from '../city/placement.ts';
import { mulberry32 } from '../city/random.ts';

export const FACILITY_SEED = 1999;
export const SHELTER_COUNT = 420;
export const PUMP_COUNT = 90;

const TYPES: Record<FacilityType, { zh: string; en: string; capacity: [number, number]; step: number }> = {
  school: { zh: '学校避护场所', en: 'School shelter', capacity: [600, 2400], step: 50 },
  park: { zh: '公园避护场所', en: 'Park shelter', capacity: [2000, 12000], step: 500 },
  'sports-hall': { zh: '体育馆避护场所', en: 'Sports hall shelter', capacity: [1000, 6000], step: 100 },
  pump: { zh: '排涝泵站', en: 'Pumping station', capacity: [2, 30], step: 1 },
};

export function generateFacilities(inputs: PlacementInputs, seed = FACILITY_SEED): FeatureCollection<Point, FacilityProperties> {
  const rnd = mulberry32(seed);
  const { allCells, pointInCell, isWater, lowSpot, locate } = createPlacement(inputs, rnd);
  const features: Feature<Point, FacilityProperties>[] = [];
  const add = (type: FacilityType, n: number, at: [number, number]): void => {
    const [lon, lat] = at.map(round6) as [number, number];
    const { cell, adcode, district } = locate(lon, lat);
    const t = TYPES[type];
    const [lo, hi] = t.capacity;
    const id = `${type === 'pump' ? 'PS' : 'SH'}-${String(n).padStart(4, '0')}`;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        id,
        type,
        name: { zh: `${district?.nameZh ?? ''}${t.zh} ${id}`, en: `${t.en} ${id}, ${district?.nameEn ?? ''}` },
        capacity: Math.round((lo + rnd() * (hi - lo)) / t.step) * t.step,
        district: adcode,
        cell,
      },
    });
  };
  for (let n = 1; n <= SHELTER_COUNT; n++) {
    const r = rnd();
    const type: FacilityType = r < 0.5 ? 'school' : r < 0.8 ? 'park' : 'sports-hall';
    let p = pointInCell(anyOf(allCells, rnd));
    while (isWater(p)) p = pointInCell(anyOf(allCells, rnd));
    add(type, n, p);
  }
  for (let n = 1; n <= PUMP_COUNT; n++) add('pump', n, lowSpot());
  return { type: 'FeatureCollection', features };
}
