import { z } from 'zod';

/**
 * The answer of the operations service's GET /api/ops/signs/history?id=…[&district=…]: a vital
 * sign's recent history as [t ms, value]. One of the routes of src/live/opsApiContract.ts, defined
 * here so that the signs' page side reads it without importing the live feed.
 */
export const signHistoryAnswerSchema = z.object({ id: z.string(), district: z.string().nullable(), points: z.array(z.tuple([z.number(), z.number()])) });
export const SIGN_HISTORY_PATH = '/api/ops/signs/history';
