/** Sensor colours: the fill says the status, the outline the kind. The layer and its legend share them. */
import type { SensorKind } from '../../live/contract.ts';
import type { SensorStatus } from './sensorStatus.ts';

export const STATUS_COLORS: Record<SensorStatus, string> = { nodata: '#6b7280', normal: '#2dd4bf', warning: '#fbbf24', alarm: '#ef4444', stale: '#9ca3af' };
export const KIND_COLORS: Record<SensorKind, string> = {
  'water-level': '#3b82f6',
  rainfall: '#60a5fa',
  waterlogging: '#a855f7',
  traffic: '#f97316',
  'air-quality': '#84cc16',
  truck: '#f5f5f4',
  crowd: '#ec4899',
};
