/**
 * Checks the generated basemap against the real open data in ../shared/data/guangzhou
 * (see its SOURCES.md): metro stations (WGS84) and the DataV district file (GCJ-02).
 * Run with `npm run test:data`; `npm test` does not need ../shared.
 */
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildDistricts } from '../../scripts/basemap/districts.ts';
import { buildWater } from '../../scripts/basemap/water.ts';
import { readEchartsGuangzhou } from '../../scripts/build-data.ts';

const shared = new URL('../../../shared/data/guangzhou/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, shared), 'utf8')) as T;

const districts = buildDistricts(readEchartsGuangzhou());
const water = buildWater(districts);
const metro = read<FeatureCollection<Point, { kind: string; name: string; line: string }>>('metro_hkust-china-metro-info_wgs84.geojson');
const stations = new Map(metro.features.filter((f) => f.properties.kind === 'station').map((f) => [f.properties.name, f]));

/** Stations whose district is common knowledge; several sit a few hundred metres from a border. */
const KNOWN: Record<string, string> = {
  广州塔: 'Haizhu', 客村: 'Haizhu', 鹭江: 'Haizhu', 中大: 'Haizhu', 江南西: 'Haizhu', 市二宫: 'Haizhu', 昌岗: 'Haizhu',
  沙园: 'Haizhu', 宝岗大道: 'Haizhu', 晓港: 'Haizhu', 大塘: 'Haizhu', 南洲: 'Haizhu', 琶洲: 'Haizhu', 新港东: 'Haizhu',
  海珠广场: 'Yuexiu', 一德路: 'Yuexiu', 公园前: 'Yuexiu', 农讲所: 'Yuexiu', 烈士陵园: 'Yuexiu', 东山口: 'Yuexiu',
  西门口: 'Yuexiu', 纪念堂: 'Yuexiu', 越秀公园: 'Yuexiu',
  海心沙: 'Tianhe', 珠江新城: 'Tianhe', 体育西路: 'Tianhe', 猎德: 'Tianhe', 潭村: 'Tianhe', 天河客运站: 'Tianhe',
  陈家祠: 'Liwan', 黄沙: 'Liwan', 文化公园: 'Liwan', 芳村: 'Liwan', 花地湾: 'Liwan', 坑口: 'Liwan',
  鱼珠: 'Huangpu', 科学城: 'Huangpu', 大学城北: 'Panyu', 番禺广场: 'Panyu', 市桥: 'Panyu', 南沙客运港: 'Nansha',
  嘉禾望岗: 'Baiyun', 白云公园: 'Baiyun', 花都广场: 'Huadu', 从化客运站: 'Conghua', 增城广场: 'Zengcheng',
};

describe('basemap against the open data in ../shared', () => {
  it.each(Object.entries(KNOWN))('metro station %s lies in %s', (name, district) => {
    const station = stations.get(name);
    expect(station, `station ${name} in the metro file`).toBeDefined();
    const found = districts.features.filter((f) => turf.booleanPointInPolygon(station!, f)).map((f) => f.properties.nameEn);
    expect(found).toEqual([district]);
  });

  it('puts no metro station in the generated river', () => {
    const wet = [...stations.values()].filter((s) => water.features.some((w) => turf.booleanPointInPolygon(s, w))).map((s) => s.properties.name);
    expect(wet).toEqual([]);
  });

  // The echarts file is quantised to 1/1024° (about 100 m); on small Yuexiu that alone costs ~5 %.
  it('agrees with the finer DataV district file, both converted to WGS84 (IoU ≥ 0.93)', () => {
    const datav = read<FeatureCollection<Polygon | MultiPolygon, { adcode: number }>>('districts_datav-gmap_gcj02.geojson');
    for (const ours of districts.features) {
      const theirs = datav.features.find((f) => String(f.properties.adcode) === ours.properties.adcode);
      expect(theirs, ours.properties.adcode).toBeDefined();
      const converted = gcoord.transform(structuredClone(theirs!) as unknown as Parameters<typeof gcoord.transform>[0], gcoord.GCJ02, gcoord.WGS84) as unknown as Feature<Polygon | MultiPolygon>;
      const inter = turf.intersect(turf.featureCollection([ours, converted]));
      const union = turf.union(turf.featureCollection([ours, converted]));
      const iou = turf.area(inter!) / turf.area(union!);
      expect(iou, `${ours.properties.nameEn} IoU`).toBeGreaterThanOrEqual(0.93);
    }
  });
});
