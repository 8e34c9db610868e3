import { crowdArea } from './crowdLive.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { planPerimeter } from './crowdSlice.ts';
import { latestWins } from '../../controllers/latestWins.ts';

/** The perimeter's outer ring, if the plan's perimeter is a drawn area that still exists. */
function perimeterRing(s: AppState): [number, number][] | null {
  const id = planPerimeter(s);
  const shape = s.planner.shapes.find((x) => x.id === id);
  return shape?.geometry.type === 'Polygon' ? shape.geometry.coordinates[0]!.map((p) => [p[0]!, p[1]!] as [number, number]) : null;
}

/**
 * The event plan: whenever its perimeter is chosen, redrawn or deleted, asks the live worker how
 * the perimeter covers the hexagons; the people inside then follow each minute in the store.
 */
export function startCrowdPlan(): () => void {
  let asked = '';
  const run = latestWins(
    async () => {
      const s = useAppStore.getState();
      const ring = perimeterRing(s);
      const key = ring && s.crowdReady ? JSON.stringify(ring) : '';
      if (key === asked) return;
      asked = key;
      if (!ring || !s.crowdReady) {
        s.setCrowdPlan({ weights: null });
        return;
      }
      const weights = await crowdArea(ring);
      if (asked === key) useAppStore.getState().setCrowdPlan({ weights });
    },
    (e) => useAppStore.getState().notify(`event plan: ${e instanceof Error ? e.message : String(e)}`),
  );
  return useAppStore.subscribe((s, prev) => {
    if (s.crowdPlan.perimeter !== prev.crowdPlan.perimeter || s.planner.shapes !== prev.planner.shapes || s.crowdReady !== prev.crowdReady) run();
  });
}
