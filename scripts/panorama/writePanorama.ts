/**
 * Writes panorama records as cells.bin and one chunk file per record set (see
 * src/domains/panorama/panoramaFormat.ts). Each record is assigned its grid cell by the analysis
 * engine (GridIndex); records outside the grid are counted and left out. The generator and the
 * importer both write through here, so generated and imported panoramas are the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BuildingRows } from '../../src/analysis/buildingsFormat.ts';
import type { GridIndex } from '../../src/analysis/gridIndex.ts';
import { PanoramaFigures, PANORAMA_COLUMNS, PEOPLE_COLUMNS } from '../../src/domains/panorama/cellFigures.ts';
import { encodePanoramaCells, type PanoramaHeader } from '../../src/domains/panorama/panoramaFormat.ts';
import { addPeople, type PeopleModel } from '../../src/domains/panorama/people.ts';
import { RECORD_SETS, ROW_SCHEMAS, recordLonLat, type RecordOf, type RecordSet, type RowOf } from '../../src/domains/panorama/records.ts';

export type RecordRows = { [S in RecordSet]: RowOf<S>[] };

export interface WriteReport {
  records: Record<RecordSet, number>;
  outside: Record<RecordSet, number>;
  bytes: Record<RecordSet | 'cells', number>;
}

/** People from the buildings (the generated default), or as given per cell (an import). */
export type PeopleSource = { buildings: BuildingRows; model?: PeopleModel } | { byCell: ReadonlyMap<number, readonly number[]> };

export function writePanorama(outDir: string, index: GridIndex, people: PeopleSource, rows: RecordRows, meta: { asOfMs: number; source: string }): WriteReport {
  mkdirSync(outDir, { recursive: true });
  const n = index.cellCount;
  const figures = new PanoramaFigures(n, PANORAMA_COLUMNS);
  if ('buildings' in people) addPeople(figures, people.buildings, index.cellsAt(people.buildings.lonLat), people.model);
  else for (const [cell, values] of people.byCell) PEOPLE_COLUMNS.forEach((c, i) => (figures.column(c)[cell] = values[i]!));
  const offsets = {} as Record<RecordSet, Float64Array>;
  const report: WriteReport = { records: {} as WriteReport['records'], outside: {} as WriteReport['outside'], bytes: {} as WriteReport['bytes'] };
  for (const set of RECORD_SETS) {
    const byCell: unknown[][] = Array.from({ length: n }, () => []);
    let outside = 0;
    for (const row of rows[set]) {
      // Rows come from our own generator or a checked import; parsing again keeps one definition of a record.
      const record = ROW_SCHEMAS[set].parse(row) as RecordOf[RecordSet];
      const [lon, lat] = recordLonLat(set, record);
      const cell = index.cellAt(lon, lat);
      if (cell < 0) {
        outside++;
        continue;
      }
      byCell[cell]!.push(row);
      figures.addRecord(set, cell, record);
    }
    const parts: Uint8Array[] = [];
    const off = new Float64Array(n + 1);
    let at = 0;
    for (let c = 0; c < n; c++) {
      off[c] = at;
      if (byCell[c]!.length === 0) continue;
      const chunk = gzipSync(JSON.stringify(byCell[c]), { level: 6 });
      parts.push(chunk);
      at += chunk.length;
    }
    off[n] = at;
    offsets[set] = off;
    writeFileSync(join(outDir, `${set}.chunks`), Buffer.concat(parts));
    report.records[set] = rows[set].length - outside;
    report.outside[set] = outside;
    report.bytes[set] = at;
  }
  const header: PanoramaHeader = {
    version: 1,
    cellCount: n,
    asOfMs: meta.asOfMs,
    columns: [...PANORAMA_COLUMNS],
    sets: Object.fromEntries(RECORD_SETS.map((s) => [s, { file: `${s}.chunks`, records: report.records[s] }])) as PanoramaHeader['sets'],
    source: meta.source,
  };
  const cells = encodePanoramaCells({ header, figures, offsets });
  writeFileSync(join(outDir, 'cells.bin'), cells);
  writeFileSync(join(outDir, 'cells.bin.gz'), gzipSync(cells, { level: 9 }));
  report.bytes.cells = cells.length;
  return report;
}
