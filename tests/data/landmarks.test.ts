/**
 * The landmarks' positions against the WGS84 metro file in ../shared: Canton Tower's station (APM
 * and Line 3, 广州塔) stands at its foot, so the tower must stand within 150 m of it. Its GCJ-02
 * position, where it once stood here, is about 650 m away and fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANDMARKS } from '../../scripts/city/landmarks.ts';
import { metresPerDegree } from '../../scripts/tiles/geo.ts';

const file = new URL('../../../shared/data/guangzhou/metro_hkust-china-metro-info_wgs84.geojson', import.meta.url).pathname;
const metro = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: { kind: string; name: string }; geometry: { coordinates: [number, number] } }[] };

const distanceM = (a: readonly [number, number], b: readonly [number, number]): number => {
  const mpd = metresPerDegree((a[1] + b[1]) / 2);
  return Math.hypot((a[0] - b[0]) * mpd.x, (a[1] - b[1]) * mpd.y);
};

describe('landmarks against the metro stations at their feet', () => {
  it('puts Canton Tower within 150 m of the 广州塔 station, and would not at its GCJ-02 position', () => {
    const stations = metro.features.filter((f) => f.properties.kind === 'station' && f.properties.name === '广州塔').map((f) => f.geometry.coordinates);
    expect(stations.length).toBeGreaterThanOrEqual(2);
    const tower = LANDMARKS.find((l) => l.id === 'canton-tower')!;
    const nearest = Math.min(...stations.map((s) => distanceM([tower.lon, tower.lat], s)));
    console.log(`Canton Tower: ${nearest.toFixed(0)} m from its station`);
    expect(nearest).toBeLessThan(150);
    expect(Math.min(...stations.map((s) => distanceM([113.3245, 23.1064], s)))).toBeGreaterThan(500);
  });
});
