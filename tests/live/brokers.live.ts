/**
 * The same integration suite against both brokers: embedded Aedes and a real Mosquitto process,
 * each started by the harness on free loopback ports. Node mqtt.js clients stand in for the
 * viewer here; the browser side is covered by tests/e2e/live.e2e.ts.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { startSimulator } from '../../scripts/live/simulator.ts';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { sleep, until } from '../harness/wait.ts';
import { DEFAULT_REGISTRY, TOPIC_PREFIX, readRegistry } from '../../server/data/cityFiles.ts';

/** Every message a subscriber got, and the latest payload per topic. */
async function subscriber(url: string, filter: string, options: IClientOptions = {}): Promise<{ client: MqttClient; got: { topic: string; payload: string; retain: boolean }[]; latest: Map<string, string> }> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, ...options });
  const got: { topic: string; payload: string; retain: boolean }[] = [];
  const latest = new Map<string, string>();
  client.on('message', (topic, payload, packet) => {
    got.push({ topic, payload: payload.toString(), retain: packet.retain });
    latest.set(topic, payload.toString());
  });
  await client.subscribeAsync(filter);
  return { client, got, latest };
}

/** Publishes with QoS 1 and resolves either way: a refused publish may be dropped, acknowledged or cut off. */
async function tryPublish(client: MqttClient, topic: string, payload: string): Promise<void> {
  await Promise.race([client.publishAsync(topic, payload, { qos: 1, retain: true }).catch(() => undefined), sleep(1500)]);
}

const reading = (value: number): string => JSON.stringify({ ts: Date.now(), value, unit: 'mm/h', quality: 'good' });

describe.each<BrokerName>(['aedes', 'mosquitto'])('MQTT on %s', (brokerName) => {
  let stack: LiveStack;
  const clients: MqttClient[] = [];
  const keep = <T extends { client: MqttClient }>(x: T): T => {
    clients.push(x.client);
    return x;
  };
  const connect = async (url: string, options: IClientOptions = {}): Promise<MqttClient> => {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
    clients.push(c);
    return c;
  };

  const pw = { device: 'Gauge-Field-5082-ny', zhang: 'Duty-Zhang-4417-rb', li: 'Duty-Li-8803-hw' };
  beforeAll(async () => {
    stack = await startLiveStack({
      broker: brokerName,
      simulate: false,
      logins: [
        { name: 'WL-0150', role: 'device', password: pw.device },
        { name: 'zhang', role: 'operator', password: pw.zhang },
        { name: 'li', role: 'operator', password: pw.li },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await stack?.stop();
  });

  it('keeps the last reading retained and serves it over WebSocket', async () => {
    const sim = await connect(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator });
    const topic = `${TOPIC_PREFIX}/sensor/rainfall/RG-0001`;
    for (const v of [1, 2, 3]) await sim.publishAsync(topic, reading(v), { qos: 1, retain: true });
    const late = keep(await subscriber(stack.broker.wsUrl, topic));
    await until(() => late.got.length > 0, 5000, 'the retained reading');
    await sleep(200);
    expect(late.got).toHaveLength(1);
    expect(late.got[0]!.retain).toBe(true);
    expect(JSON.parse(late.got[0]!.payload).value).toBe(3);
  });

  it('lets only the simulator login publish (ACL)', async () => {
    const topic = `${TOPIC_PREFIX}/sensor/rainfall/RG-0002`;
    const watch = keep(await subscriber(stack.broker.wsUrl, topic));
    const anonymous = await connect(stack.broker.tcpUrl);
    const viewer = await connect(stack.broker.wsUrl, { username: 'viewer', password: stack.credentials.viewer });
    await tryPublish(anonymous, topic, reading(666));
    await tryPublish(viewer, topic, reading(777));
    const sim = await connect(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator });
    await sim.publishAsync(topic, reading(42), { qos: 1, retain: true });
    await until(() => watch.got.length > 0, 5000, 'the simulator’s reading');
    await sleep(300);
    expect(watch.got.map((m) => JSON.parse(m.payload).value)).toEqual([42]);
    // A fresh subscriber sees the simulator's retained value, not a forged one.
    const fresh = keep(await subscriber(stack.broker.wsUrl, topic));
    await until(() => fresh.got.length > 0, 5000, 'the retained reading');
    expect(JSON.parse(fresh.got[0]!.payload).value).toBe(42);
  });

  it('lets a device publish its own sensor only, never another’s', async () => {
    const own = `${TOPIC_PREFIX}/sensor/water-level/WL-0150`;
    const other = `${TOPIC_PREFIX}/sensor/water-level/WL-0151`;
    const watch = keep(await subscriber(stack.broker.wsUrl, `${TOPIC_PREFIX}/sensor/water-level/+`));
    const device = await connect(stack.broker.tcpUrl, { username: 'WL-0150', password: pw.device });
    await tryPublish(device, other, reading(9.9));
    await tryPublish(device, `${TOPIC_PREFIX}/alarm/WL-0151`, '{}');
    // Aedes cuts off a client that publishes where it may not; the gauge logs in again.
    const again = await connect(stack.broker.tcpUrl, { username: 'WL-0150', password: pw.device });
    await again.publishAsync(own, reading(4.321), { qos: 1, retain: true });
    await until(() => watch.got.some((m) => m.topic === own), 5000, 'the device’s own reading');
    await sleep(300);
    expect(watch.got.map((m) => m.topic)).toEqual([own]);
  });

  it('lets an operator publish commands under their own name only, and a viewer nothing', async () => {
    const ops = await connect(stack.broker.tcpUrl, { username: 'ops', password: stack.credentials.ops });
    const got: string[] = [];
    ops.on('message', (topic) => got.push(topic));
    await ops.subscribeAsync('ops/guangzhou/command/+');
    const zhang = await connect(stack.broker.wsUrl, { username: 'zhang', password: pw.zhang });
    await tryPublish(zhang, 'ops/guangzhou/command/li', '{"as":"li"}');
    const viewer = await connect(stack.broker.wsUrl, { username: 'viewer', password: stack.credentials.viewer });
    await tryPublish(viewer, 'ops/guangzhou/command/viewer', '{}');
    const li = await connect(stack.broker.wsUrl, { username: 'li', password: pw.li });
    await li.publishAsync('ops/guangzhou/command/li', '{"as":"li"}', { qos: 1 });
    await until(() => got.length > 0, 5000, 'li’s own command');
    await sleep(300);
    expect(got).toEqual(['ops/guangzhou/command/li']);
  });

  it('shows $SYS to the service login only', async () => {
    const sys = async (options: IClientOptions): Promise<string[]> => {
      const c = await connect(stack.broker.tcpUrl, options);
      const got: string[] = [];
      c.on('message', (topic) => got.push(topic));
      // Aedes refuses the subscription; Mosquitto grants it and delivers nothing: no $SYS either way.
      await c.subscribeAsync('$SYS/#').catch(() => undefined);
      return got;
    };
    const [ops, anonymous, viewer, operator] = await Promise.all([
      sys({ username: 'ops', password: stack.credentials.ops }),
      sys({}),
      sys({ username: 'viewer', password: stack.credentials.viewer }),
      sys({ username: 'zhang', password: pw.zhang }),
    ]);
    // A client connecting makes Aedes announce it on $SYS; Mosquitto's $SYS is retained.
    await connect(stack.broker.tcpUrl);
    await until(() => ops.length > 0, 15_000, '$SYS for the service');
    await sleep(500);
    expect({ anonymous: anonymous.length, viewer: viewer.length, operator: operator.length }).toEqual({ anonymous: 0, viewer: 0, operator: 0 });
  });

  it('refuses anonymous clients when the setting is off', async () => {
    const closed = await startLiveStack({ broker: brokerName, simulate: false, anonymous: false });
    try {
      await expect(mqtt.connectAsync(closed.broker.tcpUrl, { reconnectPeriod: 0 }, false)).rejects.toThrow(/not authori[sz]ed|refused|couldn't connect/i);
      const viewer = await mqtt.connectAsync(closed.broker.tcpUrl, { username: 'viewer', password: closed.credentials.viewer, reconnectPeriod: 0 });
      await viewer.endAsync();
    } finally {
      await closed.stop();
    }
  });

  it('refuses a wrong password on TCP and on WebSocket', async () => {
    // Aedes sometimes closes the socket before its refusal reaches the client: either way, no session.
    await expect(mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: 'wrong', reconnectPeriod: 0 }, false)).rejects.toThrow(/refused|couldn't connect/i);
    await expect(mqtt.connectAsync(stack.broker.wsUrl, { username: 'viewer', password: 'wrong', reconnectPeriod: 0 }, false)).rejects.toThrow(/refused|couldn't connect/i);
  });

  it('streams the simulator to a WebSocket subscriber, every sensor retained', async () => {
    const registry = readRegistry(DEFAULT_REGISTRY);
    // The venues' crowd alarm points are the operations service's to report, not the simulator's.
    const simulated = registry.kinds.filter((k) => k !== 'crowd').length;
    const live = keep(await subscriber(stack.broker.wsUrl, `${TOPIC_PREFIX}/sensor/#`));
    const sim = await startSimulator({ url: stack.broker.tcpUrl, username: 'simulator', password: stack.credentials.simulator, registry, prefix: TOPIC_PREFIX, scenario: 'typhoon', rate: 5000 });
    try {
      await until(() => sim.published() >= simulated * 2, 20_000, 'two rounds of readings');
    } finally {
      await sim.stop();
    }
    await until(() => live.got.length >= sim.published() * 0.99, 10_000, 'delivery');
    const late = keep(await subscriber(stack.broker.wsUrl, `${TOPIC_PREFIX}/sensor/#`));
    await until(() => late.latest.size >= simulated, 10_000, 'every retained reading');
    expect(late.got.every((m) => m.retain)).toBe(true);
    // The retained store holds each sensor's last reading, as the live subscriber last saw it.
    const differing = [...late.latest].filter(([topic, payload]) => live.latest.get(topic) !== payload);
    expect(differing).toEqual([]);
  });

  it('after a broker restart, a reconnecting subscriber ends up with the retained values', async () => {
    const registry = readRegistry(DEFAULT_REGISTRY);
    const live = keep(await subscriber(stack.broker.wsUrl, `${TOPIC_PREFIX}/sensor/#`));
    let reconnected = 0;
    live.client.on('connect', () => reconnected++);
    const sim = await startSimulator({ url: stack.broker.tcpUrl, username: 'simulator', password: stack.credentials.simulator, registry, prefix: TOPIC_PREFIX, scenario: 'normal', rate: 3000 });
    try {
      await until(() => live.got.length > 3000, 10_000, 'the stream');
      await stack.broker.restart();
      await until(() => reconnected > 0, 15_000, 'the subscriber to reconnect');
      const after = live.got.length;
      await until(() => live.got.length > after + 6000, 20_000, 'the stream after the restart');
    } finally {
      await sim.stop();
    }
    await sleep(500);
    const fresh = keep(await subscriber(stack.broker.wsUrl, `${TOPIC_PREFIX}/sensor/#`));
    await sleep(1500);
    expect(fresh.latest.size).toBeGreaterThan(3000);
    const differing = [...fresh.latest].filter(([topic, payload]) => live.latest.get(topic) !== payload);
    expect(differing).toEqual([]);
  });
});

describe('the gate in front of Mosquitto', () => {
  let stack: LiveStack;
  beforeAll(async () => {
    stack = await startLiveStack({ broker: 'mosquitto', simulate: false });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('carries the broker’s packets many to a frame, the same messages as its TCP listener', async () => {
    expect(stack.broker.bridge).toBeDefined();
    const publisher = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator });
    const n = 3000;
    for (let i = 0; i < n; i++) publisher.publish(`${TOPIC_PREFIX}/sensor/rainfall/RG-B${String(i).padStart(4, '0')}`, reading(i), { qos: 0, retain: true });
    await publisher.endAsync();
    const before = stack.broker.bridge!.sent().frames;
    const bridged = await subscriber(stack.broker.wsUrl, `${TOPIC_PREFIX}/sensor/rainfall/+`);
    const direct = await subscriber(stack.broker.tcpUrl, `${TOPIC_PREFIX}/sensor/rainfall/+`);
    await until(() => bridged.latest.size === n && direct.latest.size === n, 15_000, 'the retained readings over both listeners');
    expect([...bridged.latest].toSorted()).toEqual([...direct.latest].toSorted());
    // The retained burst crossed in far fewer frames than messages (Mosquitto's own WebSocket listener: one each).
    const frames = stack.broker.bridge!.sent().frames - before;
    expect(frames).toBeLessThan(n / 10);
    await Promise.all([bridged.client.endAsync(true), direct.client.endAsync(true)]);
  });
});
