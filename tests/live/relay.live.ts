/**
 * The conflating relay (server/mqtt/relay.ts) on both brokers: what a viewer reads from its
 * batches is what it would have read from the readings, and only the relay login writes them.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { startSimulator } from '../../scripts/live/simulator.ts';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { batchFilter, deltaTopic, type BatchRow } from '../../src/live/batchContract.ts';
import { MAX_PAYLOAD_BYTES, sensorFilter } from '../../src/live/contract.ts';
import { sleep, until } from '../harness/wait.ts';
import { DEFAULT_REGISTRY, TOPIC_PREFIX, readRegistry } from '../../server/data/cityFiles.ts';

interface Seen {
  client: MqttClient;
  /** Per sensor id: "ts value" of the latest reading seen. */
  latest: Map<string, string>;
  messages: { topic: string; bytes: number; retain: boolean }[];
}

/** A subscriber that keeps each sensor's latest reading, from readings or from batches. */
async function watch(url: string, filter: string, options: IClientOptions): Promise<Seen> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, ...options });
  const seen: Seen = { client, latest: new Map(), messages: [] };
  client.on('message', (topic, payload, packet) => {
    seen.messages.push({ topic, bytes: payload.byteLength, retain: packet.retain });
    if (topic.includes('/batch/')) {
      for (const [id, ts, value] of (JSON.parse(payload.toString()) as { rows: BatchRow[] }).rows) {
        const last = seen.latest.get(id);
        if (!last || Number(last.split(' ')[0]) <= ts) seen.latest.set(id, `${ts} ${value}`);
      }
    } else {
      const r = JSON.parse(payload.toString()) as { ts: number; value: number };
      seen.latest.set(topic.split('/').at(-1)!, `${r.ts} ${r.value}`);
    }
  });
  await client.subscribeAsync(filter);
  return seen;
}

const differing = (a: Map<string, string>, b: Map<string, string>): string[] => [...a].filter(([id, v]) => b.get(id) !== v).map(([id]) => id);

describe.each<BrokerName>(['aedes', 'mosquitto'])('the conflating relay on %s', (brokerName) => {
  let stack: LiveStack;
  const clients: MqttClient[] = [];
  const keep = (s: Seen): Seen => {
    clients.push(s.client);
    return s;
  };
  beforeAll(async () => {
    stack = await startLiveStack({ broker: brokerName, simulate: false, relay: { windowMs: 100, stateMs: 500 } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await stack?.stop();
  });

  it('gives a viewer every sensor’s latest reading: live in deltas, and retained for one that connects later', async () => {
    const registry = readRegistry(DEFAULT_REGISTRY);
    const simulated = registry.kinds.filter((k) => k !== 'crowd').length;
    const viewer = { username: 'viewer', password: stack.credentials.viewer };
    const raw = keep(await watch(stack.broker.wsUrl, sensorFilter(TOPIC_PREFIX), viewer));
    const deltas = keep(await watch(stack.broker.wsUrl, deltaTopic(TOPIC_PREFIX), viewer));
    const sim = await startSimulator({ url: stack.broker.tcpUrl, username: 'simulator', password: stack.credentials.simulator, registry, prefix: TOPIC_PREFIX, scenario: 'typhoon', rate: 5000 });
    try {
      await until(() => sim.published() >= simulated * 2, 20_000, 'two rounds of readings');
    } finally {
      await sim.stop();
    }
    await until(() => raw.latest.size >= simulated && differing(raw.latest, deltas.latest).length === 0, 15_000, 'the deltas to catch up with the readings', () => ({ raw: raw.latest.size, deltas: deltas.latest.size, differing: differing(raw.latest, deltas.latest).length }));
    // Many sensors a message: far fewer messages than readings, none retained, each under the payload limit.
    expect(deltas.messages.length).toBeLessThan(sim.published() / 20);
    expect(deltas.messages.every((m) => !m.retain && m.bytes <= MAX_PAYLOAD_BYTES)).toBe(true);
    const late = keep(await watch(stack.broker.wsUrl, batchFilter(TOPIC_PREFIX), viewer));
    await until(() => late.latest.size >= simulated && differing(raw.latest, late.latest).length === 0, 10_000, 'the retained shard states', () => ({ late: late.latest.size, differing: differing(raw.latest, late.latest).length }));
    expect(late.messages.filter((m) => m.retain).length).toBeLessThanOrEqual(Math.ceil(registry.ids.length / 800));
    expect(stack.relay!.stats().refused).toEqual({});
  });

  it('carries on through a broker restart: the deltas resume and the states are there for a new viewer', async () => {
    const registry = readRegistry(DEFAULT_REGISTRY);
    const viewer = { username: 'viewer', password: stack.credentials.viewer };
    const raw = keep(await watch(stack.broker.wsUrl, sensorFilter(TOPIC_PREFIX), viewer));
    const deltas = keep(await watch(stack.broker.wsUrl, deltaTopic(TOPIC_PREFIX), viewer));
    await until(() => raw.latest.size > 4000, 10_000, 'the retained readings');
    const restarted = Date.now();
    await stack.broker.restart();
    const sim = await startSimulator({ url: stack.broker.tcpUrl, username: 'simulator', password: stack.credentials.simulator, registry, prefix: TOPIC_PREFIX, scenario: 'typhoon', rate: 5000 });
    try {
      await until(() => sim.published() >= 5000, 20_000, 'readings after the restart');
    } finally {
      await sim.stop();
    }
    // Every sensor that reported after the restart, as the readings' subscriber last saw it.
    const after = (): Map<string, string> => new Map([...raw.latest].filter(([, v]) => Number(v.split(' ')[0]) > restarted));
    await until(() => after().size > 4000 && differing(after(), deltas.latest).length === 0, 15_000, 'the deltas after the restart', () => ({ after: after().size, deltas: deltas.latest.size, differing: differing(after(), deltas.latest).length }));
    const late = keep(await watch(stack.broker.wsUrl, batchFilter(TOPIC_PREFIX), viewer));
    await until(() => differing(raw.latest, late.latest).length === 0, 10_000, 'the retained shard states after the restart', () => ({ raw: raw.latest.size, late: late.latest.size, differing: differing(raw.latest, late.latest).length }));
    expect(stack.relay!.stats().refused).toEqual({});
  });

  it('lets only the relay login write batches, and the relay no readings (ACL)', async () => {
    const viewer = { username: 'viewer', password: stack.credentials.viewer };
    const batches = keep(await watch(stack.broker.wsUrl, batchFilter(TOPIC_PREFIX), viewer));
    const readings = keep(await watch(stack.broker.wsUrl, `${TOPIC_PREFIX}/sensor/rainfall/RG-0001`, viewer));
    await until(() => batches.messages.length > 0 && readings.messages.length > 0, 5000, 'the retained state and reading');
    const before = { batches: batches.messages.length, readings: readings.messages.length };
    const forged = JSON.stringify({ v: 1, rows: [['RG-0001', Date.now(), 999, 0]] });
    for (const login of [viewer, { username: 'simulator', password: stack.credentials.simulator }]) {
      const c = await mqtt.connectAsync(stack.broker.tcpUrl, { reconnectPeriod: 0, ...login });
      clients.push(c);
      await Promise.race([c.publishAsync(deltaTopic(TOPIC_PREFIX), forged, { qos: 1 }).catch(() => undefined), sleep(1500)]);
    }
    const relay = await mqtt.connectAsync(stack.broker.tcpUrl, { reconnectPeriod: 0, username: 'relay', password: stack.credentials.relay });
    clients.push(relay);
    await Promise.race([relay.publishAsync(`${TOPIC_PREFIX}/sensor/rainfall/RG-0001`, JSON.stringify({ ts: Date.now(), value: 999, unit: 'mm/h', quality: 'good' }), { qos: 1, retain: true }).catch(() => undefined), sleep(1500)]);
    // A control: the relay's own login does write a batch, and it arrives (a fresh connection:
    // Aedes closes one that published where it may not).
    const control = await mqtt.connectAsync(stack.broker.tcpUrl, { reconnectPeriod: 0, username: 'relay', password: stack.credentials.relay });
    clients.push(control);
    await control.publishAsync(deltaTopic(TOPIC_PREFIX), JSON.stringify({ v: 1, rows: [] }), { qos: 1 });
    await until(() => batches.messages.length > before.batches, 5000, 'the relay’s own batch');
    expect(batches.messages.length).toBe(before.batches + 1);
    expect(readings.messages.length).toBe(before.readings);
    expect([...batches.latest.values(), ...readings.latest.values()].some((v) => v.endsWith(' 999'))).toBe(false);
  });
});
