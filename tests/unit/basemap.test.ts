import * as turf from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildDistricts, GUANGZHOU_DISTRICTS } from '../../scripts/basemap/districts.ts';
import { buildWater, runsAlongRing } from '../../scripts/basemap/water.ts';
import { readEchartsGuangzhou } from '../../scripts/build-data.ts';
import { districtPropsSchema, waterPropsSchema, type DistrictProperties } from '../../src/sources/basemapSchemas.ts';

/** Canton Tower in WGS84 (OSM / survey position). */
const CANTON_TOWER: [number, number] = [113.3186, 23.1089];

const districtAt = (fc: FeatureCollection<Polygon | MultiPolygon, { name?: string; nameEn?: string }>, p: [number, number]) =>
  fc.features.filter((f) => turf.booleanPointInPolygon(p, f)).map((f) => f.properties.nameEn ?? f.properties.name);

const areaOf = (fc: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>, en: string): number =>
  fc.features.find((f) => f.properties.nameEn === en)!.properties.areaKm2;

describe('district basemap (echarts-china-cities, GCJ-02 → WGS84)', () => {
  let districts: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>;
  beforeAll(() => {
    districts = buildDistricts(readEchartsGuangzhou());
  });

  it('has all 11 districts with valid properties', () => {
    expect(districts.features.map((f) => f.properties.adcode)).toEqual(GUANGZHOU_DISTRICTS.map((d) => d.adcode));
    for (const f of districts.features) expect(districtPropsSchema.safeParse(f.properties).success).toBe(true);
  });

  it('puts Canton Tower in Haizhu after conversion, and only in Haizhu', () => {
    expect(districtAt(districts, CANTON_TOWER)).toEqual(['Haizhu']);
  });

  it('shifts the borders by the GCJ-02 offset, about 550 m west and 290 m north here', () => {
    const src = readEchartsGuangzhou().features.find((f) => f.properties.name === '海珠区')!;
    const a = (src.geometry as Polygon).coordinates[0]![0]!;
    const b = (districts.features[2]!.geometry as Polygon).coordinates[0]![0]!;
    expect(a[0]! - b[0]!).toBeCloseTo(0.0054, 3);
    expect(a[1]! - b[1]!).toBeCloseTo(-0.0026, 3);
  });

  it('places every label inside its own district', () => {
    for (const f of districts.features) expect(turf.booleanPointInPolygon(f.properties.label, f)).toBe(true);
  });

  it('reports the district areas close to the official figures', () => {
    // Official land areas (km²): Yuexiu 33.8, Haizhu 90.4, Conghua 1,974.5.
    expect(areaOf(districts, 'Yuexiu')).toBeGreaterThan(30);
    expect(areaOf(districts, 'Yuexiu')).toBeLessThan(37);
    expect(areaOf(districts, 'Haizhu')).toBeGreaterThan(85);
    expect(areaOf(districts, 'Haizhu')).toBeLessThan(96);
    expect(areaOf(districts, 'Conghua')).toBeGreaterThan(1900);
    expect(areaOf(districts, 'Conghua')).toBeLessThan(2050);
  });

  it('fails loudly when a district is missing from the source', () => {
    const src = readEchartsGuangzhou();
    src.features = src.features.filter((f) => f.properties.name !== '南沙区');
    expect(() => buildDistricts(src)).toThrow('南沙区 (440115) is missing');
  });

  describe('Pearl River water area', () => {
    it('rings Haizhu island: every point of its border lies in the water band', () => {
      const water = buildWater(districts);
      expect(water.features.every((f) => waterPropsSchema.safeParse(f.properties).success)).toBe(true);
      const river = water.features.find((f) => f.properties.id === 'haizhu')!;
      const haizhu = districts.features.find((f) => f.properties.nameEn === 'Haizhu')!;
      const ring = (haizhu.geometry as Polygon).coordinates[0]!;
      const outside = ring.filter((p) => !turf.booleanPointInPolygon(p, river));
      expect(outside).toEqual([]);
    });

    it('leaves Canton Tower and Haizhu’s interior dry', () => {
      const water = buildWater(districts);
      for (const f of water.features) {
        expect(turf.booleanPointInPolygon(CANTON_TOWER, f)).toBe(false);
        expect(turf.booleanPointInPolygon([113.32, 23.08], f)).toBe(false);
      }
    });

    it('finds the Huangpu channel on the Huangpu–Panyu border', () => {
      const water = buildWater(districts);
      const ids = water.features.map((f) => f.properties.id);
      expect(ids).toEqual(['haizhu', 'huangpu', 'shiziyang', 'lingding']);
    });
  });
});

describe('runsAlongRing', () => {
  const ring = [[0, 0], [1, 0], [2, 0], [3, 0], [4, 0], [0, 0]];
  it('joins a run that wraps past the ring start', () => {
    expect(runsAlongRing(ring, (p) => p[0] !== 2)).toEqual([[[3, 0], [4, 0], [0, 0], [1, 0]]]);
  });
  it('drops runs of a single point and returns the whole ring when all points match', () => {
    expect(runsAlongRing(ring, (p) => p[0] === 2)).toEqual([]);
    expect(runsAlongRing(ring, () => true)).toEqual([ring]);
  });
});
