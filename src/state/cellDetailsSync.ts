import { analysis } from '../workers/analysisClient.ts';
import { useAppStore } from './store.ts';

/**
 * When a grid cell is selected, asks the analysis worker for its statistics and contents and
 * puts the answer in the store; a late answer for a cell no longer selected is dropped.
 */
export function startCellDetailsSync(): () => void {
  return useAppStore.subscribe((state, prev) => {
    const sel = state.selection;
    if (sel === prev.selection || !sel) return;
    const load = state.layerLoad[sel.layerId];
    if (load?.state !== 'ready' || load.data.kind !== 'grid') return;
    const cell = load.data.cellIds.indexOf(sel.featureId);
    if (cell < 0) return;
    void analysis()
      .request({ type: 'cellDetails', cell, limit: 20 })
      .then((details) => {
        if (useAppStore.getState().selection === sel) useAppStore.getState().setCellDetails(details);
      })
      .catch((e: unknown) => useAppStore.getState().notify(`grid: ${e instanceof Error ? e.message : String(e)}`));
  });
}
