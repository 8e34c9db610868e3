import * as turf from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildDistricts } from '../../scripts/basemap/districts.ts';
import { buildWater } from '../../scripts/basemap/water.ts';
import { readEchartsGuangzhou } from '../../scripts/build-data.ts';
import { generateBuildings, type BuildingFeature } from '../../scripts/city/generateBuildings.ts';
import { LANDMARKS } from '../../scripts/city/landmarks.ts';
import type { DistrictProperties, WaterProperties } from '../../src/sources/basemapSchemas.ts';

let districts: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>;
let water: FeatureCollection<Polygon | MultiPolygon, WaterProperties>;
let city: BuildingFeature[];

beforeAll(() => {
  districts = buildDistricts(readEchartsGuangzhou());
  water = buildWater(districts);
  city = generateBuildings({ seed: 42, count: 30_000, districts, water });
}, 60_000);

describe('the generated Guangzhou', () => {
  it('makes exactly the number asked for, with unique ids and the landmarks first', () => {
    expect(city).toHaveLength(30_000);
    expect(new Set(city.map((f) => f.properties.id)).size).toBe(30_000);
    expect(city.slice(0, LANDMARKS.length).map((f) => f.properties.id)).toEqual(LANDMARKS.map((l) => l.id));
  });

  it('is the same city for the same seed, and another for another seed', () => {
    const a = generateBuildings({ seed: 42, count: 2_000, districts, water });
    const b = generateBuildings({ seed: 42, count: 2_000, districts, water });
    const other = generateBuildings({ seed: 43, count: 2_000, districts, water });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(a));
  }, 60_000);

  it('stands every building inside its own district and off the river', () => {
    const byCode = new Map(districts.features.map((f) => [f.properties.adcode, f]));
    // Every 10th building: the PIP checks of all corners against all water are slow in Turf.
    for (const f of city.filter((_, i) => i % 10 === 0)) {
      const ring = f.geometry.coordinates[0]!;
      const district = byCode.get(f.properties.district)!;
      for (const p of ring) {
        expect(turf.booleanPointInPolygon(p, district), `${f.properties.id} corner in ${f.properties.district}`).toBe(true);
        expect(water.features.some((w) => turf.booleanPointInPolygon(p, w)), `${f.properties.id} in the river`).toBe(false);
      }
    }
  });

  it('is densest in the old core and sparsest in the rural north and south', () => {
    const density = new Map<string, number>();
    for (const f of city) density.set(f.properties.district, (density.get(f.properties.district) ?? 0) + 1);
    const perKm2 = (code: string): number => (density.get(code) ?? 0) / districts.features.find((d) => d.properties.adcode === code)!.properties.areaKm2;
    const core = ['440104', '440106', '440105', '440103'].map(perKm2);
    const sparse = ['440117', '440115'].map(perKm2);
    expect(Math.min(...core)).toBeGreaterThan(5 * Math.max(...sparse));
    expect(perKm2('440104')).toBeGreaterThan(perKm2('440111'));
  });

  it('keeps generated buildings clear of the landmarks and lower than them', () => {
    const generated = city.slice(LANDMARKS.length);
    expect(Math.max(...generated.map((f) => f.properties.height))).toBeLessThan(300);
    for (const l of LANDMARKS) {
      const near = generated.filter((f) => turf.distance(f.geometry.coordinates[0]![0]!, [l.lon, l.lat], { units: 'meters' }) < 80);
      expect(near.map((f) => f.properties.id)).toEqual([]);
    }
  });
});
