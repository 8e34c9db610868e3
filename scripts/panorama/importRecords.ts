/**
 * Real panorama records from CSV or GeoJSON, in WGS84 or GCJ-02 (converted to WGS84 with gcoord
 * on the way in). Each record is checked, put in its grid cell by the analysis engine, and kept
 * or refused with a reason; nothing is refused silently and no good row is lost to a bad one.
 *
 * Columns (CSV header) or properties (GeoJSON), by set, with lon and lat in CSV only:
 *   enterprises  code, name, industry (GB/T 4754 section A–T), size (large|medium|small|micro),
 *                status (operating|deregistered|abnormal), capital_wan, building (optional)
 *   components   id, type (0101 … 0301, see classes.ts), status (intact|damaged|missing)
 *   services     id, type (hall|community|police|clinic|school), name
 *   cases        id, source (hotline|inspector), type, status (open|closed), opened, closed
 *                (ISO 8601 or ms since the epoch; closed empty while open)
 *   parcels      GeoJSON Polygons only: id, use (GB 50137: R A B M W S U G), plot_ratio, coverage
 *   people       CSV by grid cell: cell (its id, e.g. 440106-1645), residents, registered, migrants,
 *                age0_14, age15_59, age60, households, daytime
 */
import { area as turfArea, polygon } from '@turf/turf';
import { parse } from 'csv-parse/sync';
import gcoord from 'gcoord';
import type { GridIndex } from '../../src/analysis/gridIndex.ts';
import { creditCodeProblem } from '../../src/domains/panorama/creditCode.ts';
import { PEOPLE_COLUMNS } from '../../src/domains/panorama/cellFigures.ts';
import { ROW_SCHEMAS, type RecordSet, type RowOf } from '../../src/domains/panorama/records.ts';
import { tally } from '../../src/sources/tally.ts';

export const IMPORT_REJECTS = ['bad-file', 'bad-row', 'bad-coordinates', 'outside-city', 'bad-credit-code', 'unknown-class', 'duplicate', 'unknown-cell', 'inconsistent'] as const;
export type ImportReject = (typeof IMPORT_REJECTS)[number];

export interface ImportReport {
  accepted: number;
  rejected: Partial<Record<ImportReject, number>>;
  /** The first few refusals of each reason, with where they were ("line 7: …", "feature 3: …"). */
  examples: string[];
}

export type Crs = 'wgs84' | 'gcj02';

class Refusal extends Error {
  constructor(
    readonly reason: ImportReject,
    message: string,
  ) {
    super(message);
  }
}

const EXAMPLES_PER_REASON = 3;

function reporter(): { report: ImportReport; refuse: (where: string, r: Refusal) => void } {
  const report: ImportReport = { accepted: 0, rejected: {}, examples: [] };
  return {
    report,
    refuse: (where, r) => {
      const n = tally(report.rejected, r.reason);
      if (n <= EXAMPLES_PER_REASON) report.examples.push(`${where}: ${r.reason}: ${r.message}`);
    },
  };
}

/** Records of a file as (where, fields, geometry) whatever its format; a file that is neither throws. */
function entries(text: string, format: 'csv' | 'geojson', refuse: (where: string, r: Refusal) => void): { where: string; fields: Record<string, unknown>; geometry: unknown }[] {
  if (format === 'csv') {
    const rows = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (err) => {
        refuse(`line ${err?.lines ?? '?'}`, new Refusal('bad-row', err?.message ?? 'unreadable CSV row'));
        return undefined;
      },
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return rows.map(({ record, info }) => ({ where: `line ${info.lines}`, fields: record, geometry: null }));
  }
  let doc: { type?: unknown; features?: unknown };
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Refusal('bad-file', `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features)) throw new Refusal('bad-file', 'not a GeoJSON FeatureCollection');
  return doc.features.map((f: { properties?: Record<string, unknown>; geometry?: unknown }, i: number) => ({ where: `feature ${i + 1}`, fields: f?.properties ?? {}, geometry: f?.geometry ?? null }));
}

function coordinate(v: unknown, lo: number, hi: number, what: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n) || n < lo || n > hi) throw new Refusal('bad-coordinates', `${what} ${String(v)} is not a number from ${lo} to ${hi}`);
  return n;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

function toWgs84([lon, lat]: [number, number], crs: Crs): [number, number] {
  if (crs === 'wgs84') return [round6(lon), round6(lat)];
  const [x, y] = gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return [round6(x), round6(y)];
}

/** The point of a record: CSV lon/lat columns, or a GeoJSON Point. */
function pointOf(fields: Record<string, unknown>, geometry: unknown, crs: Crs): [number, number] {
  const g = geometry as { type?: string; coordinates?: unknown[] } | null;
  if (g) {
    if (g.type !== 'Point' || !Array.isArray(g.coordinates)) throw new Refusal('bad-coordinates', `geometry is ${g.type ?? 'missing'}, not a Point`);
    return toWgs84([coordinate(g.coordinates[0], -180, 180, 'longitude'), coordinate(g.coordinates[1], -90, 90, 'latitude')], crs);
  }
  return toWgs84([coordinate(fields.lon, -180, 180, 'lon'), coordinate(fields.lat, -90, 90, 'lat')], crs);
}

function ringOf(geometry: unknown, crs: Crs): number[] {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (g?.type !== 'Polygon' || !Array.isArray(g.coordinates) || !Array.isArray(g.coordinates[0])) throw new Refusal('bad-coordinates', `a parcel needs a Polygon, not ${g?.type ?? 'no geometry'}`);
  const outer = (g.coordinates[0] as unknown[][]).map((p) => toWgs84([coordinate(p?.[0], -180, 180, 'longitude'), coordinate(p?.[1], -90, 90, 'latitude')], crs));
  if (outer.length < 4) throw new Refusal('bad-coordinates', 'a ring needs at least 4 positions');
  const [first, last] = [outer[0]!, outer[outer.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) outer.push(first);
  return outer.flat();
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
const num = (v: unknown): number => (typeof v === 'number' ? v : text(v) === '' ? Number.NaN : Number(text(v)));
function time(v: unknown): number | null {
  const t = text(v);
  if (t === '') return null;
  const ms = /^\d+$/.test(t) ? Number(t) : Date.parse(t);
  if (!Number.isFinite(ms)) throw new Refusal('bad-row', `${t} is not a time`);
  return ms;
}

/** The row tuple a record's fields make, before the schema. */
function rowOf(set: RecordSet, f: Record<string, unknown>, at: [number, number] | null, ring: number[] | null): unknown[] {
  switch (set) {
    case 'enterprises': {
      const code = text(f.code).toUpperCase();
      const problem = creditCodeProblem(code);
      if (problem) throw new Refusal('bad-credit-code', `${code || '(empty)'}: ${problem}`);
      return [code, text(f.name), text(f.industry).toUpperCase(), text(f.size).toLowerCase(), text(f.status).toLowerCase(), num(f.capital_wan), text(f.building), ...at!];
    }
    case 'components':
      return [text(f.id), text(f.type), text(f.status).toLowerCase(), ...at!];
    case 'services':
      return [text(f.id), text(f.type).toLowerCase(), text(f.name), ...at!];
    case 'cases':
      return [text(f.id), text(f.source).toLowerCase(), text(f.type).toLowerCase(), text(f.status).toLowerCase(), time(f.opened), time(f.closed), ...at!];
    case 'parcels': {
      const areaM2 = Math.round(turfArea(polygon([Array.from({ length: ring!.length / 2 }, (_, i) => [ring![2 * i]!, ring![2 * i + 1]!])])));
      return [text(f.id), text(f.use).toUpperCase(), areaM2, num(f.plot_ratio), num(f.coverage), ring];
    }
  }
}

/** The fields each set's classes are checked in: a failure there is an unknown class, not a bad row. */
const CLASS_FIELDS: Record<RecordSet, number[]> = { enterprises: [2, 3, 4], components: [1, 2], services: [1], cases: [1, 2, 3], parcels: [1] };

export function importRecords<S extends RecordSet>(set: S, fileText: string, o: { format: 'csv' | 'geojson'; crs: Crs; index: GridIndex }): { rows: RowOf<S>[]; report: ImportReport } {
  const { report, refuse } = reporter();
  const rows: RowOf<S>[] = [];
  const seen = new Set<string>();
  let list: ReturnType<typeof entries>;
  try {
    if (set === 'parcels' && o.format === 'csv') throw new Refusal('bad-file', 'parcels are polygons: import them as GeoJSON');
    list = entries(fileText, o.format, refuse);
  } catch (e) {
    if (e instanceof Refusal) {
      refuse('file', e);
      return { rows, report };
    }
    throw e;
  }
  for (const { where, fields, geometry } of list) {
    try {
      const ring = set === 'parcels' ? ringOf(geometry, o.crs) : null;
      const at = set === 'parcels' ? null : pointOf(fields, geometry, o.crs);
      const row = rowOf(set, fields, at, ring);
      const parsed = ROW_SCHEMAS[set].safeParse(row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = typeof issue.path[0] === 'number' ? issue.path[0] : -1;
        throw new Refusal(CLASS_FIELDS[set].includes(field) ? 'unknown-class' : 'bad-row', `${issue.path.join('.') || 'row'}: ${issue.message}${CLASS_FIELDS[set].includes(field) ? ` (${String(row[field])})` : ''}`);
      }
      const [lon, lat] = at ?? [ring![0]!, ring![1]!];
      if (o.index.cellAt(lon, lat) < 0) throw new Refusal('outside-city', `${lon}, ${lat} lies in no grid cell`);
      const id = String(row[0]);
      if (seen.has(id)) throw new Refusal('duplicate', `${id} already imported`);
      seen.add(id);
      rows.push(row as RowOf<S>);
      report.accepted++;
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      refuse(where, e);
    }
  }
  return { rows, report };
}

/** People per cell from CSV, by grid cell id: each cell's breakdowns must add up to its residents. */
export function importPeople(fileText: string, cellIds: readonly string[]): { byCell: Map<number, number[]>; report: ImportReport } {
  const { report, refuse } = reporter();
  const byCell = new Map<number, number[]>();
  const cellOf = new Map(cellIds.map((id, c) => [id, c]));
  let list: ReturnType<typeof entries>;
  try {
    list = entries(fileText, 'csv', refuse);
  } catch (e) {
    if (e instanceof Refusal) {
      refuse('file', e);
      return { byCell, report };
    }
    throw e;
  }
  const names = PEOPLE_COLUMNS.map((c) => c.slice('people.'.length));
  for (const { where, fields } of list) {
    try {
      const cell = cellOf.get(text(fields.cell));
      if (cell === undefined) throw new Refusal('unknown-cell', `${text(fields.cell) || '(empty)'} is no cell of this grid`);
      const v = names.map((n) => num(fields[n]));
      const bad = names.find((_, i) => !Number.isInteger(v[i]) || v[i]! < 0);
      if (bad) throw new Refusal('bad-row', `${bad} ${text(fields[bad])} is not a whole number`);
      const [residents, registered, migrants, a0, a15, a60] = v as [number, number, number, number, number, number];
      if (registered + migrants !== residents || a0 + a15 + a60 !== residents) throw new Refusal('inconsistent', `registered + migrants and the age bands must add up to residents (${residents})`);
      if (byCell.has(cell)) throw new Refusal('duplicate', `${text(fields.cell)} already imported`);
      byCell.set(cell, v);
      report.accepted++;
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      refuse(where, e);
    }
  }
  return { byCell, report };
}
