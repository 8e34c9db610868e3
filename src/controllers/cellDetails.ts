import { analysis } from '../analysis/worker/analysisClient.ts';
import { useAppStore } from '../state/store.ts';
import { latestWins } from './latestWins.ts';

/**
 * When a grid cell is selected, asks the analysis worker for its statistics and contents and
 * puts the answer in the store (latest wins); an answer for a cell no longer selected is dropped.
 */
export function startCellDetailsSync(): () => void {
  const fetchDetails = latestWins(
    async () => {
      const sel = useAppStore.getState().selection;
      const load = sel ? useAppStore.getState().layerLoad[sel.layerId] : undefined;
      if (!sel || load?.state !== 'ready' || load.data.kind !== 'grid') return;
      const cell = load.data.cellIds.indexOf(sel.featureId);
      if (cell < 0) return;
      const details = await analysis().request({ type: 'cellDetails', cell, limit: 20 });
      if (useAppStore.getState().selection === sel) useAppStore.getState().setCellDetails(details);
    },
    (e) => useAppStore.getState().notify(`grid: ${e instanceof Error ? e.message : String(e)}`),
  );
  return useAppStore.subscribe((state, prev) => {
    if (state.selection !== prev.selection && state.selection) fetchDetails();
  });
}
