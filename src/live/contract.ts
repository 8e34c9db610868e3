import { z } from 'zod';

/**
 * The live-data contract between the simulator (or a real gateway), the broker and the viewer.
 *
 * Topic:   {prefix}/sensor/{kind}/{id}       for example city/guangzhou/sensor/rainfall/RG-0412
 * Payload: {"ts": 1795650000000, "value": 42.5, "unit": "mm/h", "quality": "good"}
 *          trucks add "lon" and "lat" (WGS84 degrees) and "heading" (degrees clockwise from north).
 * A `crowd` sensor is a venue's alarm point: its reading is the venue's people, which the
 * operations service estimates from the crowds' signalling feed (src/domains/crowd/contract.ts).
 * Every reading is published retained, so a subscriber that (re)connects gets each sensor's last value.
 */
export const SENSOR_KINDS = ['water-level', 'rainfall', 'waterlogging', 'traffic', 'air-quality', 'truck', 'crowd'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

export const UNITS: Record<SensorKind, string> = {
  'water-level': 'm',
  rainfall: 'mm/h',
  waterlogging: 'cm',
  traffic: 'index',
  'air-quality': 'µg/m³',
  truck: 'km/h',
  crowd: 'people',
};

/** Payloads above this size are refused before they are parsed. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Readings stamped further ahead than this are clock errors, not data. */
export const MAX_FUTURE_MS = 5 * 60_000;

export const readingSchema = z.object({
  ts: z.number().int().positive(),
  value: z.number(),
  unit: z.string().max(16),
  quality: z.enum(['good', 'suspect', 'bad']),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  heading: z.number().min(0).max(360).optional(),
});
export type Reading = z.infer<typeof readingSchema>;

export function sensorTopic(prefix: string, kind: SensorKind, id: string): string {
  return `${prefix}/sensor/${kind}/${id}`;
}

/** The subscription that covers every sensor of a city. */
export const sensorFilter = (prefix: string): string => `${prefix}/sensor/#`;

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

/**
 * One entry of the sensor registry (sensors.geojson). Thresholds rise with danger for every kind:
 * a reading at or above `warning` warns, at or above `alarm` alarms.
 */
export const sensorPropsSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    kind: z.enum(SENSOR_KINDS),
    name: bilingual,
    warning: z.number(),
    alarm: z.number(),
    /** Grid cell id, assigned by the analysis engine when the registry is built; null outside the grid. */
    cell: z.string().nullable(),
    district: z.string(),
    /** Expected seconds between readings; silence for 3× this marks the sensor stale. */
    interval: z.number().positive().default(10),
  })
  .refine((p) => p.alarm > p.warning, { message: 'alarm must be above warning', path: ['alarm'] });
export type SensorProps = z.infer<typeof sensorPropsSchema>;

export const registrySchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number()) }),
      properties: sensorPropsSchema,
    }),
  ),
});
export type RegistryDocument = z.infer<typeof registrySchema>;

/** The registry as columns, in registry order; every live array is indexed the same way. */
export interface SensorRegistry {
  ids: string[];
  kinds: SensorKind[];
  props: SensorProps[];
  /** lon, lat pairs of the registered positions. */
  positions: Float64Array;
  indexOf: Map<string, number>;
}

export function toRegistry(doc: RegistryDocument): SensorRegistry {
  const positions = new Float64Array(doc.features.length * 2);
  doc.features.forEach((f, i) => positions.set([f.geometry.coordinates[0], f.geometry.coordinates[1]], 2 * i));
  const ids = doc.features.map((f) => f.properties.id);
  return {
    ids,
    kinds: doc.features.map((f) => f.properties.kind),
    props: doc.features.map((f) => f.properties),
    positions,
    indexOf: new Map(ids.map((id, i) => [id, i])),
  };
}
