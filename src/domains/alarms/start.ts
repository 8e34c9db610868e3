import { alarmFeed } from './alarmFeed.ts';

/** The alarms' controller: the page's alarm feed, from the live feed to the store. */
export function start(): () => void {
  return alarmFeed().start();
}
