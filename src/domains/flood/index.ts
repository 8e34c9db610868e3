/** What other domains may use of the flood domain: which sensor kinds it reads. */
export { FLOOD_SENSOR_KINDS } from './floodSensors.ts';
export { type AppMode, type ReplayState } from './floodSlice.ts';
