import { liveFeed } from '../../live/liveFeed.ts';
import { useAppStore } from '../../state/store.ts';
import { acceptLiveCases, startPanoramaSync, startWaitingCases } from './panoramaControl.ts';

const notify = (e: unknown): void => useAppStore.getState().notify(`cases: ${e instanceof Error ? e.message : String(e)}`);

/** The panoramas' controllers, started with the others once the city's config is in (src/controllers). */
export function start(): () => void {
  const stops = [startPanoramaSync(), startWaitingCases(notify), liveFeed().on('cases', (ev) => void acceptLiveCases(ev.updates).catch(notify))];
  return () => stops.forEach((stop) => stop());
}
