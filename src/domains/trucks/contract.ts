import { z } from 'zod';
import { RULES } from './truckRules.ts';

/**
 * The muck-truck violation contract between the operations service and every screen, over MQTT:
 *
 *   {city}/violation/{id}   retained while the violation is open: the record below; an empty
 *                           payload once it has closed (the closed record stays in the database,
 *                           and the service's /api/ops/violations lists it)
 *
 * The id is `${truck}:${rule}:${start ms}` (and `:${zone}` for a zone), so the same breach has
 * the same id on every instance and across restarts.
 */
export const violationTopic = (cityPrefix: string, id: string): string => `${cityPrefix}/violation/${id}`;
export const violationFilter = (cityPrefix: string): string => `${cityPrefix}/violation/+`;

/** Points of evidence: [t ms, lon, lat, speed km/h]. */
const trackPoint = z.tuple([z.number(), z.number().min(-180).max(180), z.number().min(-90).max(90), z.number()]);

export const violationSchema = z.object({
  id: z.string().min(1).max(200),
  truck: z.string().min(1).max(64),
  company: z.string().max(64),
  companyName: z.string().max(200),
  rule: z.enum(RULES),
  zone: z.string().max(64).nullable(),
  zoneName: z.string().max(200).nullable(),
  district: z.string().max(16).nullable(),
  cell: z.string().max(64).nullable(),
  start: z.number(),
  end: z.number().nullable(),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  peak: z.number(),
  track: z.array(trackPoint).max(2000),
});
export type ViolationRecord = z.infer<typeof violationSchema>;
