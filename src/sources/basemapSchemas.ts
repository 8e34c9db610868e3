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

export const FACILITY_TYPES = ['school', 'park', 'sports-hall', 'pump'] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

/**
 * Properties of one flood-control facility in generated/facilities.geojson (Point features):
 * emergency shelters (schools, parks, sports halls; capacity in people) and pumping stations
 * (capacity in m³/s).
 */
export const facilityPropsSchema = z.object({
  id: z.string().min(1),
  type: z.enum(FACILITY_TYPES),
  name: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
  capacity: z.number().positive(),
  district: z.string(),
  cell: z.string().nullable(),
});
export type FacilityProperties = z.infer<typeof facilityPropsSchema>;
export const isShelter = (p: Pick<FacilityProperties, 'type'>): boolean => p.type !== 'pump';
