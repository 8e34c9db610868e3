import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { DistrictProperties, WaterProperties } from '../../src/sources/basemapSchemas.ts';

/**
 * The Pearl River water area, derived from the district borders because no open water polygon is
 * available offline. In Guangzhou the river's channels are the borders:
 *  - Haizhu is an island: the front channel (前航道) bounds it on the north, the back channel
 *    (后航道) on the west and south;
 *  - the Huangpu channel (黄埔航道) is the border between Huangpu and Panyu;
 *  - the Shiziyang estuary (狮子洋) is the city's eastern edge along Panyu and Nansha.
 * Each stretch becomes a band of a documented width centred on that border.
 */
export interface Channel {
  id: string;
  nameZh: string;
  nameEn: string;
  /** Full width of the band in metres. */
  widthM: number;
  /** Picks the border vertices of one district ring that belong to this channel. */
  district: string;
  along: (p: Position, shared: ReadonlySet<string>) => boolean;
}

const key = (p: Position): string => `${p[0]},${p[1]}`;

export const CHANNELS: readonly Channel[] = [
  { id: 'haizhu', nameZh: '珠江广州河段', nameEn: 'Pearl River (Guangzhou reach)', widthM: 320, district: '440105', along: () => true },
  {
    id: 'huangpu', nameZh: '珠江黄埔航道', nameEn: 'Pearl River Huangpu channel', widthM: 600, district: '440113',
    along: (p, shared) => shared.has(key(p)) && p[0]! > 113.40 && p[1]! > 23.03,
  },
  {
    id: 'shiziyang', nameZh: '狮子洋', nameEn: 'Shiziyang estuary', widthM: 2500, district: '440113',
    along: (p, shared) => !shared.has(key(p)) && p[0]! > 113.48,
  },
  {
    id: 'lingding', nameZh: '伶仃洋', nameEn: 'Lingdingyang estuary', widthM: 3500, district: '440115',
    along: (p, shared) => !shared.has(key(p)) && p[0]! > 113.55,
  },
];


/** Consecutive runs of ring vertices that satisfy `keep`, treating the ring as circular. */
export function runsAlongRing(ring: Position[], keep: (p: Position) => boolean): Position[][] {
  const open = ring.slice(0, -1);
  const n = open.length;
  const start = open.findIndex((p) => !keep(p));
  if (start < 0) return [ring];
  const runs: Position[][] = [];
  let run: Position[] = [];
  for (let i = 1; i <= n; i++) {
    const p = open[(start + i) % n]!;
    if (keep(p)) run.push(p);
    else {
      if (run.length >= 2) runs.push(run);
      run = [];
    }
  }
  if (run.length >= 2) runs.push(run);
  return runs;
}

function outerRings(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? [g.coordinates[0]!] : g.coordinates.map((p) => p[0]!);
}

export function buildWater(districts: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>): FeatureCollection<Polygon | MultiPolygon, WaterProperties> {
  // A vertex is "shared" when another district's ring holds the very same vertex: the source
  // keeps internal borders consistent, so shared borders have identical coordinates.
  const owners = new Map<string, Set<string>>();
  for (const f of districts.features) {
    for (const ring of outerRings(f.geometry)) {
      for (const p of ring) {
        const k = key(p);
        const set = owners.get(k) ?? new Set<string>();
        set.add(f.properties.adcode);
        owners.set(k, set);
      }
    }
  }
  const features: Feature<Polygon | MultiPolygon, WaterProperties>[] = [];
  for (const ch of CHANNELS) {
    const district = districts.features.find((f) => f.properties.adcode === ch.district);
    if (!district) throw new Error(`channel ${ch.id}: district ${ch.district} not found`);
    const sharedWithOthers = new Set([...owners].filter(([, s]) => s.size > 1 && s.has(ch.district)).map(([k]) => k));
    const lines: Feature<LineString>[] = outerRings(district.geometry)
      .flatMap((ring) => runsAlongRing(ring, (p) => ch.along(p, sharedWithOthers)))
      .map((coords) => turf.lineString(coords));
    if (lines.length === 0) throw new Error(`channel ${ch.id}: no border stretch matched`);
    const bands = lines
      .map((l) => turf.buffer(l, ch.widthM / 2, { units: 'meters', steps: 4 }))
      .filter((b): b is Feature<Polygon | MultiPolygon> => b !== undefined);
    const merged = bands.length === 1 ? bands[0]! : turf.union(turf.featureCollection(bands));
    if (!merged) throw new Error(`channel ${ch.id}: empty band`);
    const props: WaterProperties = { id: ch.id, nameZh: ch.nameZh, nameEn: ch.nameEn, widthM: ch.widthM };
    features.push({ type: 'Feature', properties: props, geometry: turf.truncate(merged, { precision: 6 }).geometry });
  }
  return { type: 'FeatureCollection', features };
}
