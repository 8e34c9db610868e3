/**
 * The panoramas' route of the operations service's HTTP API (src/live/opsApiContract.ts): the
 * public enterprise search, by part of a name or the start of a credit code (503 with the
 * build's progress until the register is ready).
 */
import { z } from 'zod';

const hitSchema = z.object({ code: z.string(), name: z.string(), industry: z.string(), status: z.string(), cell: z.number().int(), lon: z.number(), lat: z.number() });

export const PANORAMA_ROUTES = {
  enterprises: z.object({
    state: z.union([z.object({ phase: z.enum(['idle', 'ready']) }), z.object({ phase: z.literal('loading'), loaded: z.number(), total: z.number() }), z.object({ phase: z.literal('error'), error: z.string() })]),
    hits: z.array(hitSchema),
  }),
};

declare module '../../live/opsApiContract.ts' {
  interface OpsRoutes {
    enterprises: typeof PANORAMA_ROUTES.enterprises;
  }
}

export type EnterpriseSearchAnswer = z.infer<typeof PANORAMA_ROUTES.enterprises>;
export type EnterpriseHit = EnterpriseSearchAnswer['hits'][number];
