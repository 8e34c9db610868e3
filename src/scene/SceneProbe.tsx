import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useAppStore } from '../state/store.ts';
import { PERF_MARKS } from '../perf/marks.ts';

/**
 * Reports frame rate and tile loading to the store, at most once per animation frame for the
 * tile queue and once per second for the frame rate, so React never re-renders per event.
 */
export function SceneProbe() {
  const { scene } = useCesium();
  useEffect(() => {
    if (!scene) return;
    let frames = 0;
    let pending = 0;
    let peak = 0;
    let flush = 0;
    const removePostRender = scene.postRender.addEventListener(() => {
      // The first drawn frame, for the time-to-first-frame figure in the tests and benchmarks.
      if (frames === 0 && performance.getEntriesByName(PERF_MARKS.firstFrame).length === 0) performance.mark(PERF_MARKS.firstFrame);
      frames++;
    });
    const timer = window.setInterval(() => {
      useAppStore.getState().setSceneStatus({ fps: frames });
      frames = 0;
    }, 1000);
    const removeProgress = scene.globe.tileLoadProgressEvent.addEventListener((queued: number) => {
      pending = queued;
      peak = queued === 0 ? 0 : Math.max(peak, queued);
      if (flush) return;
      flush = requestAnimationFrame(() => {
        flush = 0;
        useAppStore.getState().setSceneStatus({ tilesPending: pending, tilesPeak: peak });
      });
    });
    return () => {
      removePostRender();
      removeProgress();
      window.clearInterval(timer);
      cancelAnimationFrame(flush);
    };
  }, [scene]);
  return null;
}
