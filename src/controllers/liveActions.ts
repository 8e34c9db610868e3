import type { OperatorOp } from '../domains/alarms/alarmBook.ts';
import { liveFeed } from '../live/liveFeed.ts';

/**
 * What a panel may ask of the live feed, and nothing more: panels never hold the feed itself, so
 * that data flows one way (feed → store → panels) and a panel's request goes out through here.
 */

/** An operator's command on an alarm (acknowledge, shelve, return to service…); its answer arrives in the store. */
export function actOnAlarm(op: OperatorOp, alarm: string, extra: { minutes?: number; reason?: string } = {}): void {
  liveFeed().act(op, alarm, extra);
}

/** Signs a duty officer in (the broker checks the login), or out with no arguments. */
export function signIn(username?: string, password?: string): void {
  liveFeed().login(username, password);
}

/** The recorded stream's extent for the replay bar: its oldest reading, its size and its span. */
export function historyExtent(): { oldest: number | null; now: number; bytes: number; spanMs: number } {
  const h = liveFeed().history;
  return { oldest: h?.oldest() ?? null, now: Date.now(), bytes: h?.bytes ?? 0, spanMs: h?.span ?? 0 };
}
