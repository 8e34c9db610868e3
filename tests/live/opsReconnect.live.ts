/**
 * The operations service across its connection's losses, on both brokers: a keep-alive timeout
 * (the service's connection frozen in a proxy, as a stalled network or an overloaded machine
 * does) and a broker restart (Aedes loses its retained store and sessions; Mosquitto keeps them on
 * disk). Each time the broker clears the service's marker (its will); the service must put it
 * back, with its subscriptions and its alarms, without a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { freePort, type BrokerName } from '../../server/mqtt/brokers.ts';
import { openDatabase, type Database } from '../../server/ops/database.ts';
import { startOpsService, type OpsService } from '../../server/ops/service.ts';
import { until } from '../harness/wait.ts';
import { TOPIC_PREFIX } from '../../server/data/cityFiles.ts';

/**
 * A TCP relay to the broker whose path can stall, as a network does: its open connections freeze
 * (no byte passes, none closes) and new ones fail, until it thaws. New connections must fail too:
 * otherwise the service's own keep-alive gives up first and its new connection takes the session
 * over, and Mosquitto sends no will when a persistent MQTT 5 session is taken over (measured on
 * 2.0.11, with or without the gate): the broker's keep-alive would never be tested.
 */
async function freezableProxy(target: number): Promise<{ url: string; freeze(): void; thaw(): void; close(): Promise<void> }> {
  const pairs: [Socket, Socket][] = [];
  const stalled: [Socket, Socket][] = [];
  let frozen = false;
  const server: Server = createServer((down) => {
    if (frozen) return void down.destroy();
    const up = connect(target, '127.0.0.1');
    down.pipe(up);
    up.pipe(down);
    const end = (): void => {
      down.destroy();
      up.destroy();
    };
    down.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
    pairs.push([down, up]);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `mqtt://127.0.0.1:${port}`,
    freeze: () => {
      frozen = true;
      for (const [down, up] of pairs.splice(0)) {
        stalled.push([down, up]);
        down.unpipe(up);
        up.unpipe(down);
        down.pause();
        up.pause();
      }
    },
    thaw: () => {
      frozen = false;
    },
    close: async () => {
      for (const [down, up] of [...pairs, ...stalled]) {
        down.destroy();
        up.destroy();
      }
      await new Promise((r) => server.close(r));
    },
  };
}

describe.each<BrokerName>(['aedes', 'mosquitto'])('the operations service reconnecting on %s', (brokerName) => {
  let stack: LiveStack;
  let dir: string;
  let database: Database;
  let proxy: Awaited<ReturnType<typeof freezableProxy>>;
  let ops: OpsService;
  let sim: MqttClient;
  let watch: MqttClient;
  /** The service's marker as the broker's retained store holds it, and how often it was cleared. */
  const seen = { marker: false, cleared: 0, alarms: new Set<string>() };
  const gauges = (): string[] => stack.registry.ids.filter((id) => id.startsWith('WL-'));
  const raise = (id: string): Promise<unknown> => sim.publishAsync(`${TOPIC_PREFIX}/sensor/water-level/${id}`, JSON.stringify({ ts: Date.now(), value: 9.5, unit: 'm', quality: 'good' }), { qos: 1, retain: true });

  beforeAll(async () => {
    stack = await startLiveStack({ broker: brokerName, simulate: false, ops: false, signs: false, crowd: false });
    dir = mkdtempSync(join(tmpdir(), 'canton-reconnect-'));
    database = await openDatabase({ dataDir: join(dir, 'pglite') });
    proxy = await freezableProxy(Number(new URL(stack.broker.tcpUrl).port));
    watch = await mqtt.connectAsync(stack.broker.tcpUrl, { reconnectPeriod: 200 });
    watch.on('message', (topic, payload) => {
      if (topic.startsWith(`${TOPIC_PREFIX}/alarm/`)) {
        const id = topic.slice(`${TOPIC_PREFIX}/alarm/`.length);
        if (payload.length > 0) seen.alarms.add(id);
        else seen.alarms.delete(id);
        return;
      }
      seen.marker = payload.length > 0;
      if (!seen.marker) seen.cleared++;
    });
    await watch.subscribeAsync([`${TOPIC_PREFIX}/ops/instance/ops-7`, `${TOPIC_PREFIX}/alarm/+`]);
    sim = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator, reconnectPeriod: 200 });
    ops = startOpsService({ url: proxy.url, username: 'ops', password: stack.credentials.ops, registry: stack.registry, prefix: TOPIC_PREFIX, database, usersDir: stack.usersDir, instance: 'ops-7', share: brokerName === 'mosquitto' ? 'ops' : null });
    await ops.ready;
    await until(() => seen.marker, 5000, 'the service’s marker');
  });
  afterAll(async () => {
    await ops?.stop();
    await Promise.all([sim, watch].map((c) => c?.endAsync(true)));
    await proxy?.close();
    await database?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts its marker back after a keep-alive timeout, and still raises alarms', async () => {
    const [before, after] = gauges().slice(10, 12) as [string, string];
    await raise(before);
    await until(() => seen.alarms.has(before), 5000, 'the first alarm');
    const cleared = seen.cleared;
    proxy.freeze();
    // The broker's keep-alive gives up on the frozen connection: the will clears the marker.
    await until(() => seen.cleared > cleared, 30_000, 'the will to clear the marker', () => ops.stats());
    proxy.thaw();
    await until(() => seen.marker && ops.stats().connected, 15_000, 'the marker back', () => [seen, ops.stats()]);
    expect(ops.stats().reconnects).toBeGreaterThan(0);
    await raise(after);
    await until(() => seen.alarms.has(after), 5000, 'an alarm after the reconnect', () => ops.stats());
    expect(seen.alarms.has(before)).toBe(true);
  });

  it('puts its marker, its subscriptions and its alarms back after a broker restart', async () => {
    const [after] = gauges().slice(12, 13) as [string];
    const owned = [...seen.alarms];
    expect(owned.length).toBeGreaterThan(0);
    await stack.broker.restart();
    seen.marker = false;
    await until(() => seen.marker, 20_000, 'the marker back after the restart', () => [seen, ops.stats()]);
    await until(() => owned.every((id) => seen.alarms.has(id)), 10_000, 'the alarms back in the retained store', () => [owned, [...seen.alarms]]);
    await raise(after);
    await until(() => seen.alarms.has(after), 10_000, 'an alarm after the restart', () => ops.stats());
  });
});
