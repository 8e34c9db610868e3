import { z } from 'zod';
import { LISTED_STATES, MAX_SHELVE_MINUTES, type Alarm, type OperatorAction } from './alarmBook.ts';
import { LOGIN_NAME } from '../../live/opsContract.ts';

/**
 * The alarm contract between the operations service and every screen, over MQTT (the service's
 * own topics, its instances' markers among them: src/live/opsContract.ts).
 *
 *   {city}/alarm/{sensorId}          retained: the alarm as the service holds it; an empty payload
 *                                    once it is back to normal and acknowledged
 *   ops/{cityName}/command/{operator} an operator's action; the broker lets each operator publish
 *                                    only under their own name
 *   ops/{cityName}/result/{operator}  the service's answer to each command
 */
export const alarmTopic = (cityPrefix: string, id: string): string => `${cityPrefix}/alarm/${id}`;
export const alarmFilter = (cityPrefix: string): string => `${cityPrefix}/alarm/+`;


export const alarmSchema = z.object({
  id: z.string().regex(LOGIN_NAME),
  sensor: z.number().int().nonnegative(),
  kind: z.string().max(32),
  cell: z.string().max(64).nullable(),
  district: z.string().max(64),
  state: z.enum(LISTED_STATES),
  severity: z.enum(['warning', 'alarm']),
  level: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  startedAt: z.number(),
  updatedAt: z.number(),
  peak: z.number(),
  value: z.number(),
  ackedBy: z.string().max(64).nullable(),
  ackedAt: z.number().nullable(),
  shelf: z.object({ by: z.string().max(64), until: z.number(), reason: z.string().max(200) }).nullable(),
  outOfService: z.object({ by: z.string().max(64), since: z.number(), reason: z.string().max(200) }).nullable(),
  chattering: z.boolean(),
  entries: z.array(z.number()).max(100),
  rev: z.number().int().nonnegative(),
  clearedAt: z.number().nullable(),
}) satisfies z.ZodType<Alarm>;

/** A retained alarm as published: the alarm and the instance that owns it. */
export const alarmMessageSchema = alarmSchema.extend({ owner: z.string().max(64) });
export type AlarmMessage = z.infer<typeof alarmMessageSchema>;

/**
 * A retained alarm as a screen takes it: of a sensor in its registry, at that sensor's index. A
 * retained alarm for an unknown sensor (whoever published it) is refused and counted, not shown.
 */
export const registryAlarmSchema = (registry: { indexOf: ReadonlyMap<string, number> }) =>
  alarmMessageSchema.refine((a) => registry.indexOf.get(a.id) === a.sensor, { message: 'not an alarm of a sensor in the registry' });

export const OPS = ['ack', 'shelve', 'unshelve', 'remove-from-service', 'return-to-service'] as const;

/** A command as an operator's screen publishes it. `id` is fresh per command, so a replay is refused. */
export const commandSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  op: z.enum(OPS),
  alarm: z.string().regex(LOGIN_NAME),
  operator: z.string().regex(LOGIN_NAME),
  ts: z.number().int().positive(),
  minutes: z.number().positive().max(MAX_SHELVE_MINUTES).optional(),
  reason: z.string().max(200).optional(),
});
export type Command = z.infer<typeof commandSchema>;


export const COMMAND_REJECTS = ['not-json', 'bad-schema', 'bad-topic', 'unknown-operator', 'impersonation', 'replay', 'stale', 'unknown-alarm', 'refused'] as const;
export type CommandReject = (typeof COMMAND_REJECTS)[number];

/** How old a command may be: a captured command cannot be played back later. */
export const COMMAND_WINDOW_MS = 5 * 60_000;
/**
 * How far ahead of the service's clock a command may be stamped: the screens' clocks drift a
 * little, but a command stamped further ahead would stay playable for longer than the window.
 */
export const COMMAND_CLOCK_SKEW_MS = 30_000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an operator's command: the topic names the operator the broker let publish it, so a
 * payload naming another operator is impersonation. Each command id is applied once (the caller
 * remembers it once applied). Pure apart from the ids it remembers; never throws, whatever the bytes.
 */
export class CommandGate {
  /** Ids of commands applied, with their time: kept for the window, then forgotten. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly opsPrefix: string,
    private readonly isOperator: (name: string) => boolean,
  ) {}

  /**
   * Remembers an id applied (now, or in the audit trail before a restart): only an applied
   * command is a replay when it comes again; a refused one may be sent again once fixed.
   */
  remember(id: string, ts: number, now = ts): void {
    this.seen.set(id, ts);
    if (this.seen.size > 10_000) for (const [k, t] of this.seen) if (now - t > COMMAND_WINDOW_MS) this.seen.delete(k);
  }

  decode(topic: string, payload: Uint8Array, now: number): { ok: true; action: OperatorAction & { ts: number } } | { ok: false; reason: CommandReject; detail: string; id?: string; operator?: string } {
    const prefix = `${this.opsPrefix}/command/`;
    const from = topic.startsWith(prefix) ? topic.slice(prefix.length) : '';
    if (!LOGIN_NAME.test(from)) return { ok: false, reason: 'bad-topic', detail: topic.slice(0, 80) };
    if (!this.isOperator(from)) return { ok: false, reason: 'unknown-operator', detail: from, operator: from };
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(payload));
    } catch {
      return { ok: false, reason: 'not-json', detail: `from ${from}`, operator: from };
    }
    const parsed = commandSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // The id, when one can be read, lets the operator's screen match the refusal to its command.
      const id = (json as { id?: unknown } | null)?.id;
      return { ok: false, reason: 'bad-schema', detail: `from ${from}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`, operator: from, ...(typeof id === 'string' && id.length > 0 && id.length <= 64 ? { id } : {}) };
    }
    const c = parsed.data;
    if (c.operator !== from) return { ok: false, reason: 'impersonation', detail: `${from} sent a command as ${c.operator}`, id: c.id, operator: from };
    if (now - c.ts > COMMAND_WINDOW_MS) return { ok: false, reason: 'stale', detail: `${c.id} is stamped ${new Date(c.ts).toISOString()}, over ${COMMAND_WINDOW_MS / 60_000} min ago`, id: c.id, operator: from };
    if (c.ts - now > COMMAND_CLOCK_SKEW_MS) return { ok: false, reason: 'stale', detail: `${c.id} is stamped ${new Date(c.ts).toISOString()}, ${Math.round((c.ts - now) / 1000)} s ahead of the service's clock`, id: c.id, operator: from };
    if (this.seen.has(c.id)) return { ok: false, reason: 'replay', detail: `${c.id} was already applied`, id: c.id, operator: from };
    const action: OperatorAction & { ts: number } = { id: c.id, op: c.op, alarm: c.alarm, operator: c.operator, ts: c.ts };
    if (c.minutes !== undefined) action.minutes = c.minutes;
    if (c.reason !== undefined) action.reason = c.reason;
    return { ok: true, action };
  }
}
