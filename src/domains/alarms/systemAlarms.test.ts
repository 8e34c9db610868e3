import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../live/contract.ts';
import { systemTopic, type SystemAlarm } from '../../live/opsContract.ts';
import { decodeSystemAlarm, NO_SYSTEM_ALARMS, reduceSystemAlarms, SystemAlarmFeed, type SystemAlarmState } from './systemAlarms.ts';

const CITY = 'city/guangzhou';
const PREFIX = systemTopic(CITY, '');
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../../tests/fixtures/system-alarms/${name}`, import.meta.url), 'utf8')) as T;
const VALID = fixture<Record<string, SystemAlarm>>('valid.json');
const MALFORMED = fixture<{ why: string; topic: string; json?: unknown; text?: string; base64?: string; says: string }[]>('malformed.json');
const [ops1, ops2] = Object.values(VALID) as [SystemAlarm, SystemAlarm];
/** ops-2 as shown: its fixture lists the users file before the database, the contract the other way. */
const ops2InOrder: SystemAlarm = { ...ops2, problems: ops2.problems.toReversed() };

const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const cleared = new Uint8Array(0);
const payloadOf = (m: (typeof MALFORMED)[number]): Uint8Array => (m.base64 !== undefined ? new Uint8Array(Buffer.from(m.base64, 'base64')) : m.text !== undefined ? new TextEncoder().encode(m.text) : bytes(m.json));

/** A feed with its refusals counted, as the live worker counts them. */
function feed(): { feed: SystemAlarmFeed; refusals: string[]; send: (instance: string, payload: Uint8Array) => void } {
  const refusals: string[] = [];
  const f = new SystemAlarmFeed(PREFIX, MAX_PAYLOAD_BYTES, (detail) => refusals.push(detail));
  return { feed: f, refusals, send: (instance, payload) => f.message(systemTopic(CITY, instance), payload) };
}

describe('decoding a system alarm message', () => {
  it('takes a valid one, its causes in the contract’s order', () => {
    expect(decodeSystemAlarm(PREFIX, systemTopic(CITY, 'ops-1'), bytes(ops1), MAX_PAYLOAD_BYTES)).toEqual({ ok: true, instance: 'ops-1', alarm: ops1 });
    const d = decodeSystemAlarm(PREFIX, systemTopic(CITY, 'ops-2'), bytes(ops2), MAX_PAYLOAD_BYTES);
    expect(d).toEqual({ ok: true, instance: 'ops-2', alarm: ops2InOrder });
    expect(ops2InOrder.problems.map((p) => p.code)).toEqual(['database', 'users-file']);
  });

  it('reads an empty payload, or no problems, as cleared', () => {
    expect(decodeSystemAlarm(PREFIX, systemTopic(CITY, 'ops-1'), cleared, MAX_PAYLOAD_BYTES)).toEqual({ ok: true, instance: 'ops-1', alarm: null });
    expect(decodeSystemAlarm(PREFIX, systemTopic(CITY, 'ops-1'), bytes({ instance: 'ops-1', problems: [] }), MAX_PAYLOAD_BYTES)).toEqual({ ok: true, instance: 'ops-1', alarm: null });
  });

  it.each(MALFORMED.map((m) => [m.why, m] as const))('refuses %s, saying why, without throwing', (_why, m) => {
    const d = decodeSystemAlarm(PREFIX, systemTopic(CITY, m.topic), payloadOf(m), MAX_PAYLOAD_BYTES);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.detail).toContain(m.says);
    expect(!d.ok && d.detail.length).toBeLessThan(200);
  });

  it('refuses a payload over the size limit before parsing it', () => {
    const padded = new TextEncoder().encode(JSON.stringify(ops1).replace('{', `{${' '.repeat(MAX_PAYLOAD_BYTES)}`));
    expect(JSON.parse(new TextDecoder().decode(padded))).toEqual(ops1);
    expect(decodeSystemAlarm(PREFIX, systemTopic(CITY, 'ops-1'), padded, MAX_PAYLOAD_BYTES)).toEqual({ ok: false, detail: `ops-1: ${padded.byteLength} bytes` });
  });
});

const message = (s: SystemAlarmState, instance: string, alarm: SystemAlarm | null): SystemAlarmState => reduceSystemAlarms(s, { type: 'message', decoded: { ok: true, instance, alarm } });

describe('the standing system alarms', () => {
  it('keeps one entry per instance, by name, and clears each on its own', () => {
    let s = message(NO_SYSTEM_ALARMS, 'ops-2', ops2);
    s = message(s, 'ops-1', ops1);
    expect(s.alarms.map((a) => a.instance)).toEqual(['ops-1', 'ops-2']);
    const changed = { instance: 'ops-1', problems: [{ ...ops1.problems[0]!, detail: 'the audit database was replaced under the service' }] };
    s = message(s, 'ops-1', changed);
    expect(s.alarms).toEqual([changed, ops2]);
    s = message(s, 'ops-2', null);
    expect(s.alarms).toEqual([changed]);
    s = message(s, 'ops-1', null);
    expect(s.alarms).toEqual([]);
  });

  it('keeps the list’s identity when a message changes nothing', () => {
    const s = message(NO_SYSTEM_ALARMS, 'ops-1', ops1);
    expect(message(s, 'ops-1', structuredClone(ops1))).toBe(s);
    expect(message(s, 'ops-9', null)).toBe(s);
  });

  it('drops after a reconnect what the broker did not resend by the time it settled', () => {
    let s = message(message(NO_SYSTEM_ALARMS, 'ops-1', ops1), 'ops-2', ops2);
    s = reduceSystemAlarms(s, { type: 'connected' });
    // Shown meanwhile: no blink while the retained state comes in again.
    expect(s.alarms).toEqual([ops1, ops2]);
    s = message(s, 'ops-2', ops2);
    s = reduceSystemAlarms(s, { type: 'settled' });
    expect(s.alarms).toEqual([ops2]);
    expect(reduceSystemAlarms(s, { type: 'settled' })).toBe(s);
  });
});

describe('the live worker’s feed of system alarms', () => {
  it('hands on the list when it changes, and counts every malformed message as refused', () => {
    const { feed: f, refusals, send } = feed();
    expect(f.take()).toBeNull();
    send('ops-1', bytes(ops1));
    send('ops-2', bytes(ops2));
    expect(f.take()).toEqual([ops1, ops2InOrder]);
    expect(f.take()).toBeNull();
    for (const m of MALFORMED) f.message(systemTopic(CITY, m.topic), payloadOf(m));
    expect(refusals).toHaveLength(MALFORMED.length);
    // Nothing good is lost to the bad ones.
    expect(f.take()).toBeNull();
    send('ops-1', cleared);
    expect(f.take()).toEqual([ops2InOrder]);
    send('ops-2', cleared);
    expect(f.take()).toEqual([]);
    expect(refusals).toHaveLength(MALFORMED.length);
  });
});
