import { formatHash, parseHash } from './urlHash.ts';
import { useAppStore, visibleLayerIds } from './store.ts';

function onHashChange(): void {
  const { state, problems } = parseHash(window.location.hash);
  const store = useAppStore.getState();
  for (const p of problems) store.notify(p);
  if (state.mode) store.setMode(state.mode);
  if (state.whatIfLevelM !== undefined) store.setFlood({ source: 'whatif', whatIfLevelM: state.whatIfLevelM });
  if (state.visibleLayers) store.setLayerVisibility(state.visibleLayers);
  if (state.camera) store.commandCamera({ kind: 'view', view: state.camera });
}

/**
 * Keeps the URL hash in step with the store, both ways. Writing uses replaceState so that a
 * moving camera does not flood the history; a pasted or edited hash is applied on `hashchange`.
 */
export function startHashSync(): () => void {
  const unsubscribe = useAppStore.subscribe((state, prev) => {
    if (state.camera === prev.camera && state.layerVisible === prev.layerVisible && state.mode === prev.mode && state.flood.source === prev.flood.source && state.flood.whatIfLevelM === prev.flood.whatIfLevelM) return;
    const whatIfLevelM = state.mode === 'flood' && state.flood.source === 'whatif' ? state.flood.whatIfLevelM : undefined;
    const hash = formatHash({ camera: state.camera ?? undefined, visibleLayers: visibleLayerIds(state), mode: state.mode, whatIfLevelM });
    if (hash !== window.location.hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
  });
  window.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', onHashChange);
  };
}
