/**
 * What other domains' page code may use of the alarms, beside the pure index.ts: the panels
 * their panels embed, and the page's alarm feed (the flood's replay lists the past from its book).
 */
export { AlertList } from './AlertList.tsx';
export { alarmFeed } from './alarmFeed.ts';
