/**
 * `npm run bench:ops`: the operations service's figures, each measured in this run.
 *   1. Readings evaluated per second by one instance (its own process) at the simulator's flood
 *      rate on Mosquitto, beside a plain Node subscriber on the same flood (the baseline).
 *   2. Two instances on one shared subscription: readings decoded per second, as a ratio to one.
 *   3. Audit rows per second into PGlite and into PostgreSQL.
 *   4. Time from a reading crossing alarm to the retained alarm reaching a subscriber, p50 and p99.
 *
 * Options: --seconds 8  --rate 60000  --samples 300
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { AlarmBook } from '../src/domains/alarms/alarmBook.ts';
import { startLiveStack, type LiveStack } from '../scripts/live/stack.ts';
import { startSimulator } from '../scripts/live/simulator.ts';
import { AuditLog, transitionRow } from '../src/domains/alarms/server/auditLog.ts';
import { openDatabase, type Database } from '../server/ops/database.ts';
import { startPostgres } from '../scripts/harness/postgresServer.ts';
import type { OpsStats } from '../server/ops/service.ts';
import { median } from './median.ts';
import { DEFAULT_REGISTRY, TOPIC_PREFIX, readRegistry } from '../server/data/cityFiles.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, rate: { type: 'string', default: '60000' }, samples: { type: 'string', default: '300' } } });
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const SAMPLES = Number(values.samples);
const registry = readRegistry(DEFAULT_REGISTRY);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const entry = join(import.meta.dirname, '..', 'server', 'ops', 'main.ts');

interface Instance {
  child: ChildProcess;
  stats: () => OpsStats | null;
  stop: () => Promise<void>;
}

/** One service instance in a process of its own, as in production, reporting its figures over IPC. */
async function spawnInstance(stack: LiveStack, name: string, dataDir: string, databaseUrl?: string): Promise<Instance> {
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, MQTT_URL: stack.broker.tcpUrl, MQTT_USERNAME: 'ops', MQTT_PASSWORD: stack.credentials.ops, OPS_INSTANCE: name, OPS_SHARE: 'ops', CANTON_USERS_DIR: stack.usersDir, PGLITE_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let last: OpsStats | null = null;
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type: string; stats?: OpsStats }) => {
      if (m.type === 'ready') resolve();
      if (m.type === 'stats') last = m.stats!;
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return {
    child,
    stats: () => last,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Readings per second decoded (and evaluated) by the instances over a flood, with a plain subscriber beside them. */
async function flood(stack: LiveStack, instances: Instance[]): Promise<{ published: number; baseline: number; decoded: number; evaluated: number; cpu: number }> {
  const baseline = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'viewer', password: stack.credentials.viewer });
  let got = 0;
  baseline.on('message', () => got++);
  await baseline.subscribeAsync(`${TOPIC_PREFIX}/sensor/#`);
  const sim = await startSimulator({ url: stack.broker.tcpUrl, username: 'simulator', password: stack.credentials.simulator, registry, prefix: TOPIC_PREFIX, scenario: 'typhoon', cycleS: 20, rate: RATE });
  await sleep(1500);
  const figure = (st: ReturnType<Instance['stats']>, k: 'decoded' | 'evaluated' | 'cpuMs'): number => (k === 'evaluated' ? st?.alarms?.evaluated : st?.[k]) ?? 0;
  const sum = (k: 'decoded' | 'evaluated' | 'cpuMs'): number => instances.reduce((a, i) => a + figure(i.stats(), k), 0);
  const [p0, g0, d0, e0, c0, t0] = [sim.published(), got, sum('decoded'), sum('evaluated'), sum('cpuMs'), performance.now()];
  await sleep(SECONDS * 1000);
  const s = (performance.now() - t0) / 1000;
  // CPU seconds the instances spent per wall second: with it, readings per CPU-second is each one's capacity.
  const out = { published: (sim.published() - p0) / s, baseline: (got - g0) / s, decoded: (sum('decoded') - d0) / s, evaluated: (sum('evaluated') - e0) / s, cpu: (sum('cpuMs') - c0) / 1000 / s };
  await sim.stop();
  await baseline.endAsync();
  await sleep(1500);
  return out;
}

async function auditRate(db: Database, rows: number): Promise<number> {
  const sensors = { ids: registry.ids, kinds: registry.kinds, props: registry.props };
  const book = new AlarmBook(sensors);
  const log = new AuditLog(db, 'bench', rows * 2);
  for (let k = 0; k < rows; k++) {
    const i = k % registry.ids.length;
    const up = k % 2 === 0;
    for (const t of book.level({ index: i, from: up ? 0 : 2, to: up ? 2 : 0, value: up ? 9 : 0, ts: 1_000_000 + k })) log.append(transitionRow(t, registry.props[i]!.district, registry.kinds[i]!));
  }
  const t0 = performance.now();
  while (log.stats.queued > 0) await log.flush();
  if (!log.stats.healthy) throw new Error(log.stats.lastError ?? 'audit write failed');
  return log.stats.written / ((performance.now() - t0) / 1000);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const pct = (xs: number[], p: number): number => xs.toSorted((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'canton-bench-ops-'));
  dirs.push(d);
  return d;
};

const stack = await startLiveStack({ broker: 'mosquitto', simulate: false });
const postgres = await startPostgres();
try {
  console.log(`bench:ops on Mosquitto, ${registry.ids.length.toLocaleString('en')} sensors, simulator at ${fmt(RATE)} msg/s for ${SECONDS} s, service instances in their own processes\n`);
  const one = await spawnInstance(stack, 'ops-1', tempDir());
  const single = await flood(stack, [one]);
  console.log(
    `1. one instance:   ${fmt(single.evaluated)} readings evaluated/s (target ≥ 20,000) · published ${fmt(single.published)}/s · Node subscriber baseline ${fmt(single.baseline)}/s → ${(single.evaluated / single.baseline).toFixed(2)}× the baseline\n` +
      `                   using ${(single.cpu * 100).toFixed(0)} % of a core → about ${fmt(single.evaluated / Math.max(1e-3, single.cpu))} readings per CPU-second`,
  );
  const two = await spawnInstance(stack, 'ops-2', tempDir());
  await sleep(1500);
  const pair = await flood(stack, [one, two]);
  const split = [one, two].map((i) => fmt(i.stats()?.alarms?.owned ?? 0)).join(' / ');
  console.log(
    `2. two instances:  ${fmt(pair.decoded)} readings decoded/s together (${fmt(pair.evaluated)} evaluated by their owners) · published ${fmt(pair.published)}/s · ${(pair.decoded / Math.max(1, single.decoded)).toFixed(2)}× one instance's rate\n` +
      `                   using ${(pair.cpu * 100).toFixed(0)} % of a core together → ${fmt(pair.decoded / Math.max(1e-3, pair.cpu))} readings per CPU-second (${((pair.decoded / Math.max(1e-3, pair.cpu)) / (single.evaluated / Math.max(1e-3, single.cpu))).toFixed(2)}× one instance's, the cost of routing) · alarms owned ${split}`,
  );
  await two.stop();
  await sleep(1000);

  // 4. Latency: with one instance, readings that cross alarm on calm gauges, one at a time.
  const watch = await mqtt.connectAsync(stack.broker.tcpUrl);
  const arrived = new Map<string, number>();
  /** Points whose level is above normal: a crossing there changes nothing and sends nothing. */
  const active = new Set<string>();
  watch.on('message', (topic, payload) => {
    const id = topic.split('/').pop()!;
    if (payload.length > 0) {
      arrived.set(id, performance.now());
      if ((JSON.parse(payload.toString()) as { level: number }).level > 0) active.add(id);
      else active.delete(id);
    } else active.delete(id);
  });
  await watch.subscribeAsync(`${TOPIC_PREFIX}/alarm/+`);
  await sleep(1000);
  const pub = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator });
  const calm = registry.ids.filter((id, i) => registry.kinds[i] === 'rainfall');
  const rain = (id: string, value: number): void => {
    pub.publish(`${TOPIC_PREFIX}/sensor/rainfall/${id}`, JSON.stringify({ ts: Date.now(), value, unit: 'mm/h', quality: 'good' }), { qos: 0 });
  };
  const latencies: number[] = [];
  let missed = 0;
  for (let k = 0; k < Math.min(SAMPLES, calm.length); k++) {
    const id = calm[k]!;
    // The storm may have left the gauge in alarm: calm it first, so that the reading raises one.
    if (active.has(id)) {
      rain(id, 0);
      const calmBy = performance.now() + 2000;
      while (active.has(id) && performance.now() < calmBy) await sleep(1);
      await sleep(2);
    }
    const t0 = performance.now();
    arrived.delete(id);
    rain(id, 500);
    const deadline = t0 + 2000;
    while (!arrived.has(id) && performance.now() < deadline) await sleep(0);
    if (arrived.has(id)) latencies.push(arrived.get(id)! - t0);
    else missed++;
  }
  await Promise.all([pub.endAsync(), watch.endAsync()]);
  await sleep(600);
  if (missed) console.log(`   (missed: service rejects ${JSON.stringify(one.stats()?.rejects)}, members ${one.stats()?.members})`);
  if (latencies.length === 0) throw new Error(`no latency sample: ${calm.length} calm gauges, ${missed} missed`);
  console.log(`4. reading crossing alarm → retained alarm at a subscriber: p50 ${median(latencies).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms (${latencies.length} samples${missed ? `, ${missed} missed` : ''})`);
  await one.stop();

  const pglite = await openDatabase({ dataDir: join(tempDir(), 'pglite') });
  const pgliteRate = await auditRate(pglite, 50_000);
  await pglite.close();
  const server = await openDatabase({ url: postgres.url, dataDir: '' });
  const pgRate = await auditRate(server, 50_000);
  await server.close();
  console.log(`3. audit rows/s:   PGlite ${fmt(pgliteRate)} · PostgreSQL ${fmt(pgRate)} (50,000 transitions, batches of 2,000)`);
} finally {
  await stack.stop();
  await postgres.destroy();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
