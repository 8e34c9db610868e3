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

export const LAYER_KINDS = ['districts', 'water', 'buildings', 'grid', 'sensors', 'flood'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

const sameOrigin = z.string().min(1).refine((u) => !/^[a-z]+:\/\//i.test(u), 'must be a path on this site, not another host');

const layerSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case id: letters, digits and dashes'),
  kind: z.enum(LAYER_KINDS),
  /** Relative to city.json, or absolute on our own origin. */
  url: sameOrigin,
  /** For a grid: the buildings table (buildings.bin) whose per-cell statistics it shows. */
  buildingsUrl: sameOrigin.optional(),
  visible: z.boolean().default(true),
  title: bilingual,
  source: z.string().optional(),
});
export type LayerConfig = z.infer<typeof layerSchema>;

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

export const citySchema = z
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
  })
  .refine(
    (c) => c.home.lon >= c.bounds.west && c.home.lon <= c.bounds.east && c.home.lat >= c.bounds.south && c.home.lat <= c.bounds.north,
    { message: 'the home view must lie inside the bounds', path: ['home'] },
  );
export type CityConfig = z.infer<typeof citySchema>;
