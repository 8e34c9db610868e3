import type { TourStop } from '../config/citySchema.ts';
import { useAppStore, type AppState } from '../state/store.ts';

const CHECK_MS = 500;
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** The city's tour, then the viewpoints saved on this table, each with its name as the caption. */
export function tourStops(s: Pick<AppState, 'city' | 'viewpoints'>): TourStop[] {
  const saved = s.viewpoints.map((v): TourStop => ({ id: `viewpoint-${v.name}`, caption: { zh: v.name, en: v.name }, camera: v.camera, layers: v.layers, mode: 'city', seconds: 10 }));
  return [...(s.city?.tour ?? []), ...saved];
}

function showStop(stop: TourStop): void {
  const store = useAppStore.getState();
  store.setMode(stop.mode);
  if (stop.layers) store.setLayerVisibility(stop.layers);
  store.select(null);
  store.commandCamera({ kind: 'view', view: stop.camera });
}

/**
 * Kiosk mode: after `idleSeconds` without input, tour the city's stops in a loop, each with its
 * caption; the first touch (or key, or wheel) ends the tour where it is and gives control back.
 * The first touch also asks for full screen, which browsers allow only from a user gesture.
 */
export function startAttractTour(): () => void {
  const { runtime } = useAppStore.getState();
  if (!runtime?.kiosk) return () => {};
  const idleMs = runtime.idleSeconds * 1000;
  let lastInput = performance.now();
  let nextStopAt = 0;

  const onInput = (): void => {
    lastInput = performance.now();
    const store = useAppStore.getState();
    if (store.tour.active) store.setTour({ active: false });
    if (!document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });

  const timer = setInterval(() => {
    const now = performance.now();
    const store = useAppStore.getState();
    const stops = tourStops(store);
    if (stops.length === 0) return;
    if (!store.tour.active) {
      if (now - lastInput < idleMs) return;
      store.setTour({ active: true, stop: 0 });
      showStop(stops[0]!);
      nextStopAt = now + stops[0]!.seconds * 1000;
      return;
    }
    if (now < nextStopAt) return;
    const next = (store.tour.stop + 1) % stops.length;
    store.setTour({ stop: next });
    showStop(stops[next]!);
    nextStopAt = now + stops[next]!.seconds * 1000;
  }, CHECK_MS);

  return () => {
    clearInterval(timer);
    for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
  };
}
