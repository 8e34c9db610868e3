/**
 * The replay of one muck truck's day: fetched from the operations service (a duty officer's
 * login goes with the request), then played by moving the store's cursor; the trucks layer draws
 * the track and the truck at the cursor, the governance panel the slider.
 */
import { MESSAGES } from '../../i18n/messages.ts';
import { truckDay } from './opsCalls.ts';
import { useAppStore } from '../../state/store.ts';

/** Day time played per second of wall time while playing: a day in four minutes. */
export const REPLAY_RATE = 360;
const STEP_MS = 100;
const CST_MS = 8 * 3600_000;

let timer: ReturnType<typeof setInterval> | null = null;

/** Today's date in China Standard Time, YYYY-MM-DD. */
export const cstToday = (now = Date.now()): string => new Date(now + CST_MS).toISOString().slice(0, 10);

export async function replayTruckDay(truck: string, date = cstToday()): Promise<void> {
  const store = useAppStore.getState();
  pauseTruckDay();
  store.setTruckDayLoading(truck);
  try {
    useAppStore.getState().setTruckDay(await truckDay(truck, date));
  } catch (e) {
    const s = useAppStore.getState();
    s.setTruckDayLoading(null);
    s.notify(`${MESSAGES[s.lang].replayFailed}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function playTruckDay(): void {
  if (timer) return;
  timer = setInterval(() => {
    const s = useAppStore.getState();
    const day = s.truckDay;
    const last = day?.points.at(-1)?.[0];
    if (!day || last === undefined || s.truckDayAt === null) return pauseTruckDay();
    const next = s.truckDayAt + REPLAY_RATE * STEP_MS;
    s.setTruckDayAt(Math.min(next, last));
    if (next >= last) pauseTruckDay();
  }, STEP_MS);
  useAppStore.getState().setTruckDayPlaying(true);
}

export function pauseTruckDay(): void {
  if (timer) clearInterval(timer);
  timer = null;
  useAppStore.getState().setTruckDayPlaying(false);
}

export function closeTruckDay(): void {
  pauseTruckDay();
  useAppStore.getState().setTruckDay(null);
}
