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
import { startFloodController } from '../domains/flood/floodAnalysis.ts';
import { startGridStats } from './gridStats.ts';
import { startHashSync } from './hashSync.ts';
import { startLiveCellSync } from './liveCellCounts.ts';
import { startPlannerController } from '../domains/planner/plannerQuery.ts';
import { startPlannerAnalyses } from '../domains/planner/plannerAnalyses.ts';
import { acceptLiveCases, startPanoramaSync } from '../domains/panorama/panoramaControl.ts';
import { startReplayClock } from './replayClock.ts';
import { startSignThemes } from '../domains/signs/signThemes.ts';
import { startCrowdPlan } from '../domains/crowd/crowdPlan.ts';

/** The live feed's summaries land in the store; the feed itself knows no store. */
function connectLiveFeed(): () => void {
  liveFeed().connect({
    status: (patch) => useAppStore.getState().setLive(patch),
    alerts: (listed, cleared, source) => useAppStore.getState().setAlerts(listed, cleared, source),
    operator: (name) => useAppStore.getState().setOperator(name),
    systemAlarms: (alarms) => useAppStore.getState().setSystemAlarms(alarms),
    result: (result) => {
      const store = useAppStore.getState();
      store.addCommandResult(result);
      if (!result.ok) store.notify(result.id === SIGN_IN_RESULT ? MESSAGES[store.lang].signInRefused : (result.error ?? 'command refused'));
    },
    replaying: () => useAppStore.getState().replay.at !== null,
    signs: (table, refused) => {
      const store = useAppStore.getState();
      store.setSigns(table, refused);
      // A refused catalogue entry is named where the duty officer sees notices.
      if (refused.length > 0) store.notify(`${MESSAGES[store.lang].signsRefused}: ${refused.slice(0, 3).map((r) => `${r.entry} (${r.message})`).join('; ')}${refused.length > 3 ? ` +${refused.length - 3}` : ''}`);
    },
    signsError: (message) => useAppStore.getState().setSignsError(message),
    violations: (open, closed) => useAppStore.getState().setViolations(open, closed),
    cases: (updates) => void acceptLiveCases(updates).catch((e: unknown) => useAppStore.getState().notify(`cases: ${e instanceof Error ? e.message : String(e)}`)),
    crowdMinute: ({ type: _type, ...minute }) => useAppStore.getState().setCrowdMinute(minute),
    crowdUpdates: ({ venues, gates }) => useAppStore.getState().applyCrowdUpdates(venues, gates),
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
    startFloodController(),
    startReplayClock(),
    startPlannerController(),
    startPlannerAnalyses(),
    startAttractTour(),
    startSignThemes(),
    startPanoramaSync(),
    startCrowdPlan(),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
