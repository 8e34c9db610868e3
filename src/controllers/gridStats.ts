import { analysis } from '../analysis/worker/analysisClient.ts';
import { useAppStore } from '../state/store.ts';
import { latestWins } from './latestWins.ts';

/**
 * Asks the analysis worker for the grid's statistics (buildings and floor area per cell) once the
 * grid has loaded: the grid draws first, in the "none" colour, and its choropleth follows.
 */
export function startGridStats(): () => void {
  const asked = new Set<string>();
  const request = latestWins(
    async () => {
      const s = useAppStore.getState();
      const grid = s.city?.layers.find((l) => l.kind === 'grid' && !asked.has(l.id) && s.layerLoad[l.id]?.state === 'ready');
      if (!grid || grid.kind !== 'grid') return;
      asked.add(grid.id);
      const buildingsUrl = grid.buildingsUrl ? new URL(grid.buildingsUrl, s.cityBase).href : null;
      useAppStore.getState().setGridStats(await analysis().request({ type: 'stats', buildingsUrl }));
    },
    (e) => useAppStore.getState().notify(`grid: ${e instanceof Error ? e.message : String(e)}`),
  );
  request();
  return useAppStore.subscribe((s, prev) => {
    if (s.layerLoad !== prev.layerLoad) request();
  });
}
