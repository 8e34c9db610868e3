/** The alarms' panels that other domains' panels embed. */
export { AlertList } from './AlertList.tsx';
