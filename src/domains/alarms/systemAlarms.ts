/**
 * The operations service's system alarms as a screen takes them: what stops an instance doing its
 * job (server/ops/serviceHealth.ts publishes them, retained, on `{city}/ops/system/{instance}`; an
 * empty payload clears them). A pure decoder for one message, and a pure reducer for the list the
 * page shows, one entry per instance. The live worker feeds both; the alarm panel shows the list.
 */
import { SYSTEM_PROBLEMS, systemAlarmSchema, type SystemAlarm } from '../../live/opsContract.ts';
import { LOGIN_NAME } from '../../live/opsContract.ts';

/** One message decoded: an instance's alarm (null: cleared), or why it was refused. */
export type SystemAlarmDecoded = { ok: true; instance: string; alarm: SystemAlarm | null } | { ok: false; detail: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a message on `{prefix}{instance}` (`prefix` ends in `/ops/system/`). Never throws,
 * whatever the bytes: a refusal says why, for the diagnostics panel. `maxBytes` is the live
 * feed's payload limit, passed in so that this folder does not import the feed's.
 */
export function decodeSystemAlarm(prefix: string, topic: string, payload: Uint8Array, maxBytes: number): SystemAlarmDecoded {
  const instance = topic.startsWith(prefix) ? topic.slice(prefix.length) : '';
  if (!LOGIN_NAME.test(instance)) return { ok: false, detail: `bad topic ${topic.slice(0, 96)}` };
  if (payload.byteLength === 0) return { ok: true, instance, alarm: null };
  if (payload.byteLength > maxBytes) return { ok: false, detail: `${instance}: ${payload.byteLength} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payload));
  } catch {
    return { ok: false, detail: `${instance}: not JSON` };
  }
  const parsed = systemAlarmSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, detail: `${instance}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}` };
  }
  if (parsed.data.instance !== instance) return { ok: false, detail: `${instance}: names instance ${parsed.data.instance}` };
  // A number the schema takes may still be no date (beyond ±8.64e15 ms): the banner shows each as one.
  const timeless = parsed.data.problems.findIndex((p) => Number.isNaN(new Date(p.since).getTime()));
  if (timeless >= 0) return { ok: false, detail: `${instance}: problems.${timeless}.since is not a time` };
  // No problems listed is how a clear reads too; the service sends an empty payload instead.
  if (parsed.data.problems.length === 0) return { ok: true, instance, alarm: null };
  // Causes in the contract's order, so that the banner does not reorder as the service re-sends them.
  const problems = parsed.data.problems.toSorted((a, b) => SYSTEM_PROBLEMS.indexOf(a.code) - SYSTEM_PROBLEMS.indexOf(b.code));
  return { ok: true, instance, alarm: { instance, problems } };
}

/**
 * The standing system alarms, by instance name, and the instances a new connection has not yet
 * heard again: a clean session gets the retained alarms that stand, but never a clear that was
 * sent while it was away, so what is not resent by the time the retained state has settled is gone.
 */
export interface SystemAlarmState {
  alarms: readonly SystemAlarm[];
  unconfirmed: readonly string[];
}

export type SystemAlarmEvent = { type: 'message'; decoded: Extract<SystemAlarmDecoded, { ok: true }> } | { type: 'connected' } | { type: 'settled' };

export const NO_SYSTEM_ALARMS: SystemAlarmState = { alarms: [], unconfirmed: [] };

/**
 * The next state. `alarms` keeps its identity when nothing in it changed (a retained alarm resent
 * as it was after a reconnect), so that the worker posts, and the panel redraws, only on news.
 */
export function reduceSystemAlarms(state: SystemAlarmState, event: SystemAlarmEvent): SystemAlarmState {
  switch (event.type) {
    case 'connected':
      return { alarms: state.alarms, unconfirmed: state.alarms.map((a) => a.instance) };
    case 'settled': {
      if (state.unconfirmed.length === 0) return state;
      const gone = new Set(state.unconfirmed);
      return { alarms: state.alarms.filter((a) => !gone.has(a.instance)), unconfirmed: [] };
    }
    case 'message': {
      const { instance, alarm } = event.decoded;
      const unconfirmed = state.unconfirmed.includes(instance) ? state.unconfirmed.filter((i) => i !== instance) : state.unconfirmed;
      const was = state.alarms.find((a) => a.instance === instance);
      if (alarm === null ? !was : was && JSON.stringify(was) === JSON.stringify(alarm)) return unconfirmed === state.unconfirmed ? state : { alarms: state.alarms, unconfirmed };
      const others = state.alarms.filter((a) => a.instance !== instance);
      // By instance name: a stable order, so the banner does not jump as instances come and go.
      const alarms = alarm ? [...others, alarm].toSorted((a, b) => (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0)) : others;
      return { alarms, unconfirmed };
    }
  }
}

/**
 * The live worker's side: messages in, refusals to its counters, the list out when it changed.
 * The state is the reducer's; this only remembers what was last handed on.
 */
export class SystemAlarmFeed {
  private state = NO_SYSTEM_ALARMS;
  /** What was last handed on: the page starts with none standing. */
  private taken: readonly SystemAlarm[] = NO_SYSTEM_ALARMS.alarms;

  /** `prefix`: the topics' common start, `{city}/ops/system/`; `maxBytes`: the feed's payload limit. */
  constructor(
    readonly prefix: string,
    private readonly maxBytes: number,
    private readonly refuse: (detail: string) => void,
  ) {}

  message(topic: string, payload: Uint8Array): void {
    const decoded = decodeSystemAlarm(this.prefix, topic, payload, this.maxBytes);
    if (decoded.ok) this.state = reduceSystemAlarms(this.state, { type: 'message', decoded });
    else this.refuse(decoded.detail);
  }

  /** A new connection, and its retained state all in: see SystemAlarmState. */
  connected(): void {
    this.state = reduceSystemAlarms(this.state, { type: 'connected' });
  }

  settled(): void {
    this.state = reduceSystemAlarms(this.state, { type: 'settled' });
  }

  /** The standing alarms when they changed since the last take; null when they did not. */
  take(): readonly SystemAlarm[] | null {
    if (this.taken === this.state.alarms) return null;
    this.taken = this.state.alarms;
    return this.taken;
  }
}
