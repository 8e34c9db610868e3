/**
 * The panoramas as the engine computes them in Node, from the very files the browser is served:
 * a cell's figures are summed again from its records in the chunk files, and its people from the
 * buildings, so that a test compares the page with an independent reading, not with cells.bin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBuildings } from '../../src/analysis/buildingsFormat.ts';
import { decodeGrid } from '../../src/analysis/gridFormat.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { PanoramaFigures } from '../../src/domains/panorama/cellFigures.ts';
import { decodeChunk, decodePanoramaCells, type PanoramaCells } from '../../src/domains/panorama/panoramaFormat.ts';
import { addPeople } from '../../src/domains/panorama/people.ts';
import { RECORD_SETS, type RecordOf, type RecordSet } from '../../src/domains/panorama/records.ts';
import { PanoramaReader } from '../../src/domains/panorama/panoramaReader.ts';
import { CityAnalysis } from '../../src/analysis/cityAnalysis.ts';

const root = join(import.meta.dirname, '..', '..');

export interface PanoramaEngine {
  cells: PanoramaCells;
  index: GridIndex;
  records<S extends RecordSet>(set: S, cell: number): Promise<RecordOf[S][]>;
  /** One cell's figures, recomputed from its records and the buildings. */
  figures(cell: number): Promise<Record<string, number>>;
  /** A reader over the files, as the page's worker reads them over HTTP. */
  reader(): PanoramaReader;
  /** The city engine over the same grid and buildings. */
  city: CityAnalysis;
}

export function panoramaEngine(gridPath = join(root, 'public/cities/guangzhou/generated/grid.bin'), tilesDir = join(root, 'tiles/guangzhou')): PanoramaEngine {
  const dir = join(tilesDir, 'panorama');
  const cells = decodePanoramaCells(new Uint8Array(readFileSync(join(dir, 'cells.bin'))));
  const grid = decodeGrid(new Uint8Array(readFileSync(gridPath)));
  const index = new GridIndex(grid);
  const files = new Map(RECORD_SETS.map((s) => [s, readFileSync(join(dir, cells.header.sets[s].file))]));
  const buildings = decodeBuildings(new Uint8Array(readFileSync(join(tilesDir, 'buildings.bin'))));
  const people = new PanoramaFigures(index.cellCount);
  addPeople(people, buildings, index.cellsAt(buildings.lonLat));
  const records = async <S extends RecordSet>(set: S, cell: number): Promise<RecordOf[S][]> => {
    const off = cells.offsets[set];
    const decoded = await decodeChunk(set, new Uint8Array(files.get(set)!.subarray(off[cell]!, off[cell + 1]!)));
    if (decoded.refused > 0) throw new Error(`${set} cell ${cell}: ${decoded.refused} rows refused (${decoded.firstProblem})`);
    return decoded.records;
  };
  return {
    cells,
    index,
    records,
    reader: () => new PanoramaReader(cells, async (file, start, end) => new Uint8Array(readFileSync(join(dir, file)).subarray(start, end))),
    city: new CityAnalysis(grid, buildings),
    figures: async (cell) => {
      const f = new PanoramaFigures(index.cellCount, cells.header.columns);
      for (const name of cells.header.columns) if (name.startsWith('people.')) f.column(name)[cell] = people.get(name, cell);
      for (const set of RECORD_SETS) for (const r of await records(set, cell)) f.addRecord(set, cell, r);
      return f.cell(cell);
    },
  };
}
