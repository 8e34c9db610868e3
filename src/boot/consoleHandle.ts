/**
 * The read-only handle on `window` for the browser console and the end-to-end tests: the store
 * (set by main.tsx) and the Cesium viewer (set by the scene). Typed, so that the tests read the
 * store through typed functions and a renamed field fails to compile.
 */
import type { Viewer } from 'cesium';
import type { useAppStore } from '../state/store.ts';

export interface CantonTwinHandle {
  store?: typeof useAppStore;
  viewer?: Viewer;
}

declare global {
  interface Window {
    cantonTwin?: CantonTwinHandle;
  }
}
