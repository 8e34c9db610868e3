import { SensorTable } from '../sensors/index.ts';
import { readingHistory } from '../sensors/ui.ts';
import type { Alarm } from '../alarms/index.ts';
import { alarmFeed } from '../alarms/ui.ts';
import { readyLayerData, useAppStore } from '../../state/store.ts';
import type { ReplayState } from './floodSlice.ts';

/** Replay steps this often in wall time; each step moves `speed` times as far in stream time. */
const STEP_MS = 250;

function replayAlerts(table: SensorTable, at: number): Alarm[] {
  return alarmFeed().book?.at(at, (i) => table.level[i]!) ?? [];
}

/** Shows the recorded stream as it was at `at` (rebuilt from the history's start). */
export function seekReplay(at: number): void {
  const store = useAppStore.getState();
  const live = readyLayerData(store, 'sensors')?.table;
  const history = readingHistory();
  if (!live || !history) return;
  const table = store.replay.table ?? new SensorTable(live.registry);
  table.clear();
  history.replayInto(table, -Infinity, at);
  store.setReplay({ at, table });
  store.setAlerts(replayAlerts(table, at), alarmFeed().book?.recentlyClosed() ?? []);
}

export function backToLive(): void {
  const store = useAppStore.getState();
  store.setReplay({ at: null, speed: 0, table: null });
  alarmFeed().publish();
}

export function setReplaySpeed(speed: ReplayState['speed']): void {
  const store = useAppStore.getState();
  if (store.replay.at === null) {
    // Playing from live starts at the oldest recorded moment.
    const oldest = readingHistory()?.oldest();
    if (oldest === null || oldest === undefined) return;
    seekReplay(oldest);
  }
  useAppStore.getState().setReplay({ speed });
}

/** Advances a playing replay; reaching the present returns to live. */
export function startReplayClock(): () => void {
  const timer = setInterval(() => {
    const store = useAppStore.getState();
    const { at, speed, table } = store.replay;
    const history = readingHistory();
    if (at === null || speed === 0 || !table || !history) return;
    const next = at + STEP_MS * speed;
    if (next >= Date.now()) return backToLive();
    history.replayInto(table, at, next);
    store.setReplay({ at: next });
    store.setAlerts(replayAlerts(table, next), store.clearedAlerts);
  }, STEP_MS);
  return () => clearInterval(timer);
}
