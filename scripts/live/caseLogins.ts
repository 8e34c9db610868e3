/**
 * The case loop's demo logins that `npm start` (and every live stack) creates, one per role: a
 * hotline operator, a dispatcher, a handler of the water authority (waterlogging goes there by
 * the dispatch table), a grid inspector of the cells around Tianhe Road and Zhujiang New Town,
 * and a supervisor. Their passwords are kept with the stack's other credentials, never printed.
 */
import { cellId } from '../../src/analysis/gridFormat.ts';
import { loadCaseSetup } from '../../src/domains/cases/server/caseSetup.ts';
import type { Login } from '../../server/ops/users.ts';

/** Where the demo inspector walks (WGS84): Tianhe Road, Zhujiang New Town, Huacheng Square. */
const BEAT: readonly [number, number][] = [
  [113.3245, 23.1375],
  [113.3245, 23.1195],
  [113.3215, 23.119],
  [113.3302, 23.1202],
];

export type CaseLogin = Login & { name: string };

export function demoCaseLogins(photosDir: string): CaseLogin[] {
  const { grid } = loadCaseSetup({ photos: photosDir });
  const cells = [...new Set(BEAT.map(([lon, lat]) => grid.index.cellAt(lon, lat)).filter((c) => c >= 0))].map((c) => cellId(grid.packed, c));
  return [
    { name: 'hotline-demo', role: 'hotline' },
    { name: 'dispatch-demo', role: 'dispatcher' },
    { name: 'water-demo', role: 'handler', department: 'water' },
    { name: 'inspector-demo', role: 'inspector', cells },
    { name: 'supervisor-demo', role: 'supervisor' },
  ];
}
