import { formatHash, parseHash, type HashState } from '../state/urlHash.ts';
import { useAppStore, visibleLayerIds } from '../state/store.ts';

function onHashChange(): void {
  const { state, problems } = parseHash(window.location.hash);
  const store = useAppStore.getState();
  for (const p of problems) store.notify(p);
  if (state.mode) store.setMode(state.mode);
  if (state.whatIfLevelM !== undefined) store.setFlood({ source: 'whatif', whatIfLevelM: state.whatIfLevelM });
  if (state.visibleLayers) store.setLayerVisibility(state.visibleLayers);
  applySharedState(state);
  if (state.camera) store.commandCamera({ kind: 'view', view: state.camera });
  if (state.theme && state.theme !== store.theme) store.setTheme(state.theme);
}

/** The planner's shapes and the selection from a shared link. */
export function applySharedState(state: HashState): void {
  const store = useAppStore.getState();
  if (state.shapes) store.setPlanner({ shapes: state.shapes.map((geometry, i) => ({ id: `S${i + 1}`, geometry })), active: state.shapes.length > 0 ? `S${state.shapes.length}` : null });
  if (state.selection) store.select(state.selection);
  if (state.look) store.setLook(state.look);
  if (state.proposed || state.demolished) store.setProposals({ proposed: state.proposed ?? [], demolished: state.demolished ?? [] });
}

/**
 * Keeps the URL hash in step with the store, both ways. Writing uses replaceState so that a
 * moving camera does not flood the history; a pasted or edited hash is applied on `hashchange`.
 */
export function startHashSync(): () => void {
  const unsubscribe = useAppStore.subscribe((state, prev) => {
    if (
      state.camera === prev.camera &&
      state.layerVisible === prev.layerVisible &&
      state.mode === prev.mode &&
      state.flood.source === prev.flood.source &&
      state.flood.whatIfLevelM === prev.flood.whatIfLevelM &&
      state.planner.shapes === prev.planner.shapes &&
      state.selection === prev.selection &&
      state.theme === prev.theme &&
      state.proposals.proposed === prev.proposals.proposed &&
      state.proposals.demolished === prev.proposals.demolished &&
      state.look === prev.look
    ) {
      return;
    }
    const whatIfLevelM = state.mode === 'flood' && state.flood.source === 'whatif' ? state.flood.whatIfLevelM : undefined;
    const selection = state.selection ? { layerId: state.selection.layerId, featureId: state.selection.featureId } : undefined;
    const hash = formatHash({ camera: state.camera ?? undefined, visibleLayers: visibleLayerIds(state), mode: state.mode, whatIfLevelM, shapes: state.planner.shapes.map((s) => s.geometry), selection, theme: state.theme ?? undefined, proposed: state.proposals.proposed, demolished: state.proposals.demolished, look: state.look });
    if (hash !== window.location.hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
  });
  window.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', onHashChange);
  };
}
