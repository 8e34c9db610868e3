/**
 * The operations service against real brokers and real databases: Aedes with the embedded PGlite,
 * Mosquitto with a PostgreSQL server the harness starts. Alarms as retained messages, commands
 * and their refusals, the audit trail, a restart at the storm's peak, a database outage, and two
 * instances on one shared subscription (Mosquitto).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { startSimulator } from '../../scripts/live/simulator.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import type { AlarmMessage } from '../../src/domains/alarms/contract.ts';
import { sleep, until } from '../harness/wait.ts';
import { DEFAULT_REGISTRY, TOPIC_PREFIX, readRegistry } from '../../server/data/cityFiles.ts';

/** A subscriber that keeps the retained alarms as the broker holds them. */
async function alarmWatch(url: string): Promise<{ client: MqttClient; alarms: Map<string, AlarmMessage> }> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200 });
  const alarms = new Map<string, AlarmMessage>();
  client.on('message', (topic, payload) => {
    const id = topic.split('/').pop()!;
    if (payload.length === 0) alarms.delete(id);
    else alarms.set(id, JSON.parse(payload.toString()) as AlarmMessage);
  });
  await client.subscribeAsync(`${TOPIC_PREFIX}/alarm/+`);
  return { client, alarms };
}

const registry = readRegistry(DEFAULT_REGISTRY);
const gauges = registry.ids.filter((id) => id.startsWith('WL-'));
if (gauges.length < 300) throw new Error(`the default registry has ${gauges.length} water gauges; these tests use 300`);
const kindOf = (id: string): string => registry.kinds[registry.indexOf.get(id)!]!;
let clock = Date.now();
/** Strictly increasing timestamps, so that no reading is refused as out of order. */
const stamp = (): number => (clock = Math.max(clock + 1, Date.now()));
const reading = (value: number): string => JSON.stringify({ ts: stamp(), value, unit: 'm', quality: 'good' });

const PASSWORDS = { zhang: 'Duty-Zhang-4417-rb', li: 'Duty-Li-8803-hw' };
let commandSeq = 0;
const command = (op: string, alarm: string, operator = 'zhang', extra: Record<string, unknown> = {}) => ({ id: `cmd-${Date.now().toString(36)}-${++commandSeq}`, op, alarm, operator, ts: Date.now(), ...extra });

const send = async (client: MqttClient, topicOperator: string, payload: unknown): Promise<void> => {
  await client.publishAsync(`ops/guangzhou/command/${topicOperator}`, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });
};

describe.each<[BrokerName, 'pglite' | 'postgres']>([
  ['aedes', 'pglite'],
  ['mosquitto', 'postgres'],
])('operations service on %s with %s', (brokerName, dbKind) => {
  let stack: LiveStack;
  let postgres: RunningPostgres | null = null;
  let sim: MqttClient;
  let zhang: MqttClient;
  let li: MqttClient;
  let watch: Awaited<ReturnType<typeof alarmWatch>>;
  const results: { id: string; ok: boolean; error?: string }[] = [];
  const publish = (id: string, value: number): Promise<unknown> => sim.publishAsync(`${TOPIC_PREFIX}/sensor/${kindOf(id)}/${id}`, reading(value), { qos: 1, retain: true });
  const auditRows = (alarm: string) => stack.ops!.database.query<{ event: string; from_state: string; to_state: string; actor: string }>('select event, from_state, to_state, actor from alarm_audit where alarm = $1 order by seq', [alarm]);

  beforeAll(async () => {
    postgres = dbKind === 'postgres' ? await startPostgres() : null;
    stack = await startLiveStack({
      broker: brokerName,
      simulate: false,
      ops: { database: postgres ? { url: postgres.url } : {} },
      logins: [
        { name: 'zhang', role: 'operator', password: PASSWORDS.zhang },
        { name: 'li', role: 'operator', password: PASSWORDS.li },
      ],
    });
    sim = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator });
    zhang = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'zhang', password: PASSWORDS.zhang });
    li = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'li', password: PASSWORDS.li });
    for (const c of [zhang, li]) {
      c.on('message', (_t, p) => results.push(JSON.parse(p.toString()) as (typeof results)[number]));
    }
    await zhang.subscribeAsync('ops/guangzhou/result/zhang');
    await li.subscribeAsync('ops/guangzhou/result/li');
    watch = await alarmWatch(stack.broker.tcpUrl);
  });
  afterAll(async () => {
    await Promise.all([sim, zhang, li, watch?.client].map((c) => c?.endAsync(true)));
    await stack?.stop();
    await postgres?.destroy();
  });

  it('keeps a fleeting alarm listed, returned but unacknowledged, until an operator acknowledges it', async () => {
    const id = gauges[150]!;
    await publish(id, 4.321 + 5);
    await until(() => watch.alarms.get(id)?.state === 'unack', 5000, 'the alarm');
    await publish(id, 0);
    await until(() => watch.alarms.get(id)?.state === 'rtn-unack', 5000, 'returned to normal, unacknowledged');
    await sleep(500);
    expect(watch.alarms.get(id)).toMatchObject({ state: 'rtn-unack', level: 0, severity: 'alarm', owner: stack.ops!.instance });
    const c = command('ack', id);
    await send(zhang, 'zhang', c);
    // Acknowledged and normal: the retained message is cleared.
    await until(() => !watch.alarms.has(id), 5000, 'the retained alarm to clear');
    expect(results.find((r) => r.id === c.id)).toEqual({ id: c.id, ok: true });
    await until(async () => (await auditRows(id)).length >= 3, 5000, 'the audit rows');
    expect((await auditRows(id)).map((r) => [r.event, r.from_state, r.to_state, r.actor])).toEqual([
      ['raise', 'normal', 'unack', 'system'],
      ['return', 'unack', 'rtn-unack', 'system'],
      ['ack', 'rtn-unack', 'normal', 'zhang'],
    ]);
  });

  it('refuses and counts malformed, impersonating, unknown and replayed commands, and keeps running', async () => {
    const id = gauges[151]!;
    await publish(id, 9.5);
    await until(() => watch.alarms.get(id), 5000, 'the alarm');
    const before = stack.ops!.stats().alarms!.commands.refused;
    const ok = command('ack', id);
    await send(zhang, 'zhang', 'not json at all');
    await send(zhang, 'zhang', command('ack', 'NO-SUCH-SENSOR'));
    await send(zhang, 'zhang', command('ack', id, 'li'));
    await send(zhang, 'zhang', ok);
    await send(zhang, 'zhang', ok);
    await send(li, 'li', command('shelve', id, 'li', { minutes: 10 }));
    const grew = (): Record<string, number> => {
      const now = stack.ops!.stats().alarms!.commands.refused;
      return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - ((before as Record<string, number>)[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
    };
    await until(() => Object.values(grew()).reduce((a, b) => a + b, 0) >= 5, 5000, 'five refusals', () => [grew(), stack.ops!.stats()]);
    // Shelving without a reason is refused by the alarm rules ('refused'), not by the decoder.
    expect(grew()).toEqual({ 'not-json': 1, 'unknown-alarm': 1, impersonation: 1, replay: 1, refused: 1 });
    // Refusals are counted as the commands arrive; the acknowledgement is announced only once its
    // audit row is committed, a round trip to the database later (PostgreSQL: one poll behind).
    await until(() => watch.alarms.get(id)?.state === 'acked', 5000, 'the acknowledgement', () => watch.alarms.get(id));
    expect(watch.alarms.get(id)?.ackedBy).toBe('zhang');
    // Each answer also waits for its row: the command's own comes first, then the replay's.
    const answers = await until(() => (results.filter((r) => r.id === ok.id).length >= 2 ? results.filter((r) => r.id === ok.id) : null), 5000, 'both answers');
    expect(answers).toEqual([{ id: ok.id, ok: true }, { id: ok.id, ok: false, error: expect.stringMatching(/^replay: /) }]);
    const log = async (): Promise<string[]> => (await stack.ops!.database.query<{ outcome: string }>('select outcome from command_log where command_id = $1 order by seq', [ok.id])).map((r) => r.outcome);
    await until(async () => (await log()).length >= 2, 5000, 'the command log');
    expect(await log()).toEqual(['applied', 'replay']);
  });

  it('loses nothing and doubles nothing when the service is killed at the storm’s peak and started again', async () => {
    const storm = gauges.slice(200, 260);
    for (const id of storm) await publish(id, 9.5);
    await until(() => storm.every((id) => watch.alarms.has(id)), 10_000, 'the storm’s alarms');
    await send(zhang, 'zhang', command('ack', storm[0]!));
    await send(zhang, 'zhang', command('shelve', storm[1]!, 'zhang', { minutes: 30, reason: 'gauge under repair' }));
    await send(zhang, 'zhang', command('remove-from-service', storm[2]!, 'zhang', { reason: 'calibration' }));
    await until(() => watch.alarms.get(storm[0]!)?.state === 'acked' && watch.alarms.get(storm[1]!)?.state === 'shelved' && watch.alarms.get(storm[2]!)?.state === 'out-of-service', 5000, 'the commands');
    // Let the audit rows reach the database, as they do within a fraction of a second.
    await until(() => stack.ops!.stats().alarms!.audit.queued === 0, 5000, 'the audit queue to drain');
    const before = new Map([...watch.alarms].map(([id, a]) => [id, a.state]));
    const instance = stack.ops!.instance;
    stack.ops!.kill();
    // Readings keep coming while it is down: one more gauge rises, one returns.
    await publish(gauges[299]!, 9.5);
    await publish(storm[3]!, 0);
    const restarted = await stack.startOps(instance);
    await until(() => watch.alarms.get(gauges[299]!)?.state === 'unack' && watch.alarms.get(storm[3]!)?.state === 'rtn-unack', 10_000, 'the restarted service to catch up', () => [watch.alarms.get(gauges[299]!)?.state, watch.alarms.get(storm[3]!)?.state, stack.ops!.stats()]);
    await sleep(500);
    const after = new Map([...watch.alarms].map(([id, a]) => [id, a.state]));
    expect(after.get(storm[0]!)).toBe('acked');
    expect(after.get(storm[1]!)).toBe('shelved');
    expect(after.get(storm[2]!)).toBe('out-of-service');
    const changed = [...before].filter(([id, state]) => id !== storm[3] && after.get(id) !== state);
    expect(changed).toEqual([]);
    expect(restarted.stats().alarms!.owned).toBe(after.size);
    // One raise per alarm in the audit trail: none was raised twice by the restart.
    await until(() => restarted.stats().alarms!.audit.queued === 0, 5000, 'the audit queue');
    const raises = await restarted.database.query<{ alarm: string; n: number }>(`select alarm, count(*)::int as n from alarm_audit where event = 'raise' and alarm = any($1) group by alarm`, [storm]);
    expect(raises.filter((r) => r.n !== 1)).toEqual([]);
    expect(raises).toHaveLength(storm.length);
    stack.ops = restarted;
  });

  it('announces an alarm only once its audit row is committed: killed the moment the alarm is seen, it is audited and listed after the restart', async () => {
    const id = gauges[297]!;
    const ops = stack.ops!;
    // Killed in the same turn as the alarm arrives: whatever the service had not yet written is lost.
    const killed = new Promise<void>((resolve) => {
      const onMessage = (topic: string, payload: Buffer): void => {
        if (topic !== `${TOPIC_PREFIX}/alarm/${id}` || payload.length === 0) return;
        ops.kill();
        watch.client.off('message', onMessage);
        resolve();
      };
      watch.client.on('message', onMessage);
    });
    await publish(id, 9.5);
    await killed;
    expect((await auditRows(id)).map((r) => r.event)).toEqual(['raise']);
    const restarted = await stack.startOps(ops.instance);
    stack.ops = restarted;
    expect(restarted.parts.alarms!.list().find((a) => a.id === id)?.state).toBe('unack');
    expect(watch.alarms.get(id)?.state).toBe('unack');
  });

  it('answers every refused command whose id it can read, refuses one stamped minutes ahead, and takes a refused id again', async () => {
    const id = gauges[296]!;
    await publish(id, 9.5);
    await until(() => watch.alarms.get(id), 5000, 'the alarm');
    const answer = (cid: string) => until(() => results.find((r) => r.id === cid), 5000, `the answer to ${cid}`);
    const ahead = command('ack', id, 'zhang', { ts: Date.now() + 4 * 60_000 });
    await send(zhang, 'zhang', ahead);
    expect((await answer(ahead.id)).error).toMatch(/^stale: .* ahead of the service's clock/);
    const badSchema = command('delete', id);
    await send(zhang, 'zhang', badSchema);
    expect(await answer(badSchema.id)).toMatchObject({ ok: false, error: expect.stringMatching(/^bad-schema: /) });
    // Shelving without a reason is refused by the alarm rules; the same id, fixed, is then applied.
    const shelve = command('shelve', id, 'zhang', { minutes: 10 });
    await send(zhang, 'zhang', shelve);
    expect((await answer(shelve.id)).error).toMatch(/^refused: /);
    results.length = 0;
    await send(zhang, 'zhang', { ...shelve, reason: 'gauge checked on site', ts: Date.now() });
    expect(await answer(shelve.id)).toEqual({ id: shelve.id, ok: true });
    await until(() => watch.alarms.get(id)?.state === 'shelved', 5000, 'the shelved alarm');
  });

  it('clears a retained alarm of a sensor not in the registry, even one published with the service’s login, and counts it', async () => {
    const forger = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'ops', password: stack.credentials.ops, clientId: `ops-forger-${brokerName}` });
    try {
      const real = [...watch.alarms.values()][0]!;
      const before = stack.ops!.stats().alarms!.foreignAlarms;
      await forger.publishAsync(`${TOPIC_PREFIX}/alarm/NO-SUCH-1`, JSON.stringify({ ...real, id: 'NO-SUCH-1' }), { qos: 1, retain: true });
      await until(() => stack.ops!.stats().alarms!.foreignAlarms > before, 5000, 'the foreign alarm counted', () => stack.ops!.stats());
      await until(() => !watch.alarms.has('NO-SUCH-1'), 5000, 'the foreign alarm cleared');
      // Cleared in the retained store too: a new screen does not get it.
      const fresh = await alarmWatch(stack.broker.tcpUrl);
      await until(() => fresh.alarms.size > 0, 5000, 'the retained alarms');
      expect(fresh.alarms.has('NO-SUCH-1')).toBe(false);
      await fresh.client.endAsync(true);
    } finally {
      await forger.endAsync(true);
    }
  });

  it.runIf(dbKind === 'postgres')('keeps alarming while the database is down, holds the audit rows and writes them once it is back', async () => {
    const ops = stack.ops!;
    const written = ops.stats().alarms!.audit.written;
    await postgres!.stop();
    const id = gauges[298]!;
    await publish(id, 9.5);
    await until(() => watch.alarms.get(id)?.state === 'unack', 5000, 'the alarm, database or not');
    await until(() => !ops.stats().alarms!.audit.healthy && ops.stats().alarms!.audit.queued > 0, 10_000, 'the failed write');
    expect(ops.stats().alarms!.audit.dropped).toBe(0);
    await postgres!.start();
    await until(() => ops.stats().alarms!.audit.healthy && ops.stats().alarms!.audit.queued === 0, 20_000, 'the queue to drain');
    expect(ops.stats().alarms!.audit.written).toBeGreaterThan(written);
    expect((await auditRows(id)).map((r) => r.event)).toEqual(['raise']);
  });

  it.runIf(brokerName === 'mosquitto')('shares the readings between two instances, each alarm owned by exactly one', async () => {
    const first = stack.ops!;
    const second = await stack.startOps('ops-2');
    // Both must see both: until the second hears the first's presence it owns every sensor itself.
    await until(() => first.stats().members.length === 2 && second.stats().members.length === 2, 5000, 'each instance to see the other', () => [first.stats(), second.stats()]);
    const simulator = await startSimulator({ url: stack.broker.tcpUrl, username: 'simulator', password: stack.credentials.simulator, registry, prefix: TOPIC_PREFIX, scenario: 'typhoon', cycleS: 12, rate: 6000 });
    try {
      await until(() => watch.alarms.size > 500, 30_000, 'the typhoon’s alarms');
      await sleep(1000);
    } finally {
      await simulator.stop();
    }
    await sleep(1500);
    const a = first.stats();
    const b = second.stats();
    // The broker spread the readings over both; each passed the other's alarms to it.
    expect(a.decoded).toBeGreaterThan(1000);
    expect(b.decoded).toBeGreaterThan(1000);
    expect(a.routedOut).toBeGreaterThan(0);
    expect(b.routedIn).toBeGreaterThan(0);
    const owners = new Map<string, number>();
    for (const m of watch.alarms.values()) owners.set(m.owner, (owners.get(m.owner) ?? 0) + 1);
    expect([...owners.keys()].toSorted()).toEqual(['ops-1', 'ops-2']);
    expect(a.alarms!.owned + b.alarms!.owned).toBe(watch.alarms.size);
    const raises = await first.database.query<{ alarm: string; n: number; owners: number }>(`select alarm, count(*)::int as n, count(distinct instance)::int as owners from alarm_audit where event = 'raise' and at > now() - interval '2 minutes' group by alarm having count(*) > 1 and count(distinct instance) > 1`);
    expect(raises).toEqual([]);
  });
});
