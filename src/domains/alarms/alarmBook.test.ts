import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AlarmBook, CHATTER_COUNT, isAudited, type Transition } from './alarmBook.ts';
import { alarmMessageSchema, CommandGate, COMMAND_CLOCK_SKEW_MS, COMMAND_WINDOW_MS, registryAlarmSchema } from './contract.ts';
import { groupAlarms } from './groups.ts';
import { alarmLoad, alarmLoadCsv, FLOOD_THRESHOLD } from './alarmLoad.ts';

const sensors = { ids: ['WL-1', 'WL-2', 'RG-3'], kinds: ['water-level', 'water-level', 'rainfall'], props: [{ cell: '440105-0001', district: '440105' }, { cell: null, district: '440115' }, { cell: '440105-0002', district: '440105' }] };
const up = (index: number, from: 0 | 1 | 2, to: 0 | 1 | 2, ts: number, value = to * 10) => ({ index, from, to, value, ts });
const act = (book: AlarmBook, op: Parameters<AlarmBook['act']>[0]['op'], alarm: string, now: number, extra: { minutes?: number; reason?: string } = {}) => book.act({ id: `c-${now}-${op}`, op, alarm, operator: 'zhang', ...extra }, now);

describe('alarm states after ISA-18.2', () => {
  it('keeps a fleeting alarm listed, returned to normal but unacknowledged, until someone acknowledges it', () => {
    const book = new AlarmBook(sensors);
    book.level(up(0, 0, 2, 1000, 4.321));
    book.level(up(0, 2, 0, 7000, 1.2));
    expect(book.list()).toMatchObject([{ id: 'WL-1', state: 'rtn-unack', level: 0, severity: 'alarm', peak: 4.321 }]);
    const r = act(book, 'ack', 'WL-1', 8000);
    expect(r.ok && r.transitions.map((t) => [t.from, t.to, t.by])).toEqual([['rtn-unack', 'normal', 'zhang']]);
    expect(book.list()).toEqual([]);
    expect(book.recentlyClosed()[0]).toMatchObject({ id: 'WL-1', clearedAt: 8000, ackedBy: 'zhang' });
  });

  it('acknowledges, asks again on an escalation, and leaves the list when an acknowledged alarm returns', () => {
    const book = new AlarmBook(sensors);
    book.level(up(0, 0, 1, 1000));
    expect(act(book, 'ack', 'WL-1', 1500).ok).toBe(true);
    expect(book.get('WL-1')).toMatchObject({ state: 'acked', ackedBy: 'zhang' });
    const [esc] = book.level(up(0, 1, 2, 2000));
    expect(esc).toMatchObject({ event: 'escalate', from: 'acked', to: 'unack' });
    expect(act(book, 'ack', 'WL-1', 2500).ok).toBe(true);
    // A step down keeps the acknowledgement and the worst severity; it is no audited event.
    const [down] = book.level(up(0, 2, 1, 3000));
    expect(isAudited(down!)).toBe(false);
    expect(book.get('WL-1')).toMatchObject({ state: 'acked', severity: 'alarm' });
    expect(book.level(up(0, 1, 0, 4000))).toMatchObject([{ from: 'acked', to: 'normal', event: 'return' }]);
    expect(book.list()).toEqual([]);
    expect(act(book, 'ack', 'WL-1', 5000)).toEqual({ ok: false, reason: 'WL-1 has no alarm' });
  });

  it('shelves for a chosen time with a reason, and unshelves when the time runs out', () => {
    const book = new AlarmBook(sensors);
    book.level(up(1, 0, 2, 1000));
    expect(act(book, 'shelve', 'WL-2', 2000, { minutes: 15 })).toEqual({ ok: false, reason: 'a shelved alarm needs a reason' });
    expect(act(book, 'shelve', 'WL-2', 2000, { minutes: 0, reason: 'x' }).ok).toBe(false);
    expect(act(book, 'shelve', 'WL-2', 2000, { minutes: 15, reason: 'gauge washed out' }).ok).toBe(true);
    expect(book.get('WL-2')).toMatchObject({ state: 'shelved', shelf: { by: 'zhang', until: 2000 + 15 * 60_000, reason: 'gauge washed out' } });
    // Readings move a shelved point quietly.
    book.level(up(1, 2, 1, 3000));
    expect(book.get('WL-2')!.state).toBe('shelved');
    expect(book.expire(2000 + 15 * 60_000 - 1)).toEqual([]);
    const [t] = book.expire(2000 + 15 * 60_000);
    // Still active when the shelf ran out: it asks for acknowledgement again.
    expect(t).toMatchObject({ event: 'expire', from: 'shelved', to: 'unack', by: 'system' });
    // Shelved again and back to normal meanwhile: unshelving takes it off the list.
    act(book, 'shelve', 'WL-2', 4000, { minutes: 60, reason: 'again' });
    book.level(up(1, 1, 0, 5000));
    expect(act(book, 'unshelve', 'WL-2', 6000)).toMatchObject({ ok: true, transitions: [{ from: 'shelved', to: 'normal' }] });
  });

  it('takes a sensor out of service for maintenance, alarm or not, and back', () => {
    const book = new AlarmBook(sensors);
    expect(act(book, 'remove-from-service', 'RG-3', 1000, { reason: 'calibration' })).toMatchObject({ ok: true, transitions: [{ from: 'normal', to: 'out-of-service' }] });
    book.level(up(2, 0, 2, 2000));
    expect(book.get('RG-3')).toMatchObject({ state: 'out-of-service', level: 2 });
    expect(act(book, 'shelve', 'RG-3', 2500, { minutes: 5, reason: 'x' }).ok).toBe(false);
    expect(act(book, 'return-to-service', 'RG-3', 3000)).toMatchObject({ ok: true, transitions: [{ from: 'out-of-service', to: 'unack' }] });
    expect(act(book, 'ack', 'NOPE', 3000)).toEqual({ ok: false, reason: 'unknown alarm NOPE' });
  });

  it(`flags an alarm entering alarm more than ${CHATTER_COUNT} times in the window as chattering`, () => {
    const book = new AlarmBook(sensors);
    let ts = 0;
    for (let k = 0; k <= CHATTER_COUNT; k++) {
      book.level(up(0, 0, 2, (ts += 1000)));
      book.level(up(0, 2, 0, (ts += 1000)));
    }
    expect(book.get('WL-1')).toMatchObject({ chattering: true, state: 'rtn-unack' });
    expect(book.get('WL-1')!.entries).toHaveLength(CHATTER_COUNT + 1);
  });

  it('restores from another copy only when that copy is newer', () => {
    const a = new AlarmBook(sensors);
    a.level(up(0, 0, 2, 1000));
    act(a, 'ack', 'WL-1', 1100);
    const b = new AlarmBook(sensors);
    b.level(up(0, 0, 2, 1000));
    expect(b.restore(a.list())).toBe(1);
    expect(b.get('WL-1')!.state).toBe('acked');
    expect(b.restore([{ ...a.get('WL-1')!, state: 'unack', rev: 1 }])).toBe(0);
  });

  it('never lists one point twice and never throws, whatever the order of changes and actions', () => {
    const ops = ['ack', 'shelve', 'unshelve', 'remove-from-service', 'return-to-service'] as const;
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ s: fc.integer({ min: 0, max: 2 }), to: fc.constantFrom(0, 1, 2) }), fc.record({ s: fc.integer({ min: 0, max: 3 }), op: fc.constantFrom(...ops), minutes: fc.integer({ min: 0, max: 600 }) })), { maxLength: 60 }), (steps) => {
        const book = new AlarmBook(sensors);
        const level = [0, 0, 0];
        let now = 0;
        const all: Transition[] = [];
        for (const st of steps) {
          now += 60_000;
          if ('to' in st) {
            if (st.to !== level[st.s]) all.push(...book.level(up(st.s, level[st.s] as 0, st.to as 0 | 1 | 2, now)));
            level[st.s] = st.to;
          } else act(book, st.op, sensors.ids[st.s] ?? 'X', now, { minutes: st.minutes, reason: 'r' });
          all.push(...book.expire(now));
          const ids = book.list().map((a) => a.id);
          expect(new Set(ids).size).toBe(ids.length);
          for (const a of book.list()) expect(a.level).toBe(level[a.sensor]);
        }
        expect(all.filter((t) => t.to === 'normal' && t.record !== null)).toEqual([]);
      }),
      { seed: 1214, numRuns: 300 },
    );
  });
});

const gate = (): CommandGate => new CommandGate('ops/guangzhou', (n) => n === 'zhang' || n === 'li');
const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const cmd = (over: Record<string, unknown> = {}) => ({ id: 'a1b2c3d4-0001', op: 'ack', alarm: 'WL-1', operator: 'zhang', ts: 1_000_000, ...over });

describe('operator commands', () => {
  it('applies a command once, from its own operator, within the window', () => {
    const g = gate();
    expect(g.decode('ops/guangzhou/command/zhang', bytes(cmd()), 1_000_000)).toMatchObject({ ok: true, action: { op: 'ack', alarm: 'WL-1', operator: 'zhang' } });
    g.remember('a1b2c3d4-0001', 1_000_000);
    expect(g.decode('ops/guangzhou/command/zhang', bytes(cmd()), 1_000_500)).toMatchObject({ ok: false, reason: 'replay' });
  });

  it('takes a command again that was decoded but not applied (refused by the alarm rules): only applied ids are replays', () => {
    const g = gate();
    expect(g.decode('ops/guangzhou/command/zhang', bytes(cmd()), 1_000_000).ok).toBe(true);
    expect(g.decode('ops/guangzhou/command/zhang', bytes(cmd()), 1_000_500).ok).toBe(true);
  });

  it('refuses a command stamped beyond the clock-skew allowance ahead, and takes one within it', () => {
    const g = gate();
    const ahead = g.decode('ops/guangzhou/command/zhang', bytes(cmd({ ts: 1_000_000 + 4 * 60_000 })), 1_000_000);
    expect(ahead).toMatchObject({ ok: false, reason: 'stale', id: 'a1b2c3d4-0001', operator: 'zhang' });
    expect(ahead.ok ? '' : ahead.detail).toMatch(/240 s ahead/);
    expect(g.decode('ops/guangzhou/command/zhang', bytes(cmd({ ts: 1_000_000 + COMMAND_CLOCK_SKEW_MS })), 1_000_000).ok).toBe(true);
  });

  it('names the id of a command refused for its schema, when the id can be read', () => {
    const d = gate().decode('ops/guangzhou/command/zhang', bytes(cmd({ op: 'delete' })), 1_000_000);
    expect(d).toMatchObject({ ok: false, reason: 'bad-schema', id: 'a1b2c3d4-0001', operator: 'zhang' });
    expect(gate().decode('ops/guangzhou/command/zhang', bytes({ op: 'ack' }), 1_000_000)).not.toHaveProperty('id');
  });

  it('refuses a retained alarm for a sensor not in the registry, or at another sensor’s index', () => {
    const registry = { indexOf: new Map(sensors.ids.map((id, i) => [id, i])) };
    const record = { ...new AlarmBook(sensors).level(up(1, 0, 2, 1000))[0]!.record!, owner: 'ops-1' };
    expect(registryAlarmSchema(registry).safeParse(record).success).toBe(true);
    expect(alarmMessageSchema.safeParse({ ...record, id: 'NO-SUCH-1' }).success).toBe(true);
    const unknown = registryAlarmSchema(registry).safeParse({ ...record, id: 'NO-SUCH-1' });
    expect(unknown.success ? '' : unknown.error.issues[0]?.message).toMatch(/not an alarm of a sensor in the registry/);
    expect(registryAlarmSchema(registry).safeParse({ ...record, sensor: 0 }).success).toBe(false);
  });

  it('refuses and names each kind of bad command', () => {
    const g = gate();
    const reason = (topic: string, payload: unknown, now = 1_000_000) => {
      const d = g.decode(topic, bytes(payload), now);
      return d.ok ? 'ok' : d.reason;
    };
    expect(reason('ops/guangzhou/command/zhang', 'not json {')).toBe('not-json');
    expect(reason('ops/guangzhou/command/wang', cmd({ operator: 'wang' }))).toBe('unknown-operator');
    expect(reason('ops/guangzhou/command/li', cmd({ id: 'a1b2c3d4-0002' }))).toBe('impersonation');
    expect(reason('ops/guangzhou/command/zhang', cmd({ id: 'a1b2c3d4-0003', op: 'delete' }))).toBe('bad-schema');
    expect(reason('ops/guangzhou/command/zhang', cmd({ id: 'a1b2c3d4-0004' }), 1_000_000 + COMMAND_WINDOW_MS + 1)).toBe('stale');
    expect(reason('ops/guangzhou/other/zhang', cmd({ id: 'a1b2c3d4-0005' }))).toBe('bad-topic');
  });

  it('never throws on any topic or bytes (fast-check)', () => {
    const g = gate();
    fc.assert(
      fc.property(fc.oneof(fc.constant('ops/guangzhou/command/zhang'), fc.string()), fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.json().map(bytes), fc.record({ id: fc.string(), op: fc.string(), alarm: fc.string(), operator: fc.constantFrom('zhang', 'li', ''), ts: fc.integer() }).map(bytes)), (topic, payload) => {
        const d = g.decode(topic, payload, 1_000_000);
        expect(typeof d.ok).toBe('boolean');
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('alarm floods, grouped and measured', () => {
  it('rolls alarms up by district and kind, alarms first, with the first alarm', () => {
    const book = new AlarmBook(sensors);
    book.level(up(2, 0, 1, 500));
    book.level(up(0, 0, 2, 1000));
    book.level(up(1, 0, 2, 900));
    const groups = groupAlarms(book.list());
    expect(groups.map((g) => [g.key, g.count, g.alarms, g.first.id])).toEqual([
      ['440105/water-level', 1, 1, 'WL-1'],
      ['440115/water-level', 1, 1, 'WL-2'],
      ['440105/rainfall', 1, 0, 'RG-3'],
    ]);
  });

  it('counts alarms per 10 minutes per position, floods, the most frequent, chattering and stale', () => {
    const t0 = 6_000_000_000;
    const events = [
      ...Array.from({ length: FLOOD_THRESHOLD + 1 }, (_, k) => ({ at: t0 + k * 1000, alarm: `WL-${k % 3}`, district: '440105', event: 'raise' })),
      { at: t0 + 700_000, alarm: 'RG-9', district: '440115', event: 'raise' },
      { at: t0 + 700_500, alarm: 'RG-9', district: '440115', event: 'ack' },
    ];
    const listed = [{ ...new AlarmBook(sensors).level(up(0, 0, 2, t0 - 25 * 3600_000))[0]!.record!, chattering: true }];
    const load = alarmLoad(events, listed, t0, t0 + 1_200_000);
    expect(load.positions.map((p) => [p.position, p.alarms, p.per10MinPeak, p.floodWindows])).toEqual([
      ['440105', 11, 11, 1],
      ['440115', 1, 1, 0],
    ]);
    expect(load.floods).toEqual([{ position: '440105', start: t0, alarms: 11 }]);
    expect(load.top[0]).toEqual({ alarm: 'WL-0', district: '440105', count: 4 });
    expect(load.chattering).toEqual([{ alarm: 'WL-1', district: '440105' }]);
    expect(load.stale).toHaveLength(1);
    expect(alarmLoadCsv(load).split('\r\n')[0]).toBe('section,position_or_alarm,value,detail');
  });
});
