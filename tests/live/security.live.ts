/**
 * Issue #35 items 1, 3 and 5, the brokers' side, on both brokers: an attacker on the same machine
 * (anonymous, or holding some other login), or a foreign web page in the console's browser.
 * Each broker is started alone on free loopback ports with its own users file.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort, startBroker, type BrokerName, type RunningBroker } from '../../server/mqtt/brokers.ts';
import { LIMITS } from '../../server/mqtt/mqttGuard.ts';
import { addLogins, removeLogin, type Login, type TopicSpace } from '../../server/ops/users.ts';
import { until } from '../harness/wait.ts';

const TOPICS: TopicSpace = { city: 'city/guangzhou', ops: 'ops/guangzhou' };
const APP_ORIGIN = 'http://127.0.0.1:8080';
const LOGINS: (Login & { password: string })[] = [
  { name: 'ops', role: 'service', password: 'Ops-Service-7341-kq' },
  { name: 'simulator', role: 'gateway', password: 'Sim-Gateway-2958-vz' },
  { name: 'viewer', role: 'viewer', password: 'Wall-Viewer-6620-mt' },
  { name: 'zhang', role: 'operator', password: 'Duty-Zhang-4417-rb' },
  { name: 'li', role: 'operator', password: 'Duty-Li-8803-hw' },
  { name: 'chen', role: 'operator', password: 'Duty-Chen-1196-pd' },
];
const pw = (name: string): string => LOGINS.find((l) => l.name === name)!.password;
const REFUSED = /refused|not authori[sz]ed|identifier rejected|couldn't connect|connack timeout/i;

/** An anonymous MQTT 3.1.1 CONNECT, by hand: the test then writes what no client library would. */
function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId);
  const body = Buffer.concat([Buffer.from([0, 4, ...Buffer.from('MQTT'), 4, 0x02, 0, 60, id.length >> 8, id.length & 0xff]), id]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

const median = (xs: number[]): number => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const filter = (i: number): string => `${TOPICS.city}/sensor/rainfall/RG-${i}`;

/** A fixed header's remaining length, as MQTT encodes it. */
function remainingLength(n: number): number[] {
  const bytes: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return bytes;
}

describe.each<BrokerName>(['aedes', 'mosquitto'])('security on %s', (brokerName) => {
  let broker: RunningBroker;
  let usersDir: string;
  const clients: MqttClient[] = [];
  const connect = async (url: string, options: IClientOptions): Promise<MqttClient> => {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...options }, false);
    clients.push(c);
    return c;
  };
  const refusedConnect = (url: string, options: IClientOptions): Promise<void> => expect(connect(url, options)).rejects.toThrow(REFUSED);

  beforeAll(async () => {
    usersDir = mkdtempSync(join(tmpdir(), 'canton-security-'));
    addLogins(usersDir, LOGINS, TOPICS);
    broker = await startBroker(brokerName, {
      tcpPort: await freePort(),
      wsPort: await freePort(),
      usersDir,
      anonymous: true,
      wsBridge: true,
      allowedOrigins: [APP_ORIGIN],
      // A long back-off, so that the lockout test does not race its clock.
      loginGuard: { baseDelayMs: 60_000 },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker?.stop();
    rmSync(usersDir, { recursive: true, force: true });
  });

  it('binds a client id to its login: neither an anonymous client nor another login takes over the service’s session', async () => {
    const service = await connect(broker.tcpUrl, { username: 'ops', password: pw('ops'), clientId: 'ops:ops-1', clean: false });
    await service.subscribeAsync(`${TOPICS.ops}/command/+`, { qos: 1 });
    let evicted = false;
    service.on('close', () => (evicted = true));
    const before = broker.refusals();
    await refusedConnect(broker.tcpUrl, { clientId: 'ops:ops-1', clean: false });
    await refusedConnect(broker.tcpUrl, { clientId: 'ops:ops-1', clean: true });
    await refusedConnect(broker.wsUrl, { clientId: 'ops:ops-1', clean: true });
    await refusedConnect(broker.tcpUrl, { username: 'viewer', password: pw('viewer'), clientId: 'ops:ops-1', clean: false });
    await refusedConnect(broker.tcpUrl, { username: 'zhang', password: pw('zhang'), clientId: 'ops:ops-1', clean: true });
    // An id that no login owns: clean sessions only, so there is never a session to inherit.
    await refusedConnect(broker.tcpUrl, { clientId: 'canton-ops-1', clean: false });
    await refusedConnect(broker.tcpUrl, { username: 'li', password: pw('li'), clientId: 'canton-ops-1', clean: false });
    const after = broker.refusals();
    expect(after['client-id'] - before['client-id']).toBe(5);
    expect(after['persistent-anonymous'] - before['persistent-anonymous']).toBe(2);
    expect({ evicted, connected: service.connected }).toEqual({ evicted: false, connected: true });
    // The rule leaves the ordinary clients alone: the service itself, a clean viewer, an anonymous screen.
    await connect(broker.tcpUrl, { username: 'ops', password: pw('ops'), clientId: 'ops:ops-1-signs' });
    await connect(broker.wsUrl, { username: 'viewer', password: pw('viewer'), clientId: 'viewer:screen-1' });
    await connect(broker.wsUrl, { clientId: 'canton-viewer-1a2b3c4d' });
  });

  it('refuses a foreign Origin on the browsers’ WebSocket, and admits the app’s own and non-browsers', async () => {
    const handshake = async (origin?: string): Promise<number> => {
      const ws = new WebSocket(broker.wsUrl, ['mqtt'], origin ? { origin } : {});
      const status = await new Promise<number>((resolve) => {
        ws.once('open', () => resolve(101));
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => resolve(0));
      });
      ws.terminate();
      return status;
    };
    const before = broker.refusals().origin;
    expect({ foreign: await handshake('https://evil.example'), app: await handshake(APP_ORIGIN), none: await handshake() }).toEqual({ foreign: 403, app: 101, none: 101 });
    expect(broker.refusals().origin - before).toBe(1);
  });

  it('refuses an oversize PUBLISH from its fixed header, before reading its body', async () => {
    const socket: Socket = tcpConnect(Number(new URL(broker.tcpUrl).port), '127.0.0.1');
    await once(socket, 'connect');
    let received = Buffer.alloc(0);
    let closed = false;
    socket.on('data', (d: Buffer) => (received = Buffer.concat([received, d])));
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.write(connectPacket('canton-big-1'));
    await until(() => received.length >= 4, 5000, 'the CONNACK');
    expect([...received.subarray(0, 4)]).toEqual([0x20, 2, 0, 0]);
    const before = broker.refusals().oversize;
    // A 50 MiB QoS 0 PUBLISH's header and the first bytes of its topic: the body never follows.
    socket.write(Buffer.from([0x30, ...remainingLength(50 * 1024 * 1024), 0, 5, ...Buffer.from('city/')]));
    await until(() => closed, 5000, 'the broker to close the connection');
    expect(broker.refusals().oversize - before).toBe(1);
  });

  it('refuses a retained message over the payload limit, and keeps the last good one', async () => {
    const topic = `${TOPICS.city}/sensor/rainfall/RG-9999`;
    const device = await connect(broker.tcpUrl, { username: 'simulator', password: pw('simulator'), clientId: 'simulator:big' });
    const good = JSON.stringify({ ts: Date.now(), value: 1, unit: 'mm/h', quality: 'good' });
    await device.publishAsync(topic, good, { qos: 1, retain: true });
    // Under the packet limit, over the payload limit: only the payload rule can refuse it.
    const big = 'x'.repeat(LIMITS.maxPayloadBytes + 100);
    expect(big.length + topic.length + 10).toBeLessThan(LIMITS.maxPacketBytes);
    // Aedes cuts the publisher off; Mosquitto acknowledges and drops it.
    await Promise.race([device.publishAsync(topic, big, { qos: 1, retain: true }).catch(() => undefined), new Promise<void>((resolve) => device.once('close', () => resolve()))]);
    const fresh = await connect(broker.tcpUrl, {});
    const got: string[] = [];
    fresh.on('message', (_t, payload) => got.push(payload.toString()));
    await fresh.subscribeAsync(topic);
    await until(() => got.length > 0, 5000, 'the retained reading');
    expect(got[0]!.length).toBe(good.length);
  });

  it(`refuses a client with more than ${LIMITS.maxSubscriptions} subscriptions`, async () => {
    const fair = await connect(broker.tcpUrl, {});
    const granted = await fair.subscribeAsync(Array.from({ length: LIMITS.maxSubscriptions }, (_, i) => filter(i)));
    expect(granted).toHaveLength(LIMITS.maxSubscriptions);
    const before = broker.refusals().subscriptions;
    const greedy = await connect(broker.tcpUrl, {});
    let closed = false;
    greedy.on('close', () => (closed = true));
    void greedy.subscribeAsync(Array.from({ length: 300 }, (_, i) => filter(i))).catch(() => undefined);
    await until(() => closed, 5000, 'the broker to close the greedy client');
    expect(broker.refusals().subscriptions - before).toBe(1);
    expect(fair.connected).toBe(true);
  });

  it('slows and then locks out repeated wrong passwords, without locking out the service or other logins', async () => {
    for (let i = 0; i < 6; i++) await refusedConnect(broker.tcpUrl, { username: 'zhang', password: `guess-${i}` });
    for (let i = 0; i < 6; i++) await refusedConnect(broker.tcpUrl, { username: 'ops', password: `guess-${i}` });
    const before = broker.refusals().locked;
    // Now even the right password waits out the back-off: guessing cannot go at wire speed.
    await refusedConnect(broker.tcpUrl, { username: 'zhang', password: pw('zhang') });
    await refusedConnect(broker.wsUrl, { username: 'zhang', password: pw('zhang') });
    expect(broker.refusals().locked - before).toBe(2);
    expect(broker.loginGuard.stats.failures).toBeGreaterThanOrEqual(6);
    // The failures were zhang's: li, and the service (a generated password, never locked), still get in.
    await connect(broker.tcpUrl, { username: 'li', password: pw('li') });
    await connect(broker.tcpUrl, { username: 'ops', password: pw('ops'), clientId: 'ops:after-guesses' });
  });

  it('disconnects a removed login’s open sessions at once', async () => {
    const chen = await connect(broker.wsUrl, { username: 'chen', password: pw('chen') });
    let closed = false;
    chen.on('close', () => (closed = true));
    removeLogin(usersDir, 'chen', TOPICS);
    broker.reload();
    await until(() => closed, 5000, 'the removed login’s session to close');
    expect(chen.connected).toBe(false);
    await refusedConnect(broker.tcpUrl, { username: 'chen', password: pw('chen') });
  });

  it('answers an unknown name no sooner than a wrong password, so timing tells no names', async () => {
    const time = async (username: string, password: string): Promise<number> => {
      const start = performance.now();
      await refusedConnect(broker.tcpUrl, { username, password });
      return performance.now() - start;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    const evened = broker.bridge?.evenedLogins() ?? 0;
    // Alternated, so that a busy moment of the machine weighs on both alike; three each stay within li's free failures.
    for (let i = 0; i < 3; i++) {
      wrong.push(await time('li', `wrong-guess-${i}`));
      unknown.push(await time(`nobody-${i}`, `wrong-guess-${i}`));
    }
    // A wrong password costs one PBKDF2 run at the current strength (a tenth of a second or more
    // here); a name refused without one would answer in a few milliseconds.
    expect(median(unknown)).toBeGreaterThan(0.5 * median(wrong));
    // Mosquitto's gate held the three unknown names' refusals back; Aedes checks every login itself.
    expect(broker.bridge ? broker.bridge.evenedLogins() - evened : 'no gate').toBe(brokerName === 'mosquitto' ? 3 : 'no gate');
  });
});
