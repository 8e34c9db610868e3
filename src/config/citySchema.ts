import { z } from 'zod';

/** A text in both UI languages. */
const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

export const cameraViewSchema = z.object({
  lon,
  lat,
  /** Metres above the ellipsoid. */
  height: z.number().positive().max(4e7),
  /** Degrees clockwise from north. */
  heading: z.number().min(-360).max(360).default(0),
  /** Degrees; negative looks down. */
  pitch: z.number().min(-90).max(90).default(-90),
});
export type CameraView = z.infer<typeof cameraViewSchema>;

export const sameOrigin = z.string().min(1).refine((u) => !/^[a-z]+:\/\//i.test(u), 'must be a path on this site, not another host');

/** What every layer of city.json has; each layer kind extends it (src/layers/<kind>). */
export const baseLayerSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case id: letters, digits and dashes'),
  /** Relative to city.json, or absolute on our own origin. */
  url: sameOrigin,
  visible: z.boolean().default(true),
  title: bilingual,
  source: z.string().optional(),
});

/**
 * Each layer kind adds its entry here, by declaration merging from its own folder, so that this
 * folder knows every kind's config type without importing any of them.
 */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface LayerConfigByKind {}
export type LayerConfig = LayerConfigByKind[keyof LayerConfigByKind];

/** One stop of the attract tour: where to look, what to show, and what to say. */
const tourStopSchema = z.object({
  id: z.string().min(1),
  caption: bilingual,
  camera: cameraViewSchema,
  /** The layers to show at this stop; all others hide. Omitted: leave the layers as they are. */
  layers: z.array(z.string()).optional(),
  mode: z.enum(['city', 'flood']).default('city'),
  /** Seconds at this stop, flight included. */
  seconds: z.number().positive().max(120).default(10),
});
export type TourStop = z.infer<typeof tourStopSchema>;

/** city.json's schema, given the schema of one layer (the registry's union of every kind's). */
export function makeCitySchema(layerSchema: z.ZodType<LayerConfig>) {
  return z
    .object({
      id: z.string().regex(/^[a-z][a-z0-9-]*$/),
      name: bilingual,
      crs: z.literal('WGS84'),
      home: cameraViewSchema,
      bounds: z
        .object({ west: lon, south: lat, east: lon, north: lat })
        .refine((b) => b.west < b.east && b.south < b.north, 'west < east and south < north'),
      layers: z
        .array(layerSchema)
        .min(1)
        .refine((ls) => new Set(ls.map((l) => l.id)).size === ls.length, 'layer ids must be unique'),
      mqtt: z.object({
        url: z.string().regex(/^wss?:\/\//, 'a ws:// or wss:// URL: browsers speak MQTT over WebSocket only'),
        topicPrefix: z.string().min(1),
      }),
      /** The attract tour of kiosk mode, in order; it loops. */
      tour: z.array(tourStopSchema).default([]),
      /** The vital-sign catalogue (src/domains/signs/catalogue.ts), relative to the city's folder. */
      signs: z.string().min(1).optional(),
    })
    .refine(
      (c) => c.home.lon >= c.bounds.west && c.home.lon <= c.bounds.east && c.home.lat >= c.bounds.south && c.home.lat <= c.bounds.north,
      { message: 'the home view must lie inside the bounds', path: ['home'] },
    );
}
export type CitySchema = ReturnType<typeof makeCitySchema>;
export type CityConfig = z.infer<CitySchema>;
