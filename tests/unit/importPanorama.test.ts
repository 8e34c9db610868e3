/**
 * The panorama importer on broken files: every refusal counted by its reason, the good rows kept,
 * GCJ-02 converted on the way in, and the written folder's figures following the imported rows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gcoord from 'gcoord';
import { afterAll, describe, expect, it } from 'vitest';
import { importGridGeoJson } from '../../src/analysis/gridImport.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { makeCreditCode } from '../../src/domains/panorama/creditCode.ts';
import { decodePanoramaCells } from '../../src/domains/panorama/panoramaFormat.ts';
import { importPeople, importRecords } from '../../scripts/panorama/importRecords.ts';
import { writePanorama } from '../../scripts/panorama/writePanorama.ts';

// Four cells over 113.30–113.32 E, 23.10–23.12 N.
const { grid, ids } = importGridGeoJson(JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/grid/tiling-2x2.geojson'), 'utf8')));
const index = new GridIndex(grid);
const code = (n: number): string => makeCreditCode('9', '1', '440106', `MA${String(n).padStart(6, '0')}`);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('importing enterprises from CSV', () => {
  const good = code(1);
  const [gx, gy] = gcoord.transform([113.305, 23.105], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  const csv = [
    '\uFEFFcode,name,industry,size,status,capital_wan,building,lon,lat',
    `${good},"广州穗华科技有限公司, 天河分公司",I,small,operating,100,B1,${gx},${gy}`,
    `${good.slice(0, 17)}0,广州坏码有限公司,I,small,operating,100,,${gx},${gy}`,
    `${code(2)},广州未知行业有限公司,Z,small,operating,100,,${gx},${gy}`,
    `${good},广州重复有限公司,I,small,operating,100,,${gx},${gy}`,
    `${code(3)},广州坐标有限公司,I,small,operating,100,,east,${gy}`,
    `${code(4)},北京有限公司,I,small,operating,100,,116.4,39.9`,
    `${code(5)},广州少列有限公司,I`,
    `${code(6)},广州规模有限公司,I,huge,operating,100,,${gx},${gy}`,
    `${code(7)},广州资本有限公司,I,small,operating,-5,,${gx},${gy}`,
    '',
  ].join('\n');
  const { rows, report } = importRecords('enterprises', csv, { format: 'csv', crs: 'gcj02', index });

  it('keeps the good row, converted from GCJ-02 to WGS84', () => {
    expect(rows.map((r) => r[0])).toEqual([good]);
    expect(rows[0]![1]).toBe('广州穗华科技有限公司, 天河分公司');
    expect(rows[0]![7]).toBeCloseTo(113.305, 5);
    expect(rows[0]![8]).toBeCloseTo(23.105, 5);
    expect(ids[index.cellAt(rows[0]![7], rows[0]![8])]).toBeDefined();
  });

  it('refuses each bad row with its reason and says where', () => {
    expect(report.accepted).toBe(1);
    expect(report.rejected).toEqual({ 'bad-credit-code': 1, 'unknown-class': 2, duplicate: 1, 'bad-coordinates': 2, 'outside-city': 1, 'bad-row': 1 });
    expect(report.examples.find((e) => e.includes('bad-credit-code'))).toMatch(/^line 3: bad-credit-code: .*check/);
    expect(report.examples.find((e) => e.includes('outside-city'))).toMatch(/^line 7:/);
  });
});

const square = (x: number, y: number, d = 0.002): number[][] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const fc = (features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features });

describe('importing parcels and cases from GeoJSON', () => {
  it('keeps polygons, computes their area, and refuses points, unknown uses and files that are not GeoJSON', () => {
    const text = fc([
      { type: 'Feature', properties: { id: 'P1', use: 'R', plot_ratio: 2.5, coverage: 0.3 }, geometry: { type: 'Polygon', coordinates: [square(113.301, 23.101)] } },
      { type: 'Feature', properties: { id: 'P2', use: 'X', plot_ratio: 1, coverage: 0.2 }, geometry: { type: 'Polygon', coordinates: [square(113.311, 23.111)] } },
      { type: 'Feature', properties: { id: 'P3', use: 'G', plot_ratio: 0, coverage: 0 }, geometry: { type: 'Point', coordinates: [113.305, 23.105] } },
      { type: 'Feature', properties: { id: 'P4', use: 'B', plot_ratio: 1, coverage: 1.5 }, geometry: { type: 'Polygon', coordinates: [square(113.305, 23.115)] } },
    ]);
    const { rows, report } = importRecords('parcels', text, { format: 'geojson', crs: 'wgs84', index });
    expect(rows.map((r) => r[0])).toEqual(['P1']);
    // 0.002° × 0.002° at 23.1° N: about 205 m × 221 m.
    expect(rows[0]![2]).toBeGreaterThan(44_000);
    expect(rows[0]![2]).toBeLessThan(46_500);
    expect(report.rejected).toEqual({ 'unknown-class': 1, 'bad-coordinates': 1, 'bad-row': 1 });
    expect(importRecords('parcels', '{"type": "Feature"', { format: 'geojson', crs: 'wgs84', index }).report.rejected).toEqual({ 'bad-file': 1 });
    expect(importRecords('parcels', 'id,use\nP1,R', { format: 'csv', crs: 'wgs84', index }).report.examples[0]).toMatch(/GeoJSON/);
  });

  it('reads case times as ISO 8601 or milliseconds, and refuses a closed case without a closing time', () => {
    const text = fc([
      { type: 'Feature', properties: { id: 'C1', source: 'hotline', type: 'noise', status: 'closed', opened: '2026-12-01T09:00:00+08:00', closed: 1764558000000 }, geometry: { type: 'Point', coordinates: [113.305, 23.105] } },
      { type: 'Feature', properties: { id: 'C2', source: 'hotline', type: 'noise', status: 'closed', opened: '2026-12-01T09:00:00+08:00', closed: '' }, geometry: { type: 'Point', coordinates: [113.305, 23.105] } },
      { type: 'Feature', properties: { id: 'C3', source: 'fax', type: 'noise', status: 'open', opened: '2026-12-01T09:00:00+08:00' }, geometry: { type: 'Point', coordinates: [113.305, 23.105] } },
    ]);
    const { rows, report } = importRecords('cases', text, { format: 'geojson', crs: 'wgs84', index });
    expect(rows.map((r) => [r[0], r[4]])).toEqual([['C1', Date.parse('2026-12-01T01:00:00Z')]]);
    expect(report.rejected).toEqual({ 'bad-row': 1, 'unknown-class': 1 });
  });
});

describe('importing people by cell, and writing the folder', () => {
  it('refuses unknown cells, breakdowns that do not add up and duplicates, and the written figures follow the import', () => {
    const csv = [
      'cell,residents,registered,migrants,age0_14,age15_59,age60,households,daytime',
      `${ids[0]},1000,600,400,140,750,110,430,800`,
      `${ids[1]},1000,600,300,140,750,110,430,800`,
      `440106-9999,10,5,5,1,8,1,4,10`,
      `${ids[0]},1,1,0,0,1,0,1,1`,
      `${ids[2]},ten,5,5,1,8,1,4,10`,
    ].join('\n');
    const { byCell, report } = importPeople(csv, ids);
    expect([...byCell.keys()]).toEqual([0]);
    expect(report.rejected).toEqual({ inconsistent: 1, 'unknown-cell': 1, duplicate: 1, 'bad-row': 1 });

    const dir = mkdtempSync(join(tmpdir(), 'canton-import-'));
    dirs.push(dir);
    const enterprises = importRecords('enterprises', `code,name,industry,size,status,capital_wan,lon,lat\n${code(11)},广州甲有限公司,C,micro,operating,10,113.305,23.105\n${code(12)},广州乙有限公司,F,micro,abnormal,20,113.306,23.106\n`, { format: 'csv', crs: 'wgs84', index }).rows;
    const written = writePanorama(dir, index, { byCell }, { enterprises, parcels: [], components: [], services: [], cases: [] }, { asOfMs: 1, source: 'test' });
    expect(written.records.enterprises).toBe(2);
    const cells = decodePanoramaCells(new Uint8Array(readFileSync(join(dir, 'cells.bin'))));
    const cell = index.cellAt(113.305, 23.105);
    expect(cells.figures.get('enterprises.count', cell)).toBe(2);
    expect(cells.figures.get('enterprises.industry.C', cell)).toBe(1);
    expect(cells.figures.get('enterprises.capitalWan', cell)).toBe(10);
    expect(cells.figures.get('people.residents', 0)).toBe(1000);
    expect(cells.figures.get('people.migrants', 0)).toBe(400);
  });
});
