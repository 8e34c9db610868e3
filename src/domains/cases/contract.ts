import { z } from 'zod';
import { CASE_SOURCES, CASE_STATUSES, CASE_TYPES, codesOf } from '../panorama/index.ts';
import { MAX_FUTURE_MS } from '../../live/contract.ts';
import { CASE_STATES } from './caseLoop.ts';

/**
 * Governance cases over MQTT, under the sensors' contract rules (size limit, schema, no future
 * stamps, refusals counted by reason):
 *
 * Topic:   {prefix}/case/{id}                  for example city/guangzhou/case/AJ20261204000123
 * Payload: {"id": "AJ20261204000123", "source": "hotline", "type": "noise", "status": "open",
 *           "opened": 1796371200000, "closed": null, "lon": 113.33, "lat": 23.13}   (WGS84)
 *
 * Published retained, so a page that (re)connects gets every live case's latest state; a case
 * that closes is republished closed, and cleared (empty payload) once it has aged out.
 *
 * A case in the operations service's loop (./caseLoop.ts) carries its step as well: `step` (its
 * state in the loop), `department` and `deadline` (epoch ms, working time), so that every screen
 * colours it by step and marks it overdue without asking the service. No caller, no description:
 * what is on the broker is as public as the map.
 */
export const caseMessageSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    source: z.enum(codesOf(CASE_SOURCES)),
    type: z.enum(codesOf(CASE_TYPES)),
    status: z.enum(codesOf(CASE_STATUSES)),
    opened: z.number().int().positive(),
    closed: z.number().int().positive().nullable(),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    step: z.enum(CASE_STATES).optional(),
    department: z.string().max(64).nullable().optional(),
    deadline: z.number().int().positive().nullable().optional(),
  })
  .refine((c) => (c.status === 'closed') === (c.closed !== null), { message: 'a closed case has a closing time, an open one none' })
  .refine((c) => c.opened <= Date.now() + MAX_FUTURE_MS && (c.closed === null || c.closed >= c.opened), { message: 'opened in the future, or closed before it opened' });
export type CaseMessage = z.infer<typeof caseMessageSchema>;

export const caseTopic = (prefix: string, id: string): string => `${prefix}/case/${id}`;
export const caseFilter = (prefix: string): string => `${prefix}/case/#`;
