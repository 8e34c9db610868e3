import { liveFeed } from '../../live/liveFeed.ts';
import { useAppStore } from '../../state/store.ts';
import { acceptLiveCases, startPanoramaSync } from './panoramaControl.ts';

/** The panoramas' controllers, started with the others once the city's config is in (src/controllers). */
export function start(): () => void {
  const stops = [
    startPanoramaSync(),
    liveFeed().on('cases', (ev) => void acceptLiveCases(ev.updates).catch((e: unknown) => useAppStore.getState().notify(`cases: ${e instanceof Error ? e.message : String(e)}`))),
  ];
  return () => stops.forEach((stop) => stop());
}
