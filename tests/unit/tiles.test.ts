import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBytes } from 'gltf-validator';
import { buildDistricts } from '../../scripts/basemap/districts.ts';
import { buildWater } from '../../scripts/basemap/water.ts';
import { readEchartsGuangzhou } from '../../scripts/build-data.ts';
import { generateBuildings } from '../../scripts/city/generateBuildings.ts';
import { BuildReport, decodeBuilding, type Building } from '../../scripts/tiles/footprints.ts';
import { enuFrame } from '../../scripts/tiles/geo.ts';
import { TileMeshBuilder } from '../../scripts/tiles/mesh.ts';
import { buildTileset, decodeAll } from '../../scripts/tiles/pipeline.ts';
import { writeTileContent } from '../../scripts/tiles/tileContent.ts';
import { checkTileset, readGlb, readPropertyTable } from '../harness/tilesetChecks.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/buildings/bad-footprints.geojson', import.meta.url), 'utf8')) as { features: unknown[] };

function decodeFixture(): { buildings: Building[]; report: BuildReport } {
  const report = new BuildReport();
  return { buildings: decodeAll(fixture.features, { crs: 'wgs84' }, report), report };
}

describe('footprint decoding', () => {
  it('keeps the good and repairable footprints and counts every skip by reason', () => {
    const { buildings, report } = decodeFixture();
    expect(buildings.map((b) => b.id)).toEqual(['good', 'floors-only', 'no-height', 'unclosed', 'clockwise', 'courtyard', 'multi']);
    expect(Object.fromEntries([...report.skipped].map(([k, v]) => [k, v.count]))).toEqual({
      'too-few-points': 1,
      'self-intersection': 1,
      'non-finite': 1,
      'out-of-range': 1,
      'negative-height': 1,
      'bad-geometry': 1,
      underground: 1,
      'not-a-feature': 1,
    });
    expect(report.skipped.get('self-intersection')?.examples).toEqual(['bow-tie']);
    expect(report.toText()).toContain('skipped negative-height: 1 (e.g. negative)');
  });

  it('repairs what it can: floors to height, a default height, ring closing and orientation', () => {
    const { buildings, report } = decodeFixture();
    const byId = new Map(buildings.map((b) => [b.id, b]));
    expect(byId.get('floors-only')).toMatchObject({ height: 30, floors: 10, use: 'residential' });
    expect(byId.get('no-height')?.height).toBe(6);
    expect(byId.get('good')).toMatchObject({ height: 30, use: 'office', name: '好楼', year: 2001, district: '440106' });
    expect(report.repaired.get('ring-closed')?.examples).toEqual(['unclosed']);
    expect(report.repaired.get('ring-reoriented')?.examples).toEqual(['clockwise']);
    expect(byId.get('courtyard')?.polygons[0]).toHaveLength(2);
    expect(byId.get('multi')?.polygons).toHaveLength(2);
  });

  it('converts GCJ-02 input to WGS84 when asked', () => {
    const report = new BuildReport();
    const f = { type: 'Feature', properties: { id: 'x', height: 10 }, geometry: { type: 'Polygon', coordinates: [[[113.32992, 23.1038], [113.33, 23.1038], [113.33, 23.1039], [113.32992, 23.1038]]] } };
    const b = decodeBuilding(f, 0, { crs: 'gcj02' }, report)!;
    // Canton Tower: GCJ-02 (113.32992, 23.10380) is WGS84 (113.3245, 23.1064).
    expect(b.polygons[0]![0]![0]![0]).toBeCloseTo(113.3245, 3);
    expect(b.polygons[0]![0]![0]![1]).toBeCloseTo(23.1064, 3);
  });
});

const building = (id: string): Building => decodeFixture().buildings.find((b) => b.id === id)!;

describe('extrusion', () => {
  const frame = enuFrame(113.32, 23.12);
  const meshOf = (b: Building) => {
    const m = new TileMeshBuilder(frame.toEnu, frame.toEnu(113.32, 23.12, 0));
    m.addBuilding(b, 0);
    return m.finish();
  };

  it('gives walls outward normals and a roof facing up, with triangles wound to match', () => {
    const mesh = meshOf(building('courtyard'));
    const { positions: p, normals: n, indices } = mesh;
    for (let t = 0; t < indices.length; t += 3) {
      const [a, b, c] = [indices[t]!, indices[t + 1]!, indices[t + 2]!];
      const u = [p[3 * b]! - p[3 * a]!, p[3 * b + 1]! - p[3 * a + 1]!, p[3 * b + 2]! - p[3 * a + 2]!];
      const v = [p[3 * c]! - p[3 * a]!, p[3 * c + 1]! - p[3 * a + 1]!, p[3 * c + 2]! - p[3 * a + 2]!];
      const cross = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
      const dot = cross[0]! * n[3 * a]! + cross[1]! * n[3 * a + 1]! + cross[2]! * n[3 * a + 2]!;
      expect(dot).toBeGreaterThan(0);
    }
  });

  it('leaves the courtyard open: roof area is the outer ring minus the hole', () => {
    const mesh = meshOf(building('courtyard'));
    let roofArea = 0;
    const { positions: p, normals: n, indices } = mesh;
    for (let t = 0; t < indices.length; t += 3) {
      const a = indices[t]!;
      if (n[3 * a + 1]! < 0.99) continue; // walls
      const [b, c] = [indices[t + 1]!, indices[t + 2]!];
      // Y-up glTF: the ground plane is x/z.
      roofArea += Math.abs((p[3 * b]! - p[3 * a]!) * (p[3 * c + 2]! - p[3 * a + 2]!) - (p[3 * c]! - p[3 * a]!) * (p[3 * b + 2]! - p[3 * a + 2]!)) / 2;
    }
    const outer = 0.001 * 111_320 * Math.cos((23.12 * Math.PI) / 180) * 0.001 * 110_770;
    const hole = outer * 0.16;
    expect(roofArea / (outer - hole)).toBeCloseTo(1, 1);
  });

  it('stands the building from its base to its height', () => {
    const mesh = meshOf(building('good'));
    expect(mesh.max[1] - mesh.min[1]).toBeCloseTo(30, 0);
  });
});

describe('tile content', () => {
  it('writes a glb that the glTF validator accepts, with its metadata intact', async () => {
    const { buildings } = decodeFixture();
    const frame = enuFrame(113.32, 23.12);
    const tile = await writeTileContent(buildings, frame.toEnu, frame.toEnu(113.325, 23.12, 0));
    const report = await validateBytes(tile.glb);
    expect(report.issues.numErrors).toBe(0);
    expect(report.issues.numWarnings).toBe(0);
    const table = readPropertyTable(readGlb(tile.glb));
    expect(table.count).toBe(buildings.length);
    expect(table.strings('id')).toEqual(buildings.map((b) => b.id));
    expect(table.strings('name')[0]).toBe('好楼');
    expect(Array.from(table.floats('height'))).toEqual(buildings.map((b) => Math.fround(b.height)));
  });
});

describe('tileset of a generated district', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'canton-twin-tiles-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a valid quadtree with the tallest buildings at the top', async () => {
    const districts = buildDistricts(readEchartsGuangzhou());
    const features = generateBuildings({ seed: 7, count: 6000, districts, water: buildWater(districts) });
    const report = new BuildReport();
    const result = await buildTileset(decodeAll(features, { crs: 'wgs84' }, report), report, dir, { quadtree: { leafMax: 300, keepPerTile: 100, maxLevel: 10 }, compress: false });
    expect(result.tiles).toBeGreaterThan(10);
    const check = await checkTileset(dir);
    expect(check.errors).toEqual([]);
    expect(check.features).toBe(6000);
    const tileset = JSON.parse(readFileSync(join(dir, 'tileset.json'), 'utf8')) as { root: { content: { uri: string } } };
    const rootTable = readPropertyTable(readGlb(new Uint8Array(readFileSync(join(dir, tileset.root.content.uri)))));
    const rootMin = Math.min(...rootTable.floats('height'));
    const allHeights = [...check.heights.values()].toSorted((a, b) => b - a);
    // The root holds exactly the 100 tallest.
    expect(rootMin).toBe(allHeights[99]);
  }, 60_000);
});
