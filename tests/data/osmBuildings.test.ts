/** The real OSM building sample (../shared, ODbL) through the same pipeline as the default city. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LANDMARKS } from '../../scripts/city/landmarks.ts';
import { metresPerDegree } from '../../scripts/tiles/geo.ts';
import { readFeatures } from '../../scripts/build-tiles.ts';
import { BuildReport } from '../../scripts/tiles/footprints.ts';
import { buildTileset, decodeAll } from '../../scripts/tiles/pipeline.ts';
import { checkTileset } from '../harness/tilesetChecks.ts';

const file = new URL('../../../shared/data/guangzhou/buildings_osm_huacheng-zhujiang-new-town_wgs84.geojson', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'canton-twin-osm-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('OSM building sample of Zhujiang New Town', () => {
  it('tiles into a valid tileset in which IFC stands 440 m tall', async () => {
    const features = await readFeatures(file);
    expect(features).toHaveLength(52);
    const report = new BuildReport();
    const buildings = decodeAll(features, { crs: 'wgs84' }, report);
    console.log(`OSM sample: ${report.toText()}`);
    // Three metro station boxes and a sunken mall are tagged below ground; everything else is kept.
    expect(report.skipped.get('underground')?.count).toBe(4);
    expect(buildings).toHaveLength(48);
    const ifc = buildings.find((b) => b.name.startsWith('广州国际金融中心'))!;
    expect(ifc.height).toBeCloseTo(440, 0);

    await buildTileset(buildings, report, out, { compress: false });
    const check = await checkTileset(out);
    expect(check.errors).toEqual([]);
    expect(check.heights.get(ifc.id)).toBeCloseTo(440, 0);
  });

  it('agrees with our IFC landmark’s position to within 60 m', async () => {
    const features = (await readFeatures(file)) as { properties: { name?: string }; geometry: { coordinates: number[][][] } }[];
    const ring = features.find((f) => f.properties.name?.startsWith('广州国际金融中心'))!.geometry.coordinates[0]!.slice(0, -1);
    const lon = ring.reduce((a, p) => a + p[0]!, 0) / ring.length;
    const lat = ring.reduce((a, p) => a + p[1]!, 0) / ring.length;
    const ours = LANDMARKS.find((l) => l.id === 'guangzhou-ifc')!;
    const mpd = metresPerDegree(lat);
    const distance = Math.hypot((ours.lon - lon) * mpd.x, (ours.lat - lat) * mpd.y);
    console.log(`IFC: OSM centroid ${lon.toFixed(5)}, ${lat.toFixed(5)}; landmark ${distance.toFixed(0)} m away`);
    expect(distance).toBeLessThan(60);
  });
});
