/**
 * `npm run import:panorama -- --set <set> --file <csv|geojson> [--crs wgs84|gcj02] [--dir …]`:
 * replaces one panorama of a city with real records (see importRecords.ts for the columns), and
 * rewrites cells.bin so that every cell's figures follow. The other sets, and the people unless
 * `--set people`, are kept as they were. Ends with the report of refusals by reason.
 *
 *   npm run import:panorama -- --set enterprises --file firms.csv --crs gcj02
 *   npm run import:panorama -- --set parcels --file parcels.geojson
 *   npm run import:panorama -- --set people --file people.csv
 *
 * Defaults: --dir tiles/guangzhou/panorama, --grid public/cities/guangzhou/generated/grid.bin, --crs wgs84.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { cellId, decodeGrid } from '../../src/analysis/gridFormat.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { PEOPLE_COLUMNS } from '../../src/domains/panorama/cellFigures.ts';
import { decodePanoramaCells } from '../../src/domains/panorama/panoramaFormat.ts';
import { RECORD_SETS, type RecordSet } from '../../src/domains/panorama/records.ts';
import { importPeople, importRecords, type ImportReport } from './importRecords.ts';
import { writePanorama, type RecordRows } from './writePanorama.ts';

const root = join(fileURLToPath(import.meta.url), '../../..');

/** Every set's rows as the folder holds them now. */
function currentRows(dir: string): { rows: RecordRows; people: Map<number, number[]>; asOfMs: number; source: string } {
  const cells = decodePanoramaCells(new Uint8Array(readFileSync(join(dir, 'cells.bin'))));
  const rows = {} as RecordRows;
  for (const set of RECORD_SETS) {
    const file = readFileSync(join(dir, cells.header.sets[set].file));
    const off = cells.offsets[set];
    const out: unknown[] = [];
    for (let c = 0; c < cells.header.cellCount; c++) if (off[c + 1]! > off[c]!) out.push(...(JSON.parse(gunzipSync(file.subarray(off[c]!, off[c + 1]!)).toString('utf8')) as unknown[]));
    (rows as Record<RecordSet, unknown[]>)[set] = out;
  }
  const people = new Map<number, number[]>();
  for (let c = 0; c < cells.header.cellCount; c++) people.set(c, PEOPLE_COLUMNS.map((name) => cells.figures.get(name, c)));
  return { rows, people, asOfMs: cells.header.asOfMs, source: cells.header.source };
}

export function printReport(what: string, report: ImportReport): void {
  const refused = Object.entries(report.rejected);
  console.log(`${what}: ${report.accepted.toLocaleString('en')} accepted, ${refused.reduce((a, [, n]) => a + n, 0).toLocaleString('en')} refused${refused.length ? ` (${refused.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`);
  for (const e of report.examples) console.log(`  ${e}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { set: { type: 'string' }, file: { type: 'string' }, crs: { type: 'string', default: 'wgs84' }, dir: { type: 'string' }, grid: { type: 'string' } } });
  const set = values.set;
  if (!set || !values.file || !(set === 'people' || (RECORD_SETS as readonly string[]).includes(set))) throw new Error(`usage: --set <people|${RECORD_SETS.join('|')}> --file <file> [--crs wgs84|gcj02]`);
  if (values.crs !== 'wgs84' && values.crs !== 'gcj02') throw new Error(`--crs must be wgs84 or gcj02, not ${values.crs}`);
  const dir = resolve(values.dir ?? join(root, 'tiles/guangzhou/panorama'));
  const grid = decodeGrid(new Uint8Array(readFileSync(resolve(values.grid ?? join(root, 'public/cities/guangzhou/generated/grid.bin')))));
  const index = new GridIndex(grid);
  const text = readFileSync(resolve(values.file), 'utf8');
  const current = currentRows(dir);
  const crsNote = values.crs === 'gcj02' ? ', GCJ-02 converted to WGS84 with gcoord' : '';
  let report: ImportReport;
  let people = current.people;
  if (set === 'people') {
    const ids = Array.from({ length: index.cellCount }, (_, c) => cellId(grid, c));
    const imported = importPeople(text, ids);
    report = imported.report;
    people = new Map([...people.keys()].map((c) => [c, imported.byCell.get(c) ?? PEOPLE_COLUMNS.map(() => 0)]));
  } else {
    const format = /\.(geo)?json$/i.test(values.file) ? 'geojson' : 'csv';
    const imported = importRecords(set as RecordSet, text, { format, crs: values.crs, index });
    report = imported.report;
    (current.rows as Record<RecordSet, unknown[]>)[set as RecordSet] = imported.rows;
  }
  printReport(`import ${set} from ${values.file}${crsNote}`, report);
  if (report.accepted === 0) throw new Error(`nothing accepted from ${values.file}: the panoramas are left as they were`);
  const written = writePanorama(dir, index, { byCell: people }, current.rows, { asOfMs: set === 'cases' ? Date.now() : current.asOfMs, source: `${current.source}; ${set} imported from ${values.file}${crsNote}` });
  console.log(`panorama: rewritten in ${dir}: ${Object.entries(written.records).map(([s, n]) => `${n.toLocaleString('en')} ${s}`).join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
