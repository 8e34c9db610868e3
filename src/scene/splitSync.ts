import type { Scene } from 'cesium';
import { useAppStore } from '../state/store.ts';

/** Splits the scene where the compare view's divider stands (0–1 of the width); returns the unbinding. */
export function bindSplit(scene: Scene): () => void {
  const apply = (split: number): void => {
    scene.splitPosition = split;
    scene.requestRender();
  };
  apply(useAppStore.getState().proposals.split);
  return useAppStore.subscribe((s, prev) => {
    if (s.proposals.split !== prev.proposals.split) apply(s.proposals.split);
  });
}
