/** What other domains may use of the alarms: the wire contract's topic filter. */
export { alarmFilter } from './contract.ts';
export type { Alarm } from './alarmBook.ts';
