/** What other domains' page code may use of the sensors beside the pure index.ts: the replay's recorded readings. */
export { historyExtent, readingHistory } from './sensorFeed.ts';
