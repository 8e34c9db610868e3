import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBytes } from 'gltf-validator';
import { buildDistricts } from '../../scripts/basemap/districts.ts';
import { buildWater } from '../../scripts/basemap/water.ts';
import { readEchartsGuangzhou } from '../../scripts/build-data.ts';
import { generateBuildings } from '../../scripts/city/generateBuildings.ts';
import fc from 'fast-check';
import { BuildReport, decodeBuilding, selfIntersects, type Building, type Ring } from '../../scripts/tiles/footprints.ts';
import { enuFrame } from '../../scripts/tiles/geo.ts';
import { TileMeshBuilder } from '../../scripts/tiles/mesh.ts';
import { buildTileset, decodeAll } from '../../scripts/tiles/pipeline.ts';
import { writeTileContent } from '../../scripts/tiles/tileContent.ts';
import { checkTileset, propertyTableProblems, readGlb, readPropertyTable } from '../harness/tilesetChecks.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/buildings/bad-footprints.geojson', import.meta.url), 'utf8')) as { features: unknown[] };

function decodeFixture(): { buildings: Building[]; report: BuildReport } {
  const report = new BuildReport();
  return { buildings: decodeAll(fixture.features, { crs: 'wgs84' }, report), report };
}

describe('footprint decoding', () => {
  it('keeps the good and repairable footprints and counts every skip by reason', () => {
    const { buildings, report } = decodeFixture();
    expect(buildings.map((b) => b.id)).toEqual(['good', 'floors-only', 'no-height', 'unclosed', 'clockwise', 'courtyard', 'multi', 'nan-height', 'future', 'many-floors']);
    expect(Object.fromEntries([...report.skipped].map(([k, v]) => [k, v.count]))).toEqual({
      'too-few-points': 2,
      'self-intersection': 1,
      'non-finite': 1,
      'out-of-range': 2,
      'negative-height': 1,
      'implausible-height': 1,
      'bad-geometry': 4,
      underground: 1,
      'not-a-feature': 1,
    });
    expect(report.skipped.get('bad-geometry')?.examples).toEqual(['point', 'null-geometry', 'empty-collection', 'string-coordinates']);
    expect(report.skipped.get('too-few-points')?.examples).toEqual(['two-points', 'empty-rings']);
    expect(report.skipped.get('out-of-range')?.examples).toEqual(['out-of-range', 'huge-coordinates']);
    expect(report.skipped.get('implausible-height')?.examples).toEqual(['sky-high']);
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

  it('drops implausible years and floor counts, and says so', () => {
    const { buildings, report } = decodeFixture();
    const byId = new Map(buildings.map((b) => [b.id, b]));
    expect(byId.get('future')).toMatchObject({ height: 40, year: 0 });
    expect(byId.get('many-floors')).toMatchObject({ height: 6, floors: 2 });
    expect(byId.get('nan-height')?.height).toBe(6);
    expect(report.repaired.get('implausible-year-dropped')?.examples).toEqual(['future']);
    expect(report.repaired.get('implausible-floors-dropped')?.examples).toEqual(['many-floors']);
    // The year bound is the calendar: a building finished this year is kept.
    const thisYear = decodeBuilding({ type: 'Feature', properties: { id: 'y', height: 9, year: 2026 }, geometry: { type: 'Polygon', coordinates: [[[113.3, 23.1], [113.301, 23.1], [113.301, 23.101], [113.3, 23.1]]] } }, 0, { crs: 'wgs84', currentYear: 2026 }, new BuildReport());
    expect(thisYear?.year).toBe(2026);
  });

  it('converts GCJ-02 input to WGS84 when asked', () => {
    const report = new BuildReport();
    const f = { type: 'Feature', properties: { id: 'x', height: 10 }, geometry: { type: 'Polygon', coordinates: [[[113.32992, 23.1038], [113.33, 23.1038], [113.33, 23.1039], [113.32992, 23.1038]]] } };
    const b = decodeBuilding(f, 0, { crs: 'gcj02' }, report)!;
    // A point in Haizhu: GCJ-02 (113.32992, 23.10380) is WGS84 (113.3245, 23.1064).
    expect(b.polygons[0]![0]![0]![0]).toBeCloseTo(113.3245, 3);
    expect(b.polygons[0]![0]![0]![1]).toBeCloseTo(23.1064, 3);
  });
});

/** A circle of `n` vertices in Haizhu, about 100 m across, as a closed GeoJSON ring. */
function circle(n: number, wobble = 0): [number, number][] {
  const ring = Array.from({ length: n }, (_, i): [number, number] => {
    const a = (2 * Math.PI * i) / n;
    const r = 0.0005 * (1 + wobble * Math.sin(7 * a));
    return [113.3245 + r * Math.cos(a), 23.1064 + r * Math.sin(a)];
  });
  return [...ring, ring[0]!];
}

const footprint = (id: string, ring: [number, number][]): unknown => ({ type: 'Feature', properties: { id, height: 20 }, geometry: { type: 'Polygon', coordinates: [ring] } });

const orientation = (p: number[], q: number[], r: number[]): number => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));

/** The plain pairwise test the edge index must agree with. */
function crossesPairwise(ring: Ring): boolean {
  const n = ring.length;
  const o = orientation;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const [a, b, c, d] = [ring[i]!, ring[(i + 1) % n]!, ring[j]!, ring[(j + 1) % n]!];
      if (o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0) return true;
    }
  }
  return false;
}

describe('huge and hostile footprints', () => {
  it('finds crossings in large rings exactly as the pairwise test does', () => {
    const ring = fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 })), { minLength: 65, maxLength: 200 });
    fc.assert(
      fc.property(ring, (points) => {
        const r: Ring = points.map(([x, y]) => [113 + x / 1e4, 23 + y / 1e4]);
        expect(selfIntersects(r)).toBe(crossesPairwise(r));
      }),
      { seed: 20261201, numRuns: 200 },
    );
  });

  it('accepts a 40,000-vertex outline and refuses one with a single crossing', () => {
    const report = new BuildReport();
    const ok = decodeBuilding(footprint('campus', circle(40_000, 0.2)), 0, { crs: 'wgs84' }, report);
    expect(ok?.polygons[0]![0]).toHaveLength(40_000);
    const twisted = circle(40_000, 0.2);
    [twisted[100], twisted[101]] = [twisted[101]!, twisted[100]!];
    expect(decodeBuilding(footprint('twisted', twisted), 1, { crs: 'wgs84' }, report)).toBeUndefined();
    expect(report.skipped.get('self-intersection')?.examples).toEqual(['twisted']);
  });

  it('builds the bad-footprints fixture with a 200,000-vertex ring through the CLI, counting every refusal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canton-twin-huge-'));
    try {
      const input = join(dir, 'footprints.geojson');
      const features = [...fixture.features, footprint('broken-export', circle(200_000))];
      writeFileSync(input, JSON.stringify({ type: 'FeatureCollection', features }));
      const t0 = performance.now();
      // The timeout only stops a stalled build from hanging the suite (it stalled for minutes before).
      const out = execFileSync(join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx'), ['scripts/build-tiles.ts', '--input', input, '--out', join(dir, 'tiles')], {
        cwd: join(import.meta.dirname, '..', '..'),
        encoding: 'utf8',
        timeout: 90_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      console.log(`bad-footprints fixture + 200,000-vertex ring: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      expect(out).toContain(`skipped too-many-vertices: 1 (e.g. broken-export)`);
      expect(out).toContain('skipped implausible-height: 1 (e.g. sky-high)');
      expect(out).toContain('repaired implausible-year-dropped: 1 (e.g. future)');
      expect(out).toMatch(/accepted 10, skipped 15/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
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

  it('writes every property view exactly as long as its values, aligned to its component size', async () => {
    const { buildings } = decodeFixture();
    const frame = enuFrame(113.32, 23.12);
    // Odd counts make any padding inside a view show: 3 UINT8 uses, 3 UINT16 floors.
    for (const subset of [buildings, buildings.slice(0, 3), buildings.slice(0, 1)]) {
      const glb = readGlb((await writeTileContent(subset, frame.toEnu, frame.toEnu(113.325, 23.12, 0))).glb);
      expect(propertyTableProblems(glb)).toEqual([]);
      const views = glb.json.extensions!.EXT_structural_metadata!.propertyTables[0]!.properties;
      expect(glb.json.bufferViews[views.use!.values]!.byteLength).toBe(subset.length);
      expect(glb.json.bufferViews[views.floors!.values]!.byteLength).toBe(subset.length * 2);
    }
  });

  it('leaves out a string column that has no text in the tile, instead of an empty view', async () => {
    const nameless = decodeFixture().buildings.map((b) => ({ ...b, name: '' }));
    const frame = enuFrame(113.32, 23.12);
    const glb = readGlb((await writeTileContent(nameless, frame.toEnu, frame.toEnu(113.325, 23.12, 0))).glb);
    expect(propertyTableProblems(glb)).toEqual([]);
    expect(Object.keys(glb.json.extensions!.EXT_structural_metadata!.propertyTables[0]!.properties).toSorted()).toEqual(['district', 'floors', 'height', 'id', 'use', 'year']);
    expect((await validateBytes((await writeTileContent(nameless, frame.toEnu, frame.toEnu(113.325, 23.12, 0))).glb)).issues.numErrors).toBe(0);
  });

  it('refuses a tile written the old way, with each property view padded to 4 bytes', () => {
    // Written by the tiler before the fix: 3 buildings, no names (the fixture is that tile's bytes).
    const old = readGlb(new Uint8Array(readFileSync(new URL('../fixtures/tiles/padded-property-views.glb', import.meta.url))));
    const problems = propertyTableProblems(old);
    expect(problems).toContain('propertyTables[0].use values: byteLength 4, expected 3');
    expect(problems).toContain('propertyTables[0].floors values: byteLength 8, expected 6');
    expect(problems).toContain('propertyTables[0].id values: byteLength 12, expected 9');
    expect(problems).toContain('propertyTables[0].name values: byteLength 4, expected 0');
    // The string offsets (4 × UINT32) and height (3 × FLOAT32) were already whole words.
    expect(problems.filter((p) => /stringOffsets|height/.test(p))).toEqual([]);
    expect(problems).toHaveLength(6);
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
