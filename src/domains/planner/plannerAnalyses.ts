import type { DrawnGeometry } from './planner.ts';
import type { PlanChanges, PlannerJob } from './plannerJobs.ts';
import { footprintOf } from './proposed.ts';
import { analysis } from '../../analysis/worker/analysisClient.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { type AnalysisAsk } from './proposalsSlice.ts';
import { latestWins } from '../../controllers/latestWins.ts';

/** Grid of the viewshed, metres a cell: fine enough for a street, coarse enough for a 1 km range in a second. */
const VIEWSHED_CELL_M = 5;
const SKYLINE_STEP_DEG = 0.5;

/** The standard day's year: the coming 冬至, or the coming 大寒 (in January). */
export function standardYear(day: 'dahan' | 'dongzhi'): number {
  const now = new Date();
  return day === 'dahan' && now.getUTCMonth() > 0 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
}

const geometryOf = (s: AppState, id: string): DrawnGeometry | null => s.planner.shapes.find((x) => x.id === id)?.geometry ?? null;

/** The engine's job for the planner's ask, or a reason it cannot run (a shape missing or of the wrong kind). */
export function jobFor(s: AppState, ask: AnalysisAsk): PlannerJob | NonNullable<AppState['proposals']['problem']> {
  const rule = s.proposals.rule;
  const day = rule === 'gz-dahan-3h' ? 'dahan' : 'dongzhi';
  switch (ask.kind) {
    case 'sunPoint': {
      const g = geometryOf(s, ask.shape);
      if (g?.type !== 'Point') return 'needPoint';
      return { kind: 'sunPoint', lon: g.coordinates[0]!, lat: g.coordinates[1]!, heightM: ask.heightM, rule, year: standardYear(day), state: 'proposed' };
    }
    case 'sunBuilding':
      return { kind: 'sunBuilding', buildingId: ask.buildingId, rule, year: standardYear(day), state: 'proposed' };
    case 'sunImpact':
      if (s.proposals.proposed.length === 0 && s.proposals.demolished.length === 0) return 'needProposal';
      return { kind: 'sunImpact', rule, year: standardYear(day) };
    case 'lineOfSight': {
      const g = geometryOf(s, ask.shape);
      if (g?.type !== 'LineString') return 'needLine';
      const a = g.coordinates[0]!;
      const b = g.coordinates.at(-1)!;
      return { kind: 'lineOfSight', from: { lon: a[0]!, lat: a[1]!, height: ask.fromM }, to: { lon: b[0]!, lat: b[1]!, height: ask.toM } };
    }
    case 'viewshed': {
      const g = geometryOf(s, ask.shape);
      if (g?.type !== 'Point') return 'needPoint';
      const t = ask.target ? geometryOf(s, ask.target) : null;
      const target = t?.type === 'Polygon' ? t.coordinates[0]!.slice(0, -1).map((p) => [p[0]!, p[1]!] as [number, number]) : null;
      return { kind: 'viewshed', eye: { lon: g.coordinates[0]!, lat: g.coordinates[1]!, height: ask.heightM }, heading: ask.heading, fov: ask.fov, rangeM: ask.rangeM, cellM: VIEWSHED_CELL_M, target };
    }
    case 'skyline': {
      const g = geometryOf(s, ask.shape);
      if (g?.type !== 'Point') return 'needPoint';
      return { kind: 'skyline', eye: { lon: g.coordinates[0]!, lat: g.coordinates[1]!, height: ask.heightM }, rangeM: ask.rangeM, stepDeg: SKYLINE_STEP_DEG };
    }
  }
}

export const planChanges = (s: AppState): PlanChanges => ({ proposed: s.proposals.proposed.map(footprintOf), demolished: s.proposals.demolished });

/**
 * Runs the planner's analysis in the worker whenever what it reads changes: the ask, the shapes,
 * the proposals, the demolition set or the sunlight standard (latest wins).
 */
export function startPlannerAnalyses(): () => void {
  const run = latestWins(
    async () => {
      const s = useAppStore.getState();
      const ask = s.proposals.ask;
      if (!ask) return s.setProposals({ answer: null, answered: null, busy: false, problem: null });
      const job = jobFor(s, ask);
      if (typeof job === 'string') return s.setProposals({ answer: null, answered: ask, busy: false, problem: job });
      s.setProposals({ busy: true, problem: null });
      const answer = await analysis().request({ type: 'planner', job, changes: planChanges(s) });
      useAppStore.getState().setProposals({ answer, answered: ask, busy: false });
    },
    (e) => {
      const store = useAppStore.getState();
      store.setProposals({ busy: false, answer: null });
      store.notify(e instanceof Error ? e.message : String(e));
    },
  );
  return useAppStore.subscribe((s, prev) => {
    const p = s.proposals;
    const q = prev.proposals;
    if (!p.ask && !q.ask) return;
    if (p.ask !== q.ask || p.proposed !== q.proposed || p.demolished !== q.demolished || p.rule !== q.rule || s.planner.shapes !== prev.planner.shapes || (s.gridStats !== prev.gridStats && p.ask)) run();
  });
}
