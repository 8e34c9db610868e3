/**
 * The default city's panoramas as `npm run tiles` writes them: every cell's figures in cells.bin
 * summed again from the records in the chunk files and from the buildings, every record in the
 * cell it is filed under, and every enterprise's credit code valid for its district.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PanoramaFigures } from '../../src/domains/panorama/cellFigures.ts';
import { creditCodeProblem } from '../../src/domains/panorama/creditCode.ts';
import { RECORD_SETS, recordLonLat, type RecordOf, type RecordSet } from '../../src/domains/panorama/records.ts';
import { panoramaEngine, type PanoramaEngine } from '../harness/panorama.ts';

const dir = join(import.meta.dirname, '..', '..', 'tiles', 'guangzhou', 'panorama');
let engine: PanoramaEngine;
const all = {} as { [S in RecordSet]: { cell: number; record: RecordOf[S] }[] };

beforeAll(async () => {
  if (!existsSync(join(dir, 'cells.bin'))) throw new Error('tiles/guangzhou/panorama is missing: run `npm run tiles` first (npm test does)');
  engine = panoramaEngine();
  for (const set of RECORD_SETS) {
    all[set] = [];
    for (let c = 0; c < engine.index.cellCount; c++) for (const record of await engine.records(set, c)) (all[set] as { cell: number; record: RecordOf[RecordSet] }[]).push({ cell: c, record });
  }
});

describe('the default panoramas', () => {
  it('hold at least 500,000 enterprises and 500,000 city components, as many as the header says', () => {
    for (const set of RECORD_SETS) expect(all[set].length).toBe(engine.cells.header.sets[set].records);
    expect(all.enterprises.length).toBeGreaterThanOrEqual(500_000);
    expect(all.components.length).toBeGreaterThanOrEqual(500_000);
    console.log(`panorama: ${RECORD_SETS.map((s) => `${all[s].length.toLocaleString('en')} ${s}`).join(', ')}`);
  });

  it('file every record under the cell the analysis engine puts it in', () => {
    for (const set of RECORD_SETS) {
      const wrong = all[set].filter(({ cell, record }) => engine.index.cellAt(...recordLonLat(set, record)) !== cell);
      expect(wrong.length, set).toBe(0);
    }
  });

  it('give every enterprise a unique, valid credit code of its own district', () => {
    const codes = new Set<string>();
    const names = new Set<string>();
    for (const { cell, record } of all.enterprises) {
      expect(creditCodeProblem(record.code)).toBeNull();
      expect(record.code.slice(2, 8)).toBe(engine.index.grid.districts[engine.index.grid.district[cell]!]);
      codes.add(record.code);
      names.add(record.name);
    }
    expect(codes.size).toBe(all.enterprises.length);
    expect(names.size).toBe(all.enterprises.length);
  });

  it('store in cells.bin exactly the figures summed again from the records', () => {
    const sums = new PanoramaFigures(engine.index.cellCount, engine.cells.header.columns);
    for (const set of RECORD_SETS) for (const { cell, record } of all[set] as { cell: number; record: RecordOf[RecordSet] }[]) sums.addRecord(set, cell, record);
    for (const name of engine.cells.header.columns) {
      if (name.startsWith('people.')) continue;
      const mismatches = sums.column(name).filter((v, c) => v !== engine.cells.figures.get(name, c)).length;
      expect(mismatches, name).toBe(0);
    }
  });

  it('spread people over the cells so that the city adds up to its residents', async () => {
    const residents = engine.cells.figures.column('people.residents').reduce((a, b) => a + b, 0);
    // Rounded per cell: within one person per cell of the census total.
    expect(Math.abs(residents - 18_676_605)).toBeLessThan(engine.index.cellCount);
    const probe = engine.cells.figures.column('people.residents').findIndex((v) => v > 5_000);
    const f = await engine.figures(probe);
    for (const name of engine.cells.header.columns.filter((n) => n.startsWith('people.'))) expect(f[name], name).toBe(engine.cells.figures.get(name, probe));
  });
});
