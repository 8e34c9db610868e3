import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useAppStore } from '../state/store.ts';

/** The compare view's divider: the scene splits where the planner dragged it (0–1 of the width). */
export function SplitController() {
  const { scene } = useCesium();
  useEffect(() => {
    if (!scene) return undefined;
    const apply = (split: number): void => {
      scene.splitPosition = split;
      scene.requestRender();
    };
    apply(useAppStore.getState().proposals.split);
    return useAppStore.subscribe((s, prev) => {
      if (s.proposals.split !== prev.proposals.split) apply(s.proposals.split);
    });
  }, [scene]);
  return null;
}
