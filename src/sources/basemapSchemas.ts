import { z } from 'zod';

/** Properties of one district in generated/districts.geojson (written by scripts/basemap). */
export const districtPropsSchema = z.object({
  adcode: z.string().regex(/^\d{6}$/),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  areaKm2: z.number().positive(),
  /** Label anchor [lon, lat], WGS84. */
  label: z.tuple([z.number(), z.number()]),
});
export type DistrictProperties = z.infer<typeof districtPropsSchema>;

/** Properties of one water area in generated/water.geojson. */
export const waterPropsSchema = z.object({
  id: z.string().min(1),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  widthM: z.number().positive(),
});
export type WaterProperties = z.infer<typeof waterPropsSchema>;
