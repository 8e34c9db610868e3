/**
 * Who the case loop driver (./caseLoopDriver.ts) acts as, and where its cases come from, for a
 * set of districts: a hotline and a dispatcher login, a handler login for every department the
 * dispatch table sends those districts' cases to, and one grid inspector whose beat is a few
 * neighbouring cells in each district; the places are points inside those cells, so that every
 * case the bots report has an inspector to verify it. Each login costs a deliberate KDF's time
 * to create and, after each start of the service, to check once: hence few of them.
 */
import { loadCaseSetup } from '../../src/domains/cases/server/caseSetup.ts';
import { cellId } from '../../src/analysis/gridFormat.ts';
import { districtGovernment } from '../../src/domains/cases/dispatchTable.ts';
import { CASE_TYPES } from '../../src/domains/panorama/classes.ts';
import type { CaseSetup } from '../../src/domains/cases/server/caseSetup.ts';
import { mulberry32 } from '../city/random.ts';
import type { CaseLogin } from './caseLogins.ts';
import type { CaseLoopLogins, Cred, DriverPlace } from './caseLoopDriver.ts';

export interface CaseBotOptions {
  seed: number;
  /** The districts' adcodes (default: every district of the grid). */
  districts?: readonly string[];
  /** Cells of the inspector's beat in each district, and points per cell (default 6 and 4). */
  cellsPerDistrict?: number;
  placesPerCell?: number;
}

const HOTLINE = 'bot-hotline';
const DISPATCHER = 'bot-dispatch';
const INSPECTOR = 'bot-inspector';

/** The bots' logins (to create with passwords) and the places their cases are reported at. */
export function caseBotPlan(setup: Pick<CaseSetup, 'grid' | 'table'>, o: CaseBotOptions): { logins: CaseLogin[]; places: DriverPlace[] } {
  const { packed, index } = setup.grid;
  const rnd = mulberry32(o.seed ^ 0xb07);
  const districts = o.districts ?? packed.districts;
  const centre = (c: number): [number, number] => [(index.bboxes[4 * c]! + index.bboxes[4 * c + 2]!) / 2, (index.bboxes[4 * c + 1]! + index.bboxes[4 * c + 3]!) / 2];
  const beat: number[] = [];
  for (const d of districts) {
    const k = packed.districts.indexOf(d);
    if (k < 0) throw new Error(`${d} is no district of the grid`);
    const cells = Array.from({ length: index.cellCount }, (_, c) => c).filter((c) => packed.district[c] === k);
    const [lon, lat] = centre(cells[Math.floor(rnd() * cells.length)]!);
    const near = (c: number): number => Math.hypot(centre(c)[0] - lon, centre(c)[1] - lat);
    beat.push(...cells.toSorted((a, b) => near(a) - near(b)).slice(0, o.cellsPerDistrict ?? 6));
  }
  const places = beat.flatMap((c) => pointsIn(setup.grid, c, o.placesPerCell ?? 4, rnd).map(([lon, lat]) => ({ lon, lat, cell: cellId(packed, c) })));
  const departments = [...new Set(districts.flatMap((d) => CASE_TYPES.map((t) => setup.table.suggest(t.code, d) ?? districtGovernment(d))))].toSorted();
  const logins: CaseLogin[] = [
    { name: HOTLINE, role: 'hotline' },
    { name: DISPATCHER, role: 'dispatcher' },
    ...departments.map((department) => ({ name: `bot-${department}`, role: 'handler' as const, department })),
    { name: INSPECTOR, role: 'inspector', cells: beat.map((c) => cellId(packed, c)) },
  ];
  return { logins, places };
}

/** The driver's logins from the plan's, with each one's password. */
export function driverLogins(logins: readonly CaseLogin[], passwordOf: (name: string) => string): CaseLoopLogins {
  const cred = (name: string): Cred => ({ name, password: passwordOf(name) });
  return {
    hotline: cred(logins.find((l) => l.role === 'hotline')!.name),
    dispatcher: cred(logins.find((l) => l.role === 'dispatcher')!.name),
    handlers: Object.fromEntries(logins.filter((l) => l.role === 'handler').map((l) => [l.department!, cred(l.name)])),
    inspectors: logins.filter((l) => l.role === 'inspector').map((l) => ({ cred: cred(l.name), cells: l.cells ?? [] })),
  };
}

/** Up to `n` points inside a cell, drawn in its box and kept when the grid puts them in it. */
function pointsIn(grid: CaseSetup['grid'], c: number, n: number, rnd: () => number): [number, number][] {
  const [w, s, e, north] = grid.index.bboxes.subarray(4 * c, 4 * c + 4);
  const out: [number, number][] = [];
  for (let tries = 0; out.length < n && tries < 20 * n; tries++) {
    const lon = Math.round((w! + (e! - w!) * rnd()) * 1e6) / 1e6;
    const lat = Math.round((s! + (north! - s!) * rnd()) * 1e6) / 1e6;
    if (grid.index.cellAt(lon, lat) === c) out.push([lon, lat]);
  }
  return out;
}

/** The bots `npm start` runs: every district; the same plan where the logins are made and where the driver runs. */
export const stackBotPlan = (photosDir: string): ReturnType<typeof caseBotPlan> => caseBotPlan(loadCaseSetup({ photos: photosDir }), { seed: 1 });
