import gcoord from 'gcoord';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { DistrictProperties } from '../../src/sources/basemapSchemas.ts';

/**
 * Guangzhou's 11 districts. The echarts-china-cities data only carries the Chinese name, so the
 * administrative code and the English name are joined here by that name.
 */
export const GUANGZHOU_DISTRICTS: ReadonlyArray<{ zh: string; en: string; adcode: string }> = [
  { zh: '荔湾区', en: 'Liwan', adcode: '440103' },
  { zh: '越秀区', en: 'Yuexiu', adcode: '440104' },
  { zh: '海珠区', en: 'Haizhu', adcode: '440105' },
  { zh: '天河区', en: 'Tianhe', adcode: '440106' },
  { zh: '白云区', en: 'Baiyun', adcode: '440111' },
  { zh: '黄埔区', en: 'Huangpu', adcode: '440112' },
  { zh: '番禺区', en: 'Panyu', adcode: '440113' },
  { zh: '花都区', en: 'Huadu', adcode: '440114' },
  { zh: '南沙区', en: 'Nansha', adcode: '440115' },
  { zh: '从化区', en: 'Conghua', adcode: '440117' },
  { zh: '增城区', en: 'Zengcheng', adcode: '440118' },
];


export type DistrictFeature = Feature<Polygon | MultiPolygon, DistrictProperties>;

/** 1e-6° is about 0.1 m: far finer than the 1/1024° quantisation of the source. */
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

export function gcj02ToWgs84(p: Position): [number, number] {
  const [lon, lat] = gcoord.transform([p[0]!, p[1]!] as [number, number], gcoord.GCJ02, gcoord.WGS84);
  return [round6(lon), round6(lat)];
}

function convertRing(ring: Position[]): Position[] {
  const out = ring.map(gcj02ToWgs84);
  const first = out[0]!;
  const last = out[out.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out;
}

interface EchartsCityProperties {
  name: string;
}

/**
 * Converts the echarts-china-cities Guangzhou file (GCJ-02) to WGS84 district features.
 * Throws with the district's name when the source lacks a district or carries an unknown one,
 * because a basemap with a silently missing district is worse than a failed build.
 */
export function buildDistricts(source: FeatureCollection<Polygon | MultiPolygon, EchartsCityProperties>): FeatureCollection<Polygon | MultiPolygon, DistrictProperties> {
  const byName = new Map(source.features.map((f) => [f.properties.name, f]));
  const features = GUANGZHOU_DISTRICTS.map(({ zh, en, adcode }): DistrictFeature => {
    const src = byName.get(zh);
    if (!src) throw new Error(`district ${zh} (${adcode}) is missing from the source`);
    const geometry: Polygon | MultiPolygon =
      src.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: src.geometry.coordinates.map(convertRing) }
        : { type: 'MultiPolygon', coordinates: src.geometry.coordinates.map((poly) => poly.map(convertRing)) };
    const areaKm2 = Math.round(turf.area(geometry) / 1e4) / 100;
    // The source's label point (cp) sits at an edge for some districts (Baiyun's is at its
    // southern tip), so prefer the centroid and fall back to a point surely inside.
    const centroid = turf.centroid(geometry).geometry.coordinates as [number, number];
    const inside = turf.booleanPointInPolygon(centroid, geometry);
    const label = (inside ? centroid : turf.pointOnFeature(geometry).geometry.coordinates).map(round6) as [number, number];
    return { type: 'Feature', properties: { adcode, nameZh: zh, nameEn: en, areaKm2, label }, geometry };
  });
  const unknown = [...byName.keys()].filter((n) => !GUANGZHOU_DISTRICTS.some((d) => d.zh === n));
  if (unknown.length > 0) throw new Error(`unknown districts in the source: ${unknown.join(', ')}`);
  return { type: 'FeatureCollection', features };
}
