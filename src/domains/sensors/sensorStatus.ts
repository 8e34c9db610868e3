/** What a sensor's point shows: the status colour, and a size from the reading. */
export const SENSOR_STATUSES = ['nodata', 'normal', 'warning', 'alarm', 'stale'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

/** Silence for this many reporting intervals marks a sensor stale. */
export const STALE_INTERVALS = 3;

export function sensorStatus(level: number, ts: number, intervalS: number, now: number): SensorStatus {
  if (ts === 0) return 'nodata';
  if (now - ts > STALE_INTERVALS * intervalS * 1000) return 'stale';
  return level === 2 ? 'alarm' : level === 1 ? 'warning' : 'normal';
}

/** Point size in pixels: grows with the reading's share of the alarm threshold, capped. */
export function sensorSize(value: number, alarm: number, ts: number): number {
  if (ts === 0) return 6;
  const share = alarm > 0 ? Math.min(1.5, Math.max(0, value / alarm)) : 0;
  return 7 + share * 10;
}
