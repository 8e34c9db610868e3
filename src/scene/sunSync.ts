import { JulianDate, ShadowMode, type Viewer } from 'cesium';
import { useAppStore, type AppState } from '../state/store.ts';

/**
 * Drives Cesium's sun from the store: the clock stands at the chosen moment (it never runs on its
 * own), and the buildings cast shadows when the planner turns them on, and always in the day look
 * (the planner's). Returns the unbinding.
 */
export function bindSun(viewer: Viewer): () => void {
  viewer.clock.shouldAnimate = false;
  const apply = ({ sun, look }: Pick<AppState, 'sun' | 'look'>): void => {
    viewer.clock.currentTime = JulianDate.fromDate(new Date(sun.at));
    const shadows = sun.shadows || look === 'day';
    viewer.shadows = shadows;
    viewer.terrainShadows = shadows ? ShadowMode.RECEIVE_ONLY : ShadowMode.DISABLED;
    viewer.scene.requestRender();
  };
  apply(useAppStore.getState());
  return useAppStore.subscribe((s, prev) => {
    if (s.sun !== prev.sun || s.look !== prev.look) apply(s);
  });
}
