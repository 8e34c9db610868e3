import type { SensorKind } from '../../live/contract.ts';

/** The sensors the flood view shows and counts: river gauges, rain gauges, waterlogging points. */
export const FLOOD_SENSOR_KINDS: ReadonlySet<SensorKind> = new Set<SensorKind>(['water-level', 'rainfall', 'waterlogging']);
