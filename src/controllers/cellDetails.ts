import { analysis } from '../analysis/worker/analysisClient.ts';
import { useAppStore } from '../state/store.ts';
import { latestWins } from './latestWins.ts';

/** The grid cell a selection names, or null when it is no grid cell. */
function cellOf(state: ReturnType<typeof useAppStore.getState>): number | null {
  const sel = state.selection;
  const load = sel ? state.layerLoad[sel.layerId] : undefined;
  if (!sel || load?.state !== 'ready' || load.data.kind !== 'grid') return null;
  const cell = load.data.cellIds.indexOf(sel.featureId);
  return cell < 0 ? null : cell;
}

/**
 * When a grid cell is selected, asks the analysis worker for its statistics and contents and
 * puts the answer in the store (latest wins); an answer for a cell no longer selected is dropped.
 * The selected cell is also the one whose panoramas open, until the selection is cleared.
 */
export function startCellDetailsSync(): () => void {
  const fetchDetails = latestWins(
    async () => {
      const state = useAppStore.getState();
      const sel = state.selection;
      const cell = cellOf(state);
      if (cell === null) return;
      const details = await analysis().request({ type: 'cellDetails', cell, limit: 20 });
      if (useAppStore.getState().selection === sel) useAppStore.getState().setCellDetails(details);
    },
    (e) => useAppStore.getState().notify(`grid: ${e instanceof Error ? e.message : String(e)}`),
  );
  return useAppStore.subscribe((state, prev) => {
    if (state.selection !== prev.selection && state.selection) fetchDetails();
    if (state.selection !== prev.selection || state.layerLoad !== prev.layerLoad) {
      // A record picked on the map keeps its cell's panoramas open; clearing the selection closes them.
      const cell = state.selection === null ? null : (cellOf(state) ?? state.panoramaCell);
      if (cell !== state.panoramaCell) state.setPanoramaCell(cell);
    }
  });
}
