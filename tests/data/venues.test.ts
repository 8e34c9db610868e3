/**
 * The major-events venues and their metro stations against the WGS84 metro file in ../shared:
 * each station the app names stands within 100 m of the station of that name, and each venue's
 * nearest named station is within 1.2 km of its outline's centre, so that no venue is drawn
 * across town (a GCJ-02 slip moves a place about 600 m).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metresBetween, METRO_STATIONS, stationById, VENUES, venueCentre } from '../../src/domains/crowd/venues.ts';

const file = new URL('../../../shared/data/guangzhou/metro_hkust-china-metro-info_wgs84.geojson', import.meta.url).pathname;
const metro = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: { kind: string; name: string }; geometry: { coordinates: [number, number] } }[] };
const positions = (name: string): [number, number][] => metro.features.filter((f) => f.properties.kind === 'station' && f.properties.name.replace(/（.*）|\(.*\)/, '') === name).map((f) => f.geometry.coordinates);

describe('the venues’ metro stations against the shared metro file', () => {
  it.each(METRO_STATIONS.map((s) => [s.name.zh, s] as const))('%s stands where the metro file has it', (name, s) => {
    const found = positions(name);
    expect(found.length, name).toBeGreaterThan(0);
    const nearest = Math.min(...found.map(([lon, lat]) => metresBetween(s.lon, s.lat, lon, lat)));
    expect(nearest, name).toBeLessThan(100);
  });

  it.each(VENUES.map((v) => [v.name.en, v] as const))('%s lies by its stations', (_name, v) => {
    const [lon, lat] = venueCentre(v);
    const nearest = Math.min(...v.stations.map((id) => stationById.get(id)!).map((s) => metresBetween(lon, lat, s.lon, s.lat)));
    console.log(`${v.id}: ${nearest.toFixed(0)} m from its nearest station`);
    expect(nearest).toBeLessThan(1200);
  });
});
