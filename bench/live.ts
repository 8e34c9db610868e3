/**
 * `npm run bench:live`: the live feed in headless Chromium (built app, SwiftShader) against
 * Mosquitto and then embedded Aedes, each on free loopback ports, with the simulator publishing
 * over TCP. For each broker, in one run:
 *   ingest    publisher flooding → messages/s applied to the sensor layer in the page, its longest
 *             main-thread task, and a Node mqtt.js WebSocket subscriber counting beside it (ratio);
 *   latency   at 2,000 msg/s: publish → applied to the layer (the layer's per-frame drain), p50/p99;
 *   entities  the same 2,000 msg/s drawn through the Cesium Entity API instead of the point
 *             collection: update ms per frame, frames/s (relative only under software GL), ratio;
 *   soak      the largest registry at its sensors' own intervals (5,200 sensors: at 1 Hz), main-thread
 *             JS heap after GC every 10 s, on Mosquitto through the bridge.
 * The flood also reports where the CPU went (cpuShare.ts): the page's main thread's time on a core
 * and waiting for one, beside SwiftShader, the publisher and the broker on the same cores; and
 * from a Chromium trace, each main-thread task's wall time against its own CPU time (taskTimes.ts).
 * Each runs for every registry size in --sensors (a larger one is generated once: scaledRegistry.ts),
 * after the page's registry load (its longest main-thread task from navigation to the city drawn).
 * Options: --seconds 8 (per measurement)  --soak 600 (0 skips)
 *          --brokers mosquitto,mosquitto-bridge,mosquitto-bridge-2conn,mosquitto-relay,mosquitto-websockify,aedes,aedes-2conn,aedes-relay
 *          --sensors 5200,50000
 *   mosquitto-bridge: the browsers reach Mosquitto through the WebSocket bridge (wsBridge.ts);
 *   mosquitto-websockify: through Debian's websockify instead (measured when it is installed);
 *   …-relay: the page reads the conflating relay's batches (server/mqtt/relay.ts) instead of
 *            one message per reading (Mosquitto through the bridge);
 *   …-2conn: the page reads the readings over two connections, each in a worker of its own
 *            (src/live/shares.ts; mosquitto-bridge-2conn, aedes-2conn).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { startServer } from '../server/web/serve.ts';
import { startLiveStack, type LiveStack } from '../scripts/live/stack.ts';
import { startSimulator } from '../scripts/live/simulator.ts';
import { scaledRegistry } from '../scripts/live/scaledRegistry.ts';
import type { SensorRegistry } from '../src/live/contract.ts';
import { ReadingHistory } from '../src/domains/sensors/history.ts';
import { freePort, type BrokerName } from '../server/mqtt/brokers.ts';
import { launchBrowser, waitForCity, watchPage } from '../scripts/harness/browser.ts';
import { cpuReport, cpuSnapshot, realTimeMainThreads, setLoadNice } from './cpuShare.ts';
import { traceTasks, type TaskTimes } from './taskTimes.ts';
import { TOPIC_PREFIX } from '../server/data/cityFiles.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, soak: { type: 'string', default: '600' }, brokers: { type: 'string', default: 'mosquitto,mosquitto-bridge,mosquitto-bridge-2conn,mosquitto-relay,mosquitto-websockify,aedes,aedes-2conn,aedes-relay' }, sensors: { type: 'string', default: '5200,50000' } } });
const SECONDS = Number(values.seconds);
const SOAK_S = Number(values.soak);
const FLOOD_RATE = 60_000;
const LATENCY_RATE = 2_000;
const VIEW = '#cam=113.33,23.02,26000,0,-55&layers=districts,water,sensors';

const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
const SIZES = values.sensors.split(',').map(Number);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, d = 0): string => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Runs the simulator at `rate` msg/s (as fast as it can when that is above its reach) for `seconds`. */
async function publish(stack: LiveStack, rate: number, seconds: number, during: () => Promise<void> = () => sleep(seconds * 1000)): Promise<number> {
  const sim = await startSimulator({ url: stack.broker.tcpUrl, username: 'simulator', password: stack.credentials.simulator, registry: stack.registry, prefix: TOPIC_PREFIX, scenario: 'typhoon', cycleS: 60, rate });
  const t0 = performance.now();
  await during();
  const published = sim.published();
  await sim.stop();
  return published / ((performance.now() - t0) / 1000);
}

/** A Node mqtt.js WebSocket subscriber counting what it gets, to run beside the page under the same load. */
async function nodeSubscriber(wsUrl: string): Promise<{ count: () => number; stop: () => Promise<void> }> {
  const sub = await mqtt.connectAsync(wsUrl);
  let n = 0;
  sub.on('message', () => n++);
  await sub.subscribeAsync(`${TOPIC_PREFIX}/sensor/#`);
  return { count: () => n, stop: () => sub.endAsync() };
}

const WEBSOCKIFY = '/usr/bin/websockify';

/**
 * Debian's websockify in front of Mosquitto's TCP listener: the other bridge candidate of the
 * issue, measured beside ours. It sends what each socket read returns as one frame.
 */
async function websockify(tcpUrl: string): Promise<{ wsUrl: string; stop: () => void }> {
  const port = await freePort();
  const target = new URL(tcpUrl);
  const child = spawn(WEBSOCKIFY, [`127.0.0.1:${port}`, `${target.hostname}:${target.port}`], { stdio: 'ignore' });
  // Ready when it accepts a TCP connection.
  for (let k = 0; ; k++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) break;
    if (k > 100 || child.exitCode !== null) throw new Error('websockify did not start');
    await sleep(100);
  }
  const wsUrl = `ws://127.0.0.1:${port}/mqtt`;
  // MQTT clients ask for the `mqtt` WebSocket subprotocol; Debian's websockify 0.10 answers that
  // with 400 "Invalid protocol selected". Said, not crashed, when it does.
  const answer = await new Promise<string>((resolve) => {
    const ws = new WebSocket(wsUrl, 'mqtt');
    const done = (what: string): void => {
      clearTimeout(timer);
      ws.terminate();
      resolve(what);
    };
    const timer = setTimeout(() => done('no answer in 5 s'), 5000);
    ws.on('open', () => done('open'));
    ws.on('unexpected-response', (_req, res) => done(`HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
    ws.on('error', (e) => done(e.message));
  });
  if (answer !== 'open') {
    child.kill();
    throw new Error(`a WebSocket asking for the mqtt subprotocol, as MQTT clients do, is refused: ${answer}`);
  }
  return { wsUrl, stop: () => child.kill() };
}

/** Waits until the page has worked off any backlog: its received count stands still for 2 s. */
async function quiet(page: Page): Promise<void> {
  const received = (): Promise<number> => page.evaluate(() => window.cantonTwin!.store!.getState().live.received);
  let last = -1;
  for (let k = 0; k < 60; k++) {
    const now = await received();
    if (now === last) return;
    last = now;
    await sleep(2000);
  }
}

/** Installs the page-side probes: long tasks, and publish→applied latency at the layer's drain. */
async function probe(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Table = { drain(max?: number): number[]; merge(d: { ts: Float64Array }): void; ts: Float64Array; messagesMerged: number };
    const w = window as unknown as { cantonTwin: { store: { getState(): { layerLoad: Record<string, { data?: { kind: string; table?: Table } }> } } }; bench: { latencies: number[]; merged: number[]; longTasks: number[]; table: Table } };
    const load = Object.values(w.cantonTwin.store.getState().layerLoad).find((l) => l.data?.kind === 'sensors');
    const table = load!.data!.table!;
    const bench = { latencies: [] as number[], merged: [] as number[], longTasks: [] as number[], table };
    const merge = table.merge.bind(table);
    table.merge = (d) => {
      const now = Date.now();
      for (const ts of d.ts) if (bench.merged.length < 200_000) bench.merged.push(now - ts);
      merge(d);
    };
    const drain = table.drain.bind(table);
    table.drain = (max?: number) => {
      const list = drain(max);
      const now = Date.now();
      for (const i of list) if (table.ts[i]! > 0 && bench.latencies.length < 200_000) bench.latencies.push(now - table.ts[i]!);
      return list;
    };
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    w.bench = bench;
  });
}

interface Window0 {
  merged: number;
  frames: number;
}

async function pageWindow(page: Page, seconds: number): Promise<{ applied: number; fps: number; longest: number; latencies: number[]; merged: number[]; updateMs: number }> {
  const before = await page.evaluate(() => {
    const b = (window as unknown as { bench: { latencies: number[]; merged: number[]; longTasks: number[]; table: { messagesMerged: number } } }).bench;
    b.latencies.length = 0;
    b.merged.length = 0;
    b.longTasks.length = 0;
    const w = window as unknown as { frames: number; frameLoop?: boolean; updateMs: number };
    w.frames = 0;
    w.updateMs = 0;
    if (!w.frameLoop) {
      w.frameLoop = true;
      const tick = (): void => {
        w.frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }
    return { merged: b.table.messagesMerged, frames: 0 } satisfies Window0;
  });
  await sleep(seconds * 1000);
  return page.evaluate(
    ({ start, span }) => {
      const b = (window as unknown as { bench: { latencies: number[]; merged: number[]; longTasks: number[]; table: { messagesMerged: number } } }).bench;
      const w = window as unknown as { frames: number; updateMs: number };
      // The window ends here for a trace (taskTimes.ts): handing the samples to the bench is the bench's work.
      console.timeStamp('canton-twin:trace-window');
      return {
        applied: (b.table.messagesMerged - start.merged) / span,
        fps: w.frames / span,
        longest: Math.max(0, ...b.longTasks),
        latencies: [...b.latencies],
        merged: [...b.merged],
        updateMs: w.updateMs,
      };
    },
    { start: before, span: seconds },
  );
}

/** Scene frames drawn and the time spent updating sensors in them (layer drain → end of preRender). */
async function frameCost(page: Page, entities: boolean, seconds: number, stack: LiveStack): Promise<{ applied: number; fps: number; updateMsPerFrame: number; longest: number }> {
  await page.evaluate((useEntities) => {
    type Viewer = {
      scene: { preRender: { addEventListener(f: () => void): () => void }; backgroundColor: object; requestRender(): void; primitives: { length: number; get(i: number): { show: boolean } } };
      camera: { position: object };
      entities: { add(o: object): { position: unknown; point: { color: unknown; pixelSize: number } }; removeAll(): void };
      dataSourceDisplay: { update(t: unknown): boolean };
    };
    const w = window as unknown as { cantonTwin: { viewer: Viewer }; bench: { table: { drain(max?: number): number[]; lon: Float64Array; lat: Float64Array; value: Float64Array; level: Uint8Array; count: number } }; cost: { frames: number; ms: number; t: number; touched: boolean; stopHook?: () => void } };
    const viewer = w.cantonTwin.viewer;
    const table = w.bench.table;
    w.cost?.stopHook?.();
    const cost = { frames: 0, ms: 0, t: 0, touched: false, stopHook: undefined as (() => void) | undefined };
    w.cost = cost;
    // Points: the layer's own per-frame work, from its drain to the end of preRender. Entities: the
    // same changes applied to one Entity per sensor (the points hidden), timed on their own. The
    // sensor layer is the last primitive collection: layers are created in config order.
    const sensorRoot = [...Array(viewer.scene.primitives.length).keys()].map((i) => viewer.scene.primitives.get(i)).at(-1)!;
    sensorRoot.show = !useEntities;
    viewer.entities.removeAll();
    const stopPre = viewer.scene.preRender.addEventListener(() => {
      if (cost.t) {
        cost.ms += performance.now() - cost.t;
        cost.frames++;
        cost.t = 0;
      } else if (cost.touched) {
        cost.frames++;
        cost.touched = false;
      }
    });
    let stopDrain: () => void;
    if (useEntities) {
      const C3 = viewer.camera.position.constructor as unknown as { fromDegrees(lon: number, lat: number, h: number): object };
      const Color = viewer.scene.backgroundColor.constructor as unknown as { fromCssColorString(s: string): object };
      const colours = ['#2dd4bf', '#fbbf24', '#ef4444'].map((c) => Color.fromCssColorString(c));
      const ents = Array.from({ length: table.count }, (_, i) => viewer.entities.add({ position: C3.fromDegrees(table.lon[i]!, table.lat[i]!, 40), point: { pixelSize: 8, color: colours[0] } }));
      const dsd = viewer.dataSourceDisplay;
      const update = dsd.update.bind(dsd);
      dsd.update = (time) => {
        const t = performance.now();
        const r = update(time);
        cost.ms += performance.now() - t;
        return r;
      };
      const prevDrain = table.drain;
      // Entity cost per frame: setting the changed entities, plus the DataSourceDisplay update that
      // turns them into primitives (timed above).
      // The Entity baseline takes every change of the frame at once (the layer paints the points
      // it hides within its budget, a chunk per call): no budget caps the Entity API's cost.
      table.drain = () => {
        const list = prevDrain();
        if (list.length === 0) return list;
        const t = performance.now();
        for (const i of list) {
          const e = ents[i]!;
          e.position = C3.fromDegrees(table.lon[i]!, table.lat[i]!, 40);
          e.point.color = colours[table.level[i]!];
          e.point.pixelSize = 6 + Math.min(12, table.value[i]! / 10);
        }
        cost.ms += performance.now() - t;
        cost.touched = true;
        return list;
      };
      stopDrain = () => {
        table.drain = prevDrain;
        dsd.update = update;
        viewer.entities.removeAll();
      };
    } else {
      const prevDrain = table.drain;
      // From the frame's first drain (the layer drains a chunk at a time) to the end of preRender.
      table.drain = (max?: number) => {
        if (!cost.t) cost.t = performance.now();
        return prevDrain(max);
      };
      stopDrain = () => (table.drain = prevDrain);
    }
    cost.stopHook = () => {
      stopPre();
      stopDrain();
      sensorRoot.show = true;
    };
  }, entities);
  let result = { applied: 0, fps: 0, longest: 0 };
  await publish(stack, LATENCY_RATE, seconds + 1, async () => {
    await sleep(1000);
    await page.evaluate(() => {
      const c = (window as unknown as { cost: { frames: number; ms: number } }).cost;
      c.frames = 0;
      c.ms = 0;
    });
    result = await pageWindow(page, seconds);
  });
  const { frames, ms } = await page.evaluate(() => {
    const c = (window as unknown as { cost: { frames: number; ms: number; stopHook?: () => void } }).cost;
    c.stopHook?.();
    return { frames: c.frames, ms: c.ms };
  });
  return { ...result, updateMsPerFrame: frames ? ms / frames : 0 };
}

/** The registry's way into the page: the main-thread parts, measured by the app (src/perf/marks.ts). */
async function registryLoad(page: Page, registry: SensorRegistry, loadMs: number): Promise<void> {
  const [apply, create] = await page.evaluate(() => ['canton-twin:registry-apply', 'canton-twin:sensor-layer-create'].map((name) => performance.getEntriesByName(name).reduce((a, e) => a + e.duration, 0)));
  const m = { apply: apply!, create: create! };
  const history = new ReadingHistory(registry.kinds);
  console.log(
    `  registry: ${fmt(registry.ids.length)} sensors, parsed and checked in the live worker; on the main thread: taken from the worker ${fmt(m.apply, 1)} ms, ` +
      `layer created ${fmt(m.create, 1)} ms (city on screen after ${fmt(loadMs / 1000, 1)} s); the replay rings (src/domains/sensors/history.ts) hold ${fmt(history.bytes / 1048576, 1)} MiB for ${fmt(history.span / 60_000)} min, fixed at start`,
  );
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = xs.toSorted((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function soak(page: Page, stack: LiveStack, seconds: number): Promise<void> {
  const { registry } = stack;
  // 5,200 sensors at 1 Hz; a larger city at its own intervals (the truck every 2 s, a gauge every 10 s).
  const hz = registry.ids.length <= 5200 ? 1 : undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const samples: [number, number][] = [];
  const sim = await startSimulator({ url: stack.broker.tcpUrl, username: 'simulator', password: stack.credentials.simulator, registry, prefix: TOPIC_PREFIX, scenario: 'typhoon', cycleS: 300, hz });
  const t0 = Date.now();
  try {
    while (Date.now() - t0 < seconds * 1000) {
      await sleep(10_000);
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
      samples.push([(Date.now() - t0) / 1000, heap]);
      process.stdout.write(`\r  soak ${((Date.now() - t0) / 1000).toFixed(0)} s: heap ${(heap / 1048576).toFixed(1)} MiB, ${fmt((await page.evaluate(() => window.cantonTwin!.store!.getState().live.receivedPerSecond)))} msg/s   `);
    }
  } finally {
    await sim.stop();
  }
  const warm = samples.filter(([t]) => t >= Math.min(60, seconds / 3));
  const mean = warm.reduce((a, [, h]) => a + h, 0) / warm.length;
  const lo = Math.min(...warm.map(([, h]) => h));
  const hi = Math.max(...warm.map(([, h]) => h));
  const first = warm[0]![1];
  const last = warm.at(-1)![1];
  console.log(
    `\n  soak: ${seconds} s, ${fmt(registry.ids.length)} sensors ${hz ? 'at 1 Hz' : 'at their own intervals'}, ${fmt(sim.published() / seconds)} msg/s: heap after warm-up ${(mean / 1048576).toFixed(1)} MiB mean, ` +
      `range ${(((lo - mean) / mean) * 100).toFixed(1)} % … +${(((hi - mean) / mean) * 100).toFixed(1)} %, first→last ${(((last - first) / first) * 100).toFixed(1)} % ` +
      `(target within ±10 %: ${Math.max(mean - lo, hi - mean) / mean <= 0.1 ? 'met' : 'NOT met'})`,
  );
}

const browser = await launchBrowser();
try {
  for (const size of SIZES) for (const path of values.brokers.split(',')) {
    const sensors = scaledRegistry(size);
    console.log(`\n${path}, ${fmt(size)} sensors`);
    const brokerName = (path.startsWith('mosquitto') ? 'mosquitto' : 'aedes') as BrokerName;
    // `-relay`: the page reads the conflating relay's batches (on Mosquitto through the bridge).
    const relayed = path.endsWith('-relay');
    // `-2conn` (3conn, 4conn): the page reads the readings over that many connections and workers.
    const connections = Number(/-(\d)conn$/.exec(path)?.[1] ?? 1);
    if (path === 'mosquitto-websockify' && !existsSync(WEBSOCKIFY)) {
      console.log(`  skipped: ${WEBSOCKIFY} is not installed (apt-get install websockify)`);
      continue;
    }
    const stack = await startLiveStack({ broker: brokerName, wsBridge: path.startsWith('mosquitto-bridge') || path === 'mosquitto-relay', simulate: false, registryFile: sensors.file, relay: relayed });
    let proxy: Awaited<ReturnType<typeof websockify>> | null = null;
    if (path === 'mosquitto-websockify') {
      try {
        proxy = await websockify(stack.broker.tcpUrl);
      } catch (e) {
        console.log(`  not measured: ${e instanceof Error ? e.message : String(e)}`);
        await stack.stop();
        continue;
      }
    }
    const wsUrl = proxy?.wsUrl ?? stack.broker.wsUrl;
    const server = await startServer({ runtimeConfig: { mqttUrl: wsUrl, ...(relayed ? { sensorFeed: 'relay' } : {}), ...(connections > 1 ? { sensorConnections: connections } : {}) }, overlay: sensors.overlay ?? undefined });
    try {
      const page = await browser.context.newPage();
      const watch = await watchPage(browser.context, page, [new URL(server.url).origin, new URL(wsUrl.replace(/^ws/, 'http')).origin]);
      // tsx names inner functions with a helper that the page does not have.
      await page.addInitScript('window.__name = (f) => f;');
      const url = new URL(VIEW, server.url);
      const t0 = performance.now();
      await page.goto(url.href);
      await waitForCity(page);
      await registryLoad(page, stack.registry, performance.now() - t0);
      await probe(page);

      // Ingest: the page and a Node subscriber side by side on the same flood, so that both see
      // the same broker and the same CPU (two cores, shared with the publisher and the broker).
      let ingest = { applied: 0, fps: 0, longest: 0, latencies: [] as number[], merged: [] as number[], updateMs: 0 };
      const node = await nodeSubscriber(wsUrl);
      /**
       * One flood window: the page's rate beside the Node subscriber's, and where the CPU went.
       * Traced, it also names the main-thread tasks (the trace costs the page some throughput, so
       * the ratio comes from an untraced window).
       */
      const floodWindow = async (traced: boolean): Promise<{ rate: number; nodeRate: number; cpu: string; tasks: TaskTimes | null; relay: { accepted: number; messages: number; rows: number } | null }> => {
        let nodeRate = 0;
        let cpu = '';
        let tasks: TaskTimes | null = null;
        let relay: { accepted: number; messages: number; rows: number } | null = null;
        const rate = await publish(stack, FLOOD_RATE, SECONDS + 1, async () => {
          await sleep(1000);
          const r0 = stack.relay?.stats();
          const n0 = node.count();
          const c0 = cpuSnapshot();
          const w0 = performance.now();
          const measure = async (): Promise<void> => {
            ingest = await pageWindow(page, SECONDS);
          };
          if (traced) tasks = await traceTasks(page, measure);
          else await measure();
          cpu = cpuReport(c0, cpuSnapshot(), performance.now() - w0);
          nodeRate = (node.count() - n0) / SECONDS;
          const r1 = stack.relay?.stats();
          if (r0 && r1) relay = { accepted: (r1.accepted - r0.accepted) / SECONDS, messages: (r1.messages - r0.messages) / SECONDS, rows: (r1.rows - r0.rows) / SECONDS };
        });
        await quiet(page);
        return { rate, nodeRate, cpu, tasks, relay };
      };
      const ratio = (w: { nodeRate: number }): string => `${((ingest.applied / Math.max(1, w.nodeRate)) * 100).toFixed(0)} %`;
      const flood = await floodWindow(false);
      console.log(
        `  ingest under a flood (publisher ${fmt(flood.rate)} msg/s over TCP): page ${fmt(ingest.applied)} msg/s applied to the layer, longest main-thread task ${fmt(ingest.longest)} ms, ` +
          `${fmt(ingest.fps, 1)} animation frames/s (SwiftShader, relative only); Node mqtt.js WS subscriber at the same time ${fmt(flood.nodeRate)} msg/s ` +
          `→ page/Node ${ratio(flood)} (target ≥ 80 %)` +
          (flood.relay
            ? `\n  through the relay: ${fmt(flood.relay.accepted)} readings/s in, ${fmt(flood.relay.messages)} messages/s out carrying ${fmt(flood.relay.rows)} rows/s (the latest of each changed sensor every 100 ms); ` +
              `the page applied ${((ingest.applied / Math.max(1, flood.relay.rows)) * 100).toFixed(0)} % of the rows (page/Node above compares rows with readings)`
            : '') +
          `\n  during the flood: ${flood.cpu}`,
      );
      // The long tasks, traced: the same flood with the load as it is here, then with the load
      // (publisher, broker, bridge, Node subscriber) at the lowest priority, standing in for a
      // deployment where it runs on other machines and the page has this one's cores; then with
      // SwiftShader low too (a GPU's work), and last with the load low and the page's main thread
      // taking a core the moment it wakes (cpuShare.ts realTimeMainThreads).
      const conditions: { label: string; set: () => boolean; reset: () => void }[] = [
        { label: 'the load as it is', set: () => true, reset: () => undefined },
        { label: 'the load at nice 19', set: () => setLoadNice(19, false), reset: () => setLoadNice(0, false) },
        { label: 'the load and SwiftShader at nice 19', set: () => setLoadNice(19, true), reset: () => setLoadNice(0, true) },
        {
          label: 'the load at nice 19 and the main thread real-time (SCHED_FIFO)',
          set: () => setLoadNice(19, false) && realTimeMainThreads(true),
          reset: () => {
            realTimeMainThreads(false);
            setLoadNice(0, false);
          },
        },
      ];
      for (const c of conditions) {
        if (!c.set()) {
          console.log(`  traced flood, ${c.label}: cannot be arranged here (needs Linux, root to restore priorities, taskset and two cores)`);
          continue;
        }
        let w: Awaited<ReturnType<typeof floodWindow>>;
        try {
          w = await floodWindow(true);
        } finally {
          c.reset();
        }
        const t = w.tasks!;
        console.log(
          `  traced flood, ${c.label} (publisher ${fmt(w.rate)} msg/s): page ${fmt(ingest.applied)} msg/s, Node ${fmt(w.nodeRate)} msg/s (${ratio(w)}); ` +
            `longest task ${fmt(ingest.longest)} ms (Long Tasks API); in the trace ${fmt(t.tasks)} tasks, longest ${fmt(t.longestWallMs)} ms by the wall and ${fmt(t.longestCpuMs)} ms by its own CPU time, ` +
            `over 50 ms: ${t.overWall} by the wall, ${t.overCpu} by CPU (target: none)\n    ${w.cpu}\n` +
            t.heaviest.map((h) => `    ${h}`).join('\n'),
        );
      }
      await node.stop();

      const lat = await publish(stack, LATENCY_RATE, SECONDS + 1, async () => {
        await sleep(1000);
        ingest = await pageWindow(page, SECONDS);
      });
      console.log(
        `  latency at ${fmt(lat)} msg/s: publish → applied to the layer p50 ${fmt(percentile(ingest.latencies, 50))} ms, p99 ${fmt(percentile(ingest.latencies, 99))} ms ` +
          `over ${fmt(ingest.latencies.length)} sensor updates (target p99 ≤ 250 ms; ${fmt(ingest.fps, 1)} frames/s here); ` +
          `publish → merged on the main thread p50 ${fmt(percentile(ingest.merged, 50))} ms, p99 ${fmt(percentile(ingest.merged, 99))} ms; ${fmt(ingest.applied)} msg/s applied`,
      );

      const points = await frameCost(page, false, SECONDS, stack);
      const entities = await frameCost(page, true, SECONDS, stack);
      console.log(
        `  point collection at 2,000 msg/s: ${points.updateMsPerFrame.toFixed(2)} ms update per frame, ${fmt(points.fps, 1)} animation frames/s, longest task ${fmt(points.longest)} ms\n` +
          `  Entity API baseline:            ${entities.updateMsPerFrame.toFixed(2)} ms update per frame, ${fmt(entities.fps, 1)} animation frames/s, longest task ${fmt(entities.longest)} ms\n` +
          `  → Entity/points update cost ${(entities.updateMsPerFrame / Math.max(1e-3, points.updateMsPerFrame)).toFixed(1)}×, frame rate ${(points.fps / Math.max(1e-3, entities.fps)).toFixed(1)}× (relative)`,
      );
      // The soak runs on the production path: Mosquitto through the bridge.
      if (SOAK_S > 0 && path === 'mosquitto-bridge' && size === Math.max(...SIZES)) await soak(page, stack, SOAK_S);
      if (watch.offOrigin.length > 0 || watch.consoleErrors.length > 0) console.log(`  page problems: ${[...watch.offOrigin, ...watch.consoleErrors].slice(0, 5).join('; ')}`);
      await page.close();
    } finally {
      await server.close();
      proxy?.stop();
      await stack.stop();
    }
  }
} finally {
  await browser.close();
}
