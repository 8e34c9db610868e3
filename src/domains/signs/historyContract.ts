import { z } from 'zod';

/**
 * The answer of the operations service's GET /api/ops/signs/history?id=…[&district=…]: a vital
 * sign's recent history as [t ms, value]. Public, like the signs. One of the routes of
 * src/live/opsApiContract.ts, added to it here.
 */
export const signHistoryAnswerSchema = z.object({ id: z.string(), district: z.string().nullable(), points: z.array(z.tuple([z.number(), z.number()])) });
export const SIGN_HISTORY_PATH = '/api/ops/signs/history';

declare module '../../live/opsApiContract.ts' {
  interface OpsRoutes {
    'signs/history': typeof signHistoryAnswerSchema;
  }
}
