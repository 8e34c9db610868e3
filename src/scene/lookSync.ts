import { Color, type Viewer } from 'cesium';
import { useAppStore } from '../state/store.ts';
import type { Look } from '../legend/look.ts';

/**
 * The globe under the city for each look. The bundled NaturalEarthII imagery is all the basemap
 * an offline globe has; the dark look lets a little of it through over a navy globe (an imagery
 * layer's alpha blends with the globe's base colour), so the city's own layers carry the picture.
 */
const GLOBE: Record<Look, { base: string; sky: string; brightness: number; saturation: number; contrast: number; alpha: number }> = {
  dark: { base: '#061222', sky: '#03070d', brightness: 0.55, saturation: 0.2, contrast: 1.15, alpha: 0.35 },
  day: { base: '#dfe6ec', sky: '#b9d3ea', brightness: 1.1, saturation: 0.75, contrast: 1, alpha: 1 },
};

function applyLook(viewer: Viewer, look: Look): void {
  const scene = viewer.scene;
  const g = GLOBE[look];
  scene.globe.baseColor = Color.fromCssColorString(g.base);
  scene.backgroundColor = Color.fromCssColorString(g.sky);
  const base = scene.imageryLayers.get(0);
  if (base) Object.assign(base, { brightness: g.brightness, saturation: g.saturation, contrast: g.contrast, alpha: g.alpha });
  if (scene.moon) scene.moon.show = false;
  // The page behind the canvas shows through while it loads and at the edges of panels.
  document.documentElement.dataset.look = look;
  scene.requestRender();
}

/** Drives the globe's look from the store. Returns the unbinding. */
export function bindLook(viewer: Viewer): () => void {
  applyLook(viewer, useAppStore.getState().look);
  return useAppStore.subscribe((s, prev) => {
    if (s.look !== prev.look) applyLook(viewer, s.look);
  });
}
