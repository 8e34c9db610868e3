/**
 * Everything that starts work when the state changes, started once the city's config is in:
 * each controller subscribes to the store, runs its job through the shared latest-wins runner
 * (latestWins.ts) and writes its answer back. The URL hash starts here too; the page's language
 * and what the browser keeps start before the first render (documentEffects.ts, from main.tsx).
 */
import { liveFeed } from '../live/liveFeed.ts';
import { SIGN_IN_RESULT } from '../live/liveProtocol.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { useAppStore } from '../state/store.ts';
import { startAttractTour } from './attractTour.ts';
import { startCellDetailsSync } from './cellDetails.ts';
import { startGridStats } from './gridStats.ts';
import { startHashSync } from './hashSync.ts';
import { startLiveCellSync } from './liveCellCounts.ts';

/** Each domain's controllers (src/domains/<name>/start.ts), found by folder. */
const DOMAIN_STARTS = Object.values(import.meta.glob<{ start: () => () => void }>('../domains/*/start.ts', { eager: true })).map((m) => m.start);

/** The live feed's summaries land in the store; the feed itself knows no store. */
function connectLiveFeed(): () => void {
  liveFeed().connect({
    status: (patch) => useAppStore.getState().setLive(patch),
    operator: (name) => useAppStore.getState().setOperator(name),
    result: (result) => {
      const store = useAppStore.getState();
      store.addCommandResult(result);
      if (!result.ok) store.notify(result.id === SIGN_IN_RESULT ? MESSAGES[store.lang].signInRefused : (result.error ?? 'command refused'));
    },
  });
  return () => undefined;
}

export function startControllers(): () => void {
  const stops = [
    connectLiveFeed(),
    startHashSync(),
    startGridStats(),
    startCellDetailsSync(),
    startLiveCellSync(),
    startAttractTour(),
    ...DOMAIN_STARTS.map((start) => start()),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
