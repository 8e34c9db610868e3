/** What loading a layer gives: its decoded data, what decoding kept and skipped, or an error. */
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { GridLoaded } from '../analysis/worker/analysisProtocol.ts';
import type { SensorTable } from '../live/sensorTable.ts';
import type { DistrictProperties, FacilityProperties, WaterProperties } from './basemapSchemas.ts';

export type LayerData =
  | { kind: 'districts'; features: Feature<Polygon | MultiPolygon, DistrictProperties>[] }
  | { kind: 'water'; features: Feature<Polygon | MultiPolygon, WaterProperties>[] }
  | { kind: 'buildings'; url: string }
  | { kind: 'grid'; loaded: GridLoaded; cellIds: string[] }
  | { kind: 'sensors'; table: SensorTable }
  | { kind: 'flood'; facilities: Feature<Point, FacilityProperties>[] };

/** What decoding a layer's data kept and skipped, by reason (each source has its own reasons). */
export interface LoadReport {
  accepted: number;
  repaired: number;
  rejected: Partial<Record<string, number>>;
  examples: string[];
}

export type LayerLoad =
  | { state: 'loading' }
  | { state: 'ready'; report: LoadReport; data: LayerData }
  | { state: 'error'; message: string };
