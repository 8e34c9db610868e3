/** What other domains may use of the sensors: the live sensor table and its selector. */
export { SensorTable } from './sensorTable.ts';
export { liveSensorTable } from './liveSensorTable.ts';
