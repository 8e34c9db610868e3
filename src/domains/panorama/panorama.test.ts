import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CODE_CHARSET, creditCodeProblem, makeCreditCode } from './creditCode.ts';
import { PANORAMA_COLUMNS, PanoramaFigures } from './cellFigures.ts';
import { decodeChunk, decodePanoramaCells, encodePanoramaCells, PanoramaFormatError, type PanoramaCells } from './panoramaFormat.ts';
import { PanoramaReader } from './panoramaReader.ts';
import { addPeople, GUANGZHOU_PEOPLE } from './people.ts';
import { RECORD_SETS, type RowOf } from './records.ts';
import { BUILDING_USES } from '../../analysis/buildingUses.ts';

describe('unified social credit codes (GB 32100, GB 11714)', () => {
  it('accepts real codes and builds codes that check', () => {
    // Huawei Technologies and Tencent (Shenzhen), as published on their business licences.
    expect(creditCodeProblem('914403001922038216')).toBeNull();
    expect(creditCodeProblem('91440300708461136T')).toBeNull();
    const code = makeCreditCode('9', '1', '440106', 'MA5ABCDE');
    expect(code).toHaveLength(18);
    expect(code.slice(2, 8)).toBe('440106');
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('catches every single-character change, and says which check failed', () => {
    const code = '914403001922038216';
    let caught = 0;
    let tried = 0;
    for (let i = 0; i < 18; i++) {
      for (const c of CODE_CHARSET) {
        if (c === code[i]) continue;
        tried++;
        if (creditCodeProblem(code.slice(0, i) + c + code.slice(i + 1)) !== null) caught++;
      }
    }
    expect(caught).toBe(tried);
    expect(creditCodeProblem('91440300192203821')).toBe('length');
    expect(creditCodeProblem('9144030019220382I6')).toBe('characters');
    expect(creditCodeProblem('914403001922038217')).toBe('check');
    // Body changed and the final check recomputed: only GB 11714's own check character sees it.
    const good = makeCreditCode('9', '1', '440300', '19220382');
    const first17 = `${good.slice(0, 15)}3${good[16]}`;
    const forged = first17 + CODE_CHARSET[(31 - ([...first17].reduce((a, ch, i) => a + CODE_CHARSET.indexOf(ch) * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i]!, 0) % 31)) % 31];
    expect(creditCodeProblem(forged)).toBe('orgCheck');
  });
});

const cellsOf = (n: number, rows: Record<string, unknown[][]>): { cells: PanoramaCells; files: Map<string, Uint8Array> } => {
  const figures = new PanoramaFigures(n);
  figures.column('people.residents').set(Array.from({ length: n }, (_, i) => i * 10));
  const files = new Map<string, Uint8Array>();
  const offsets = {} as PanoramaCells['offsets'];
  for (const set of RECORD_SETS) {
    const off = new Float64Array(n + 1);
    const parts: Buffer[] = [];
    let at = 0;
    for (let c = 0; c < n; c++) {
      off[c] = at;
      const cellRows = (rows[set] ?? []).filter((_, k) => k % n === c);
      if (cellRows.length === 0) continue;
      const z = gzipSync(JSON.stringify(cellRows));
      parts.push(z);
      at += z.length;
    }
    off[n] = at;
    offsets[set] = off;
    files.set(`${set}.chunks`, new Uint8Array(Buffer.concat(parts)));
  }
  const header = { version: 1 as const, cellCount: n, asOfMs: 1, columns: [...PANORAMA_COLUMNS], sets: Object.fromEntries(RECORD_SETS.map((s) => [s, { file: `${s}.chunks`, records: (rows[s] ?? []).length }])) as PanoramaCells['header']['sets'], source: 'test' };
  return { cells: { header, figures, offsets }, files };
};

const component = (i: number): RowOf<'components'> => [`BJ-${i}`, '0101', 'intact', 113 + i * 1e-4, 23];

describe('the panorama files', () => {
  it('round-trips cells.bin, and refuses a file that is not one', () => {
    const { cells } = cellsOf(7, {});
    const back = decodePanoramaCells(encodePanoramaCells(cells));
    expect(back.header.cellCount).toBe(7);
    expect(Array.from(back.figures.column('people.residents'))).toEqual([0, 10, 20, 30, 40, 50, 60]);
    const bytes = encodePanoramaCells(cells);
    expect(() => decodePanoramaCells(bytes.subarray(0, bytes.length - 8))).toThrow(PanoramaFormatError);
    expect(() => decodePanoramaCells(new TextEncoder().encode('GIF89a not a panorama'))).toThrow(/bad magic/);
  });

  it('counts rows that fail their schema and keeps the good ones', async () => {
    const rows = [component(1), ['BJ-2', '9999', 'intact', 113, 23], component(3), ['BJ-4', '0101', 'intact', 200, 23]];
    const decoded = await decodeChunk('components', new Uint8Array(gzipSync(JSON.stringify(rows))));
    expect(decoded.records.map((r) => r.id)).toEqual(['BJ-1', 'BJ-3']);
    expect(decoded.refused).toBe(2);
    await expect(decodeChunk('components', new Uint8Array([1, 2, 3]))).rejects.toThrow(PanoramaFormatError);
  });

  it('reads neighbouring cells in one range request and holds no more records than its budget', async () => {
    const n = 10;
    const { cells, files } = cellsOf(n, { components: Array.from({ length: 100 }, (_, i) => component(i)) });
    const asked: [number, number][] = [];
    const reader = new PanoramaReader(cells, async (file, start, end) => {
      asked.push([start, end]);
      return files.get(file)!.subarray(start, end);
    }, 25);
    const got = await reader.read('components', [2, 3, 4]);
    expect(asked).toHaveLength(1);
    expect(got.map((g) => g.records.length)).toEqual([10, 10, 10]);
    expect(got[1]!.records.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, k) => `BJ-${3 + k * n}`));
    expect(reader.heldRecords).toBeLessThanOrEqual(25);
    await reader.read('components', [9]);
    expect(asked).toHaveLength(2);
    await expect(reader.read('components', [n])).rejects.toThrow(/no cell/);
  });
});

const use = (u: string): number => BUILDING_USES.indexOf(u as (typeof BUILDING_USES)[number]);

describe('people per cell', () => {
  it('spreads the residents by housing floor area, and every breakdown adds up to the residents', () => {
    const n = 3;
    const buildings = {
      count: 4,
      lonLat: new Float64Array(8),
      height: Float32Array.from([80, 12, 100, 60]),
      floorArea: Float32Array.from([30_000, 10_000, 50_000, 20_000]),
      use: Uint8Array.from([use('residential'), use('residential'), use('office'), use('residential')]),
      id: (i: number) => `B${i}`,
    };
    const figures = new PanoramaFigures(n);
    addPeople(figures, buildings, Int32Array.from([0, 0, 1, 2]));
    const r = figures.column('people.residents');
    // 40,000 of 60,000 m² of housing is in cell 0: two thirds of the city's residents.
    expect(r[0]).toBe(Math.round((GUANGZHOU_PEOPLE.residents * 2) / 3));
    expect(r[1]).toBe(0);
    for (let c = 0; c < n; c++) {
      expect(figures.get('people.registered', c) + figures.get('people.migrants', c)).toBe(r[c]);
      expect(figures.get('people.age0_14', c) + figures.get('people.age15_59', c) + figures.get('people.age60', c)).toBe(r[c]);
    }
    // A quarter of cell 0's homes are low-rise: a migrant share of 30 % + 45 % × 0.25.
    expect(figures.get('people.migrants', 0) / r[0]!).toBeCloseTo(0.3 + 0.45 * 0.25, 4);
    // The office cell has no residents but holds the city's jobs by day.
    expect(figures.get('people.daytime', 1)).toBe(Math.round((1 - GUANGZHOU_PEOPLE.homeByDay) * GUANGZHOU_PEOPLE.residents));
  });
});
