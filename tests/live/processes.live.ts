/**
 * `npm start`'s stack as separate processes (scripts/live/processes.ts), on both brokers: while the
 * broker works through one anonymous client's subscriptions, the page and the operations service
 * still answer (in one process they waited for the broker: issue #35 measured 13.5 s); a killed
 * service is restarted; stopping leaves no process behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type BrokerName } from '../../server/mqtt/brokers.ts';
import { superviseStack, type StackPlan, type SupervisedStack } from '../../scripts/live/processes.ts';
import { ensureStackUsers, type StackCredentials } from '../../scripts/live/stack.ts';
import { DEFAULT_TILES_DIR } from '../../scripts/build-tiles.ts';
import { until } from '../harness/wait.ts';
import { DEFAULT_TILES, DEFAULT_REGISTRY, TOPIC_PREFIX } from '../../server/data/cityFiles.ts';

const mqttString = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};

function mqttPacket(firstByte: number, body: Buffer): Buffer {
  const length: number[] = [];
  let n = body.length;
  do {
    length.push((n % 128) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return Buffer.concat([Buffer.from([firstByte, ...length]), body]);
}

/**
 * Filters that match no topic, so the broker sends nothing back but the SUBACK, yet has to search
 * its retained readings for each; fewer than the brokers' limit of filters per connection, so
 * repeating them keeps one connection within it.
 */
const FILTERS = Array.from({ length: 25 }, (_, i) => `${TOPIC_PREFIX}/sensor/+/+/none-${i}`);

/**
 * An anonymous MQTT 3.1.1 client on a raw socket: it writes many SUBSCRIBEs in one write (so that
 * the broker reads them as one batch) and counts the SUBACKs the moment they arrive.
 */
async function floodClient(port: number): Promise<{ acked: () => number; whenAcked: (n: number) => Promise<void>; subscribe: (packets: number) => void; close: () => void }> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  let acked = 0;
  let connack: number | null = null;
  let closed = false;
  const waiters: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const settle = (): void => {
    for (const w of waiters.filter((x) => x.n <= acked || closed)) {
      waiters.splice(waiters.indexOf(w), 1);
      if (w.n <= acked) w.resolve();
      else w.reject(new Error(`the broker closed the connection after ${acked} of ${w.n} SUBACKs`));
    }
  };
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      let length = 0;
      let at = 1;
      let whole = false;
      for (let shift = 1; at < pending.length && !whole; shift *= 128) {
        length += (pending[at]! & 0x7f) * shift;
        whole = (pending[at++]! & 0x80) === 0;
      }
      if (!whole || pending.length < at + length) break;
      const type = pending[0]! >> 4;
      if (type === 2) connack = pending[at + 1]!;
      if (type === 9) acked++;
      pending = pending.subarray(at + length);
    }
    settle();
  });
  socket.on('close', () => {
    closed = true;
    settle();
  });
  socket.on('error', () => undefined);
  const connect311 = Buffer.concat([mqttString('MQTT'), Buffer.from([4, 0x02, 0, 60]), mqttString(`flood-${process.pid}`)]);
  socket.write(mqttPacket(0x10, connect311));
  await until(() => connack !== null || closed, 10_000, 'the CONNACK');
  if (connack !== 0) throw new Error(`the broker refused the anonymous client (${connack ?? 'closed'})`);
  let id = 0;
  const filters = Buffer.concat(FILTERS.map((f) => Buffer.concat([mqttString(f), Buffer.from([0])])));
  return {
    acked: () => acked,
    whenAcked: (n) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ n, resolve, reject });
        settle();
      }),
    subscribe: (packets) => {
      const all: Buffer[] = [];
      for (let k = 0; k < packets; k++) {
        id = (id % 65535) + 1;
        all.push(mqttPacket(0x82, Buffer.concat([Buffer.from([id >> 8, id & 0xff]), filters])));
      }
      socket.write(Buffer.concat(all));
    },
    close: () => socket.destroy(),
  };
}

describe.each<BrokerName>(['aedes', 'mosquitto'])('npm start as processes on %s', (brokerName) => {
  const dir = mkdtempSync(join(tmpdir(), 'canton-processes-'));
  const usersDir = join(dir, 'mqtt');
  const lines: string[] = [];
  let stack: SupervisedStack;
  let credentials: StackCredentials;
  let plan: StackPlan;
  let web: string;
  const operator = (): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${credentials.operator.name}:${credentials.operator.password}`).toString('base64')}` });
  /** The pids the supervisor started, by role, in order. */
  const pids = (role: string): number[] => lines.flatMap((l) => (new RegExp(`^\\[supervisor\\] ${role} started \\(pid (\\d+)\\)`).exec(l) ?? []).slice(1).map(Number));

  beforeAll(async () => {
    credentials = ensureStackUsers(usersDir).credentials;
    plan = {
      broker: brokerName,
      host: '127.0.0.1',
      tcpPort: await freePort(),
      wsPort: await freePort(),
      webPort: await freePort(),
      usersDir,
      anonymous: true,
      registryFile: DEFAULT_REGISTRY,
      overlay: null,
      simulate: { scenario: 'normal', cycleS: 600 },
      crowd: { event: 'normal', 'event-speed': '1' },
      relay: false,
      pgliteDir: join(dir, 'pglite'),
      panoramaDir: join(DEFAULT_TILES_DIR, 'panorama'),
      crowdTiles: DEFAULT_TILES,
    };
    stack = await superviseStack(plan, credentials, (line) => lines.push(line));
    web = `http://127.0.0.1:${plan.webPort}/`;
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the page and the service while the broker works through one client’s subscriptions', async () => {
    const config = (await (await fetch(`${web}runtime-config.json`)).json()) as { mqttUrl: string };
    expect(config.mqttUrl).toBe(`ws://{hostname}:${plan.wsPort}/mqtt`);
    // The retained readings the broker must search for each filter: the simulator's, over MQTT.
    const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${plan.tcpPort}`, { reconnectPeriod: 0 });
    const topics = new Set<string>();
    watcher.on('message', (topic) => topics.add(topic));
    await watcher.subscribeAsync(`${TOPIC_PREFIX}/sensor/#`);
    await until(() => topics.size >= 4000, 60_000, 'the simulator’s retained readings', () => topics.size);
    await watcher.endAsync(true);
    // The operator's login is checked once, before the flood (the API keeps a checked login a minute).
    expect((await fetch(`${web}api/ops/status`, { headers: operator() })).status).toBe(200);

    const flood = await floodClient(plan.tcpPort);
    // As many SUBSCRIBEs as keep this broker busy about 4 s, from how long a growing burst takes
    // (on 2 cores the broker's own CPU slows the other processes a little; the margin is for that).
    let burst = 8;
    let tookMs = 0;
    for (;;) {
      const t0 = performance.now();
      flood.subscribe(burst);
      await flood.whenAcked(flood.acked() + burst);
      tookMs = performance.now() - t0;
      if (tookMs >= 500) break;
      burst *= 4;
    }
    const packets = Math.ceil((burst * 4000) / tookMs);
    const before = flood.acked();
    // The page and the service are asked right after the broker has the SUBSCRIBEs (they are
    // written first), and each answer notes how many the broker had answered by then.
    flood.subscribe(packets);
    const answered = async (url: string, headers: Record<string, string> = {}): Promise<{ status: number; acked: number }> => {
      const res = await fetch(url, { headers });
      const acked = flood.acked() - before;
      await res.arrayBuffer();
      return { status: res.status, acked };
    };
    const [page, service] = await Promise.all([answered(web), answered(`${web}api/ops/status`, operator())]);
    await flood.whenAcked(before + packets);
    flood.close();
    console.log(`${brokerName}: ${packets} SUBSCRIBEs of ${FILTERS.length} filters (a burst of ${burst} took ${tookMs.toFixed(0)} ms); the page answered after ${page.acked} of them, the service after ${service.acked}`);
    expect(page.status).toBe(200);
    expect(service.status).toBe(200);
    // Both answered while SUBSCRIBEs sent before the requests were still unanswered.
    expect({ page: page.acked < packets, service: service.acked < packets, packets }).toEqual({ page: true, service: true, packets });
  });

  it('restarts the service when it dies', async () => {
    const [pid] = pids('service');
    process.kill(pid!, 'SIGKILL');
    await until(() => lines.some((l) => l.startsWith('[supervisor] service ready again (restart 1)')), 60_000, 'the restarted service', () => lines.slice(-5));
    expect(lines.some((l) => /^\[supervisor\] service exited \(signal SIGKILL\) after [\d.]+ s; restart 1 in /.test(l))).toBe(true);
    expect(pids('service')).toHaveLength(2);
    expect((await fetch(`${web}api/ops/status`, { headers: operator() })).status).toBe(200);
    expect((await fetch(web)).status).toBe(200);
  });

  it('stops every child and their own children', async () => {
    const groups = ['broker', 'service', 'simulator'].flatMap(pids);
    expect(groups).toHaveLength(4);
    await stack.stop();
    // `ps -g` lists what is left in each child's process group (Mosquitto is in the broker's; a
    // child's esbuild, which tsx runs, ends once its parent has gone, a moment later).
    const left = (): string => spawnSync('ps', ['-o', 'pid=,args=', '-g', groups.join(',')], { encoding: 'utf8' }).stdout.trim();
    await until(() => left() === '', 10_000, 'the children’s process groups to empty', left);
  });
});
