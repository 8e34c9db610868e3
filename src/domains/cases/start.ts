/**
 * The cases' controllers, started with the others once the city's config is in (src/controllers):
 * the live loop cases into the store at most once a frame (the map draws them), and a case tapped
 * on the map opened on the desk for a signed-in login, as a tap on the desk's list opens it.
 */
import { liveFeed } from '../../live/liveFeed.ts';
import { readyLayerId, useAppStore } from '../../state/store.ts';
import type { CaseMessage } from './contract.ts';
import { openCase } from './useCaseDesk.ts';

/**
 * The live feed's case updates, handed to the store together once a frame: the latest of each
 * case only, so that a tab in the background (no frames) holds one message a case, not every one.
 */
function startLiveCases(): () => void {
  let pending = new Map<string, CaseMessage | null>();
  let frame = 0;
  const flush = (): void => {
    frame = 0;
    const batch = pending;
    pending = new Map();
    useAppStore.getState().applyCaseLive([...batch]);
  };
  const off = liveFeed().on('cases', (ev) => {
    for (const [id, message] of ev.updates) pending.set(id, message);
    frame ||= requestAnimationFrame(flush);
  });
  return () => {
    off();
    cancelAnimationFrame(frame);
  };
}

/** A tap on the cases layer opens the case on the desk when someone is signed in (the desk then shows its timeline). */
function startMapPicks(): () => void {
  return useAppStore.subscribe((s, prev) => {
    const picked = s.selection;
    if (picked === prev.selection || !picked || s.operator === null || picked.featureId === s.caseSelected) return;
    if (picked.layerId === readyLayerId(s, 'cases')) openCase(picked.featureId);
  });
}

export function start(): () => void {
  const stops = [startLiveCases(), startMapPicks()];
  return () => stops.forEach((stop) => stop());
}
