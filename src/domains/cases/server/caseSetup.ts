/**
 * What the case loop's part of the operations service runs on, read at start: the working
 * calendar, the rules that make alarms and violations cases, the dispatch table with the city's departments (the signs' catalogue's bureaus and
 * the districts' governments), the management grid (a report's cell and district) and the folder
 * the photos are kept in, owner only. Each file is the default city's unless the environment
 * names another (CASE_CALENDAR, CASE_DISPATCH, CASE_RULES, SIGN_CATALOGUE, DISTRICTS, GRID, CASE_PHOTOS).
 * CASE_HISTORY cases of generated closed history are loaded on a first start: `npm start` asks for
 * 120,000 (the embedded default's 30 days); anything else, a production service above all, none.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeGrid, type PackedGrid } from '../../../analysis/gridFormat.ts';
import { GridIndex } from '../../../analysis/gridIndex.ts';
import { DEFAULT_DISTRICTS, GENERATED } from '../../../../server/data/cityFiles.ts';
import { DispatchTable, dispatchSchema } from '../dispatchTable.ts';
import { calendarSchema, WorkingCalendar } from '../workingCalendar.ts';
import { caseRulesSchema, type CaseRules } from './caseRules.ts';

const CITY = join(GENERATED, '..');
const ROOT = join(CITY, '../../..');

export interface CaseSetup {
  calendar: WorkingCalendar;
  table: DispatchTable;
  grid: { packed: PackedGrid; index: GridIndex };
  /** Where the photos are kept (created owner-only). */
  photosDir: string;
  /** Which standing alarms and violations become cases (./caseRules.ts). */
  rules: CaseRules;
  /** Cases of closed history to load on a first start (./history.ts), or none. */
  history?: number;
}

export interface CaseFiles {
  calendar?: string;
  dispatch?: string;
  rules?: string;
  catalogue?: string;
  districts?: string;
  grid?: string;
  photos?: string;
  history?: number;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

export function loadCaseSetup(o: CaseFiles = {}): CaseSetup {
  const calendar = new WorkingCalendar(calendarSchema.parse(readJson(o.calendar ?? join(CITY, 'calendar.json'))));
  const catalogue = readJson(o.catalogue ?? join(GENERATED, 'signs.json')) as { departments: { id: string; name: { zh: string; en: string } }[] };
  const districts = (readJson(o.districts ?? DEFAULT_DISTRICTS) as { features: { properties: { adcode: string; nameZh: string; nameEn: string } }[] }).features.map((f) => f.properties);
  const table = new DispatchTable(dispatchSchema.parse(readJson(o.dispatch ?? join(CITY, 'case-dispatch.json'))), catalogue.departments, districts);
  const packed = decodeGrid(new Uint8Array(readFileSync(o.grid ?? join(GENERATED, 'grid.bin'))));
  const photosDir = o.photos ?? join(ROOT, 'var', 'case-photos');
  mkdirSync(photosDir, { recursive: true, mode: 0o700 });
  const rules = caseRulesSchema.parse(readJson(o.rules ?? join(CITY, 'case-rules.json')));
  for (const r of [...rules.alarms, ...rules.violations]) if (!table.has(r.department)) throw new Error(`the case rules name ${r.department}, which is no department of the city`);
  return { calendar, table, rules, grid: { packed, index: new GridIndex(packed) }, photosDir, history: o.history };
}

/** The files as the environment names them (an empty CASE_DISPATCH: no case loop). */
export const caseFilesFromEnv = (env: NodeJS.ProcessEnv): CaseFiles | undefined =>
  env.CASE_DISPATCH === '' ? undefined : { calendar: env.CASE_CALENDAR, dispatch: env.CASE_DISPATCH, rules: env.CASE_RULES, catalogue: env.SIGN_CATALOGUE || undefined, districts: env.DISTRICTS, grid: env.GRID, photos: env.CASE_PHOTOS, history: Number(env.CASE_HISTORY ?? 0) || 0 };
