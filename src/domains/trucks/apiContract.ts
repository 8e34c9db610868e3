/**
 * The muck trucks' routes of the operations service's HTTP API (src/live/opsApiContract.ts), both
 * for a signed-in operator: the violations that started in a span with their counts, and one
 * truck's day.
 */
import { z } from 'zod';
import { violationSchema } from './contract.ts';

const countsSchema = z.record(z.string(), z.number());

export const TRUCK_ROUTES = {
  /** Muck-truck violations that started in the span, with their counts. */
  violations: z.object({
    from: z.number(),
    to: z.number(),
    violations: z.array(violationSchema),
    counts: z.object({ rule: countsSchema, district: countsSchema, cell: countsSchema, company: countsSchema }),
  }),
  /** One truck's day in China Standard Time: t ms, lon, lat, speed per point, and its violations. */
  'truck-day': z.object({
    truck: z.string(),
    date: z.string(),
    from: z.number(),
    to: z.number(),
    points: z.array(z.tuple([z.number(), z.number().min(-180).max(180), z.number().min(-90).max(90), z.number()])),
    violations: z.array(violationSchema),
  }),
};

declare module '../../live/opsApiContract.ts' {
  interface OpsRoutes {
    violations: typeof TRUCK_ROUTES.violations;
    'truck-day': typeof TRUCK_ROUTES['truck-day'];
  }
}

export type TruckDayView = z.infer<(typeof TRUCK_ROUTES)['truck-day']>;
export type ViolationReportView = z.infer<typeof TRUCK_ROUTES.violations>;
