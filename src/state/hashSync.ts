import { formatHash, parseHash } from './urlHash.ts';
import { useAppStore, visibleLayerIds } from './store.ts';

function onHashChange(): void {
  const { state, problems } = parseHash(window.location.hash);
  const store = useAppStore.getState();
  for (const p of problems) store.notify(p);
  if (state.visibleLayers) store.setLayerVisibility(state.visibleLayers);
  if (state.camera) store.commandCamera({ kind: 'view', view: state.camera });
}

/**
 * Keeps the URL hash in step with the store, both ways. Writing uses replaceState so that a
 * moving camera does not flood the history; a pasted or edited hash is applied on `hashchange`.
 */
export function startHashSync(): () => void {
  const unsubscribe = useAppStore.subscribe((state, prev) => {
    if (state.camera === prev.camera && state.layerVisible === prev.layerVisible) return;
    const hash = formatHash({ camera: state.camera ?? undefined, visibleLayers: visibleLayerIds(state) });
    if (hash !== window.location.hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
  });
  window.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', onHashChange);
  };
}
