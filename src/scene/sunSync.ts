import { JulianDate, ShadowMode, type Viewer } from 'cesium';
import { useAppStore, type AppState } from '../state/store.ts';

/**
 * Drives Cesium's sun from the store: the clock stands at the chosen moment (it never runs on its
 * own), and the buildings cast shadows when the planner turns them on. Returns the unbinding.
 */
export function bindSun(viewer: Viewer): () => void {
  viewer.clock.shouldAnimate = false;
  const apply = (sun: AppState['sun']): void => {
    viewer.clock.currentTime = JulianDate.fromDate(new Date(sun.at));
    viewer.shadows = sun.shadows;
    viewer.terrainShadows = sun.shadows ? ShadowMode.RECEIVE_ONLY : ShadowMode.DISABLED;
    viewer.scene.requestRender();
  };
  apply(useAppStore.getState().sun);
  return useAppStore.subscribe((s, prev) => {
    if (s.sun !== prev.sun) apply(s.sun);
  });
}
