import { liveFeed } from '../live/liveFeed.ts';

/**
 * What a panel may ask of the live feed, and nothing more: panels never hold the feed itself, so
 * that data flows one way (feed → store → panels) and a panel's request goes out through here
 * (a domain's requests go out through its own module: the alarms' commands, alarmFeed.ts).
 */

/** Signs a duty officer in (the broker checks the login), or out with no arguments. */
export function signIn(username?: string, password?: string): void {
  liveFeed().login(username, password);
}
