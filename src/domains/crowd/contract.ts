import { z } from 'zod';
import { MAX_FUTURE_MS } from '../../live/contract.ts';

/**
 * Crowds over MQTT, under the sensors' contract rules (size limit, schema, no future stamps,
 * refusals counted as `bad-crowd`). Every message carries `ts`, when it was sent, and `at`, the
 * minute of the scenario clock it describes (the real minute outside a scenario).
 *
 * {prefix}/crowd/signal/{part}   one minute's SIM-card count per base station, in parts of at
 *                                most SIGNAL_PART stations, for the crowd model named by `model`
 *                                (src/domains/crowd/crowdModel.ts). Sent by the simulator, as a
 *                                carrier's feed would be; retained, so a new screen draws at once.
 * {prefix}/crowd/gates           the same minute's counts at the gates: people entering and leaving
 *                                each venue's geofence and each metro station, and the business
 *                                districts' car parks (occupied, spaces). Retained.
 * {prefix}/crowd/venue/{id}      the operations service's record of a venue: its last 180 minutes
 *                                (at, people, in, out), car park and stations. Retained. The
 *                                venue's people are also its alarm point's reading, on
 *                                {prefix}/sensor/crowd/{sensorId}, so crowd alarms follow the
 *                                operations service's alarm rules like any sensor's.
 */
export const SIGNAL_PART = 4000;

const stamp = z.number().int().positive().refine((ts) => ts <= Date.now() + MAX_FUTURE_MS, { message: 'stamped in the future' });
const count = z.number().int().min(0).max(10_000_000);
const flow = z.tuple([count, count]);
const key = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);

export const signalPartSchema = z
  .object({
    ts: stamp,
    at: z.number().int().positive(),
    model: z.string().regex(/^[0-9a-f]{8}$/),
    part: z.number().int().min(0),
    parts: z.number().int().min(1).max(1000),
    first: z.number().int().min(0),
    counts: z.array(count).min(1).max(SIGNAL_PART),
  })
  .refine((m) => m.part < m.parts, { message: 'part beyond parts' });
export type SignalPart = z.infer<typeof signalPartSchema>;

export const gatesSchema = z.object({
  ts: stamp,
  at: z.number().int().positive(),
  fences: z.record(key, flow),
  metro: z.record(key, flow),
  parking: z.record(key, flow),
});
export type Gates = z.infer<typeof gatesSchema>;

export const venueRecordSchema = z.object({
  id: key,
  ts: stamp,
  at: z.number().int().positive(),
  capacity: z.number().int().positive(),
  series: z.array(z.tuple([z.number().int().positive(), count, count, count])).max(400),
  parking: flow.nullable(),
  metro: z.record(key, flow),
});
export type VenueRecord = z.infer<typeof venueRecordSchema>;

export const signalTopic = (prefix: string, part: number): string => `${prefix}/crowd/signal/${part}`;
export const gatesTopic = (prefix: string): string => `${prefix}/crowd/gates`;
export const venueTopic = (prefix: string, id: string): string => `${prefix}/crowd/venue/${id}`;
export const crowdFilter = (prefix: string): string => `${prefix}/crowd/#`;

/**
 * One minute's counts, put together from its parts as they come (in any order, the last minute
 * retained on connect mixed with the next one live). Complete minutes come out in order; a
 * minute older than the last one completed is dropped.
 */
export class SignalAssembler {
  private readonly pending = new Map<number, { counts: Float64Array; seen: Set<number>; parts: number; model: string }>();
  private lastDone = 0;

  constructor(private readonly sites: number, private readonly model: string) {}

  /** The minute's counts once its last part arrived, null until then; throws on a part that does not fit the model. */
  add(m: SignalPart): { at: number; counts: Float64Array } | null {
    if (m.model !== this.model) throw new RangeError(`counted on crowd model ${m.model}, this is ${this.model}`);
    if (m.first + m.counts.length > this.sites) throw new RangeError(`stations ${m.first}…${m.first + m.counts.length - 1} beyond the model's ${this.sites}`);
    if (m.at <= this.lastDone) return null;
    let p = this.pending.get(m.at);
    if (!p || p.parts !== m.parts) this.pending.set(m.at, (p = { counts: new Float64Array(this.sites), seen: new Set(), parts: m.parts, model: m.model }));
    p.counts.set(m.counts, m.first);
    p.seen.add(m.part);
    if (p.seen.size < p.parts) {
      // At most a few minutes wait for their last parts.
      for (const at of this.pending.keys()) if (at < m.at - 5 * 60_000) this.pending.delete(at);
      return null;
    }
    this.pending.delete(m.at);
    for (const at of this.pending.keys()) if (at < m.at) this.pending.delete(at);
    this.lastDone = m.at;
    return { at: m.at, counts: p.counts };
  }
}
