/**
 * The city simulator: publishes every registered sensor's readings to the broker, retained, under
 * the topic scheme of src/live/contract.ts.
 *
 * Pacing: by default each sensor reports at its own interval from the registry (~1,000 msg/s for
 * the default city). `hz` makes every sensor report that often; `rate` sets a total messages per
 * second instead (tested to 20,000 msg/s and above), cycling through the sensors.
 *
 * CLI: tsx scripts/live/simulator.ts [--url mqtt://127.0.0.1:1883] [--scenario normal|typhoon]
 *        [--cycle 600] [--hz 1 | --rate 20000] [--seconds N] [--signs signs.json --districts districts.geojson]
 *        [--registry sensors.geojson | --sensors 50000]
 *        (credentials: MQTT_USERNAME, MQTT_PASSWORD)
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { sensorTopic, UNITS, type SensorRegistry } from '../../src/live/contract.ts';
import { readingValue, SCENARIOS, sensorTraits, type ScenarioName, type SensorTraits } from './scenario.ts';
import { LAPSE, RouteFleet } from './trucks.ts';
import type { CompiledWorld } from '../../src/domains/trucks/truckWorld.ts';
import type { FleetAssignment } from '../../src/domains/trucks/fleet.ts';
import { loadFleet, loadTruckWorld } from '../../src/domains/trucks/server/loadTruckWorld.ts';
import { startSignSimulator } from './signs.ts';
import { startCaseSimulator } from './cases.ts';
import { startCaseLoopDriver, type CaseLoopDriverOptions } from './caseLoopDriver.ts';
import { DEFAULT_SENSOR_TOTAL } from './generateSensors.ts';
import { scaledRegistry } from './scaledRegistry.ts';
import type { Catalogue } from '../../src/domains/signs/catalogue.ts';
import { startCrowdSimulator, type CrowdSimulatorOptions } from './crowd.ts';
import { CROWD_EVENTS, type CrowdEvent } from './crowdEvents.ts';
import { ownedClientId } from '../../server/mqtt/mqttGuard.ts';
import { DEFAULT_TILES, readDistrictCodes, readRegistry } from '../../server/data/cityFiles.ts';
import { readCatalogue } from '../../src/domains/signs/server/opsPart.ts';
import { readCrowdModel } from '../../src/domains/crowd/server/opsPart.ts';

export interface SimulatorOptions {
  url: string;
  username?: string;
  password?: string;
  registry: SensorRegistry;
  prefix: string;
  scenario: ScenarioName;
  /** Seconds per storm cycle in the typhoon scenario. */
  cycleS?: number;
  hz?: number;
  rate?: number;
  seed?: number;
  /** Scenario seconds per wall-clock second. */
  speed?: number;
  /** The muck trucks' world and fleet (default: the generated ones, src/domains/trucks/server/loadTruckWorld.ts). */
  trucks?: { world: CompiledWorld; fleet: FleetAssignment };
  /** The departments' vital signs to publish beside the sensors (scripts/live/signs.ts). */
  signs?: { catalogue: Catalogue; districts: readonly string[] };
  /** Milliseconds between new governance cases (scripts/live/cases.ts); 0: none. Default 15 s. */
  caseEveryMs?: number;
  /**
   * Drive the operations service's case loop through its API instead (./caseLoopDriver.ts): the
   * hotline's calls, and bots for the dispatcher, the departments and an inspector. Without it
   * (no service, `npm run simulate`) the cases are published on MQTT and close by themselves.
   */
  caseLoop?: Omit<CaseLoopDriverOptions, 'seed' | 'everyMs'>;
  /** The crowds' signalling feed on this crowd model (scripts/live/crowd.ts); absent: none. */
  crowd?: Omit<CrowdSimulatorOptions, 'prefix' | 'seed'>;
}

export interface Simulator {
  readonly client: MqttClient;
  /** Messages handed to the client since the start (sensor readings; vital signs apart). */
  published(): number;
  signsPublished(): number;
  /** Scenario time of the last crowd minute published, ms; 0 without the crowd feed. */
  crowdMinute(): number;
  /** Starts the crowd feed over with another event (or speed, or start). */
  setCrowdEvent(crowd: Omit<CrowdSimulatorOptions, 'prefix' | 'seed'>): void;
  /** Scenario time, seconds. */
  scenarioTime(): number;
  setScenario(scenario: ScenarioName): void;
  stop(): Promise<void>;
}

const TICK_MS = 10;

export async function startSimulator(o: SimulatorOptions): Promise<Simulator> {
  const { registry } = o;
  const n = registry.ids.length;
  const seed = o.seed ?? 1;
  const traits: SensorTraits[] = registry.kinds.map((kind, i) => sensorTraits(kind, i, registry.positions[2 * i]!, registry.positions[2 * i + 1]!, seed));
  const topics = registry.ids.map((id, i) => sensorTopic(o.prefix, registry.kinds[i]!, id));
  const truckIdx = registry.kinds.flatMap((k, i) => (k === 'truck' ? [i] : []));
  const truckSlot = new Int32Array(n).fill(-1);
  truckIdx.forEach((i, s) => (truckSlot[i] = s));
  const trucks = o.trucks ?? { world: loadTruckWorld(), fleet: loadFleet(loadTruckWorld(), registry) };
  const fleet = new RouteFleet(trucks.world, trucks.fleet.route, seed, { lapse: LAPSE[o.scenario] });

  const client = await mqtt.connectAsync(o.url, { username: o.username, password: o.password, clientId: ownedClientId(o.username, `canton-sim-${process.pid}-${Date.now() % 1e6}`), reconnectPeriod: 1000 });
  const signs = o.signs ? startSignSimulator(client, { ...o.signs, prefix: o.prefix, seed }) : null;
  const caseEveryMs = o.caseEveryMs ?? 15_000;
  const places = Float64Array.from(registry.kinds.flatMap((k, i) => (k === 'truck' ? [] : [registry.positions[2 * i]!, registry.positions[2 * i + 1]!])));
  let crowd = o.crowd ? startCrowdSimulator(client, { ...o.crowd, prefix: o.prefix, seed }) : null;
  const cases = caseEveryMs > 0 && !o.caseLoop ? startCaseSimulator(client, { prefix: o.prefix, places, seed, everyMs: caseEveryMs }) : null;
  const loop = caseEveryMs > 0 && o.caseLoop ? startCaseLoopDriver({ ...o.caseLoop, seed, everyMs: caseEveryMs }) : null;
  const start = performance.now();
  let scenario = o.scenario;
  let sent = 0;
  const speed = o.speed ?? 1;
  const clockT = (): number => ((performance.now() - start) / 1000) * speed;

  const publish = (i: number, t: number): void => {
    // A venue's crowd is the operations service's estimate, not a reading of ours.
    if (registry.kinds[i] === 'crowd') return;
    const value = readingValue(traits[i]!, i, { scenario, t, cycleS: o.cycleS ?? 600 });
    const reading: Record<string, unknown> = { ts: Date.now(), value, unit: UNITS[registry.kinds[i]!], quality: 'good' };
    const slot = truckSlot[i]!;
    if (slot >= 0) {
      // The truck drives at about the scenario's speed, held to its road's limit unless it is speeding.
      const truck = fleet.report(slot, t, value);
      // A silent unit publishes nothing (every unit has reported once: the retained store is complete).
      if (!truck) return;
      reading.value = truck.speed;
      reading.lon = Math.round(truck.lon * 1e6) / 1e6;
      reading.lat = Math.round(truck.lat * 1e6) / 1e6;
      reading.heading = Math.round(truck.heading);
    }
    client.publish(topics[i]!, JSON.stringify(reading), { qos: 0, retain: true });
    sent++;
  };

  // Everyone reports within the first second, and again after each reconnect, so that the retained
  // store is complete even on a broker that lost it in a restart (Aedes keeps it in memory).
  const nextDue = new Float64Array(n);
  const reportAll = (from: number): void => {
    for (let i = 0; i < n; i++) nextDue[i] = from + (i / n) * Math.min(1, periodOf(o, registry, i));
  };
  reportAll(0);
  client.on('connect', () => {
    fleet.resend();
    reportAll((performance.now() - start) / 1000);
  });
  let cursor = 0;
  let budget = 0;
  let lastWall = 0;
  const timer = setInterval(() => {
    const t = clockT();
    const wall = (performance.now() - start) / 1000;
    const dt = wall - lastWall;
    lastWall = wall;
    // While the broker is away nothing is queued: readings resume at the current time.
    if (!client.connected) return;
    if (o.rate) {
      // A budget refilled at the rate; a short stall is caught up, a long one is not.
      budget = Math.min(budget + o.rate * dt, o.rate * 0.25);
      for (; budget >= 1; budget--) {
        publish(cursor, t);
        cursor = (cursor + 1) % n;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      if (nextDue[i]! > wall) continue;
      publish(i, t);
      nextDue[i] = Math.max(nextDue[i]! + periodOf(o, registry, i), wall);
    }
  }, TICK_MS);

  return {
    client,
    published: () => sent,
    signsPublished: () => signs?.published() ?? 0,
    crowdMinute: () => crowd?.scenarioMinute() ?? 0,
    setCrowdEvent: (c) => {
      crowd?.stop();
      crowd = startCrowdSimulator(client, { ...c, prefix: o.prefix, seed });
    },
    scenarioTime: clockT,
    setScenario: (s) => {
      scenario = s;
      fleet.lapse = LAPSE[s];
    },
    stop: async () => {
      clearInterval(timer);
      signs?.stop();
      cases?.stop();
      await loop?.stop();
      crowd?.stop();
      await client.endAsync();
    },
  };
}

function periodOf(o: SimulatorOptions, registry: SensorRegistry, i: number): number {
  return o.hz ? 1 / o.hz : registry.props[i]!.interval;
}

/** The simulator's command-line options, shared by `npm run simulate` and `npm start` (node:util parseArgs). */
export const SIMULATOR_ARGS = {
  scenario: { type: 'string', default: 'normal' },
  cycle: { type: 'string', default: '600' },
  hz: { type: 'string' },
  rate: { type: 'string' },
  /** Sensors in the registry: the default's 5,200, or a larger city generated once (scaledRegistry.ts). */
  sensors: { type: 'string' },
  /** The crowds' event (crowdEvents.ts), and how many scenario minutes pass per wall-clock minute. */
  event: { type: 'string', default: 'normal' },
  'event-speed': { type: 'string', default: '1' },
} as const;

/** `--sensors`: a whole number of sensors, 5,200 when absent. */
export function sensorTotal(arg: string | undefined): number {
  if (arg === undefined) return DEFAULT_SENSOR_TOTAL;
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 6 || n > 1_000_000) throw new Error(`--sensors must be a whole number from 6 to 1,000,000, not ${arg}`);
  return n;
}

/** `--event` and `--event-speed` on the default city's crowd model; null when the model has not been built. */
export function crowdSettings(v: { event: string; 'event-speed': string }, tilesDir = DEFAULT_TILES): SimulatorOptions['crowd'] | null {
  if (!(CROWD_EVENTS as readonly string[]).includes(v.event)) throw new Error(`--event must be one of: ${CROWD_EVENTS.join(', ')}`);
  const speed = Number(v['event-speed']);
  if (!(speed >= 1 && speed <= 600)) throw new Error(`--event-speed must be a number from 1 to 600, not ${v['event-speed']}`);
  try {
    return { model: readCrowdModel(tilesDir), event: v.event as CrowdEvent, speed };
  } catch (e) {
    console.warn(`crowds: no crowd model in ${tilesDir} (${e instanceof Error ? e.message : String(e)}); run npm run tiles`);
    return null;
  }
}

export function simulatorSettings(v: { scenario: string; cycle: string; hz?: string; rate?: string }): Pick<SimulatorOptions, 'scenario' | 'cycleS' | 'hz' | 'rate'> {
  if (!(SCENARIOS as readonly string[]).includes(v.scenario)) throw new Error(`--scenario must be one of: ${SCENARIOS.join(', ')}`);
  return { scenario: v.scenario as ScenarioName, cycleS: Number(v.cycle), hz: v.hz ? Number(v.hz) : undefined, rate: v.rate ? Number(v.rate) : undefined };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(import.meta.url), '../../..');
  const { values: v } = parseArgs({
    options: {
      ...SIMULATOR_ARGS,
      url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      registry: { type: 'string' },
      signs: { type: 'string', default: join(root, 'public/cities/guangzhou/generated/signs.json') },
      districts: { type: 'string', default: join(root, 'public/cities/guangzhou/generated/districts.geojson') },
      prefix: { type: 'string', default: 'city/guangzhou' },
      seconds: { type: 'string' },
    },
  });
  const settings = simulatorSettings(v);
  const sim = await startSimulator({ url: v.url, username: process.env.MQTT_USERNAME, password: process.env.MQTT_PASSWORD, registry: readRegistry(v.registry ?? scaledRegistry(sensorTotal(v.sensors)).file), prefix: v.prefix, ...settings, signs: { catalogue: readCatalogue(v.signs), districts: readDistrictCodes(v.districts) }, crowd: crowdSettings(v) ?? undefined });
  console.log(`simulator: ${settings.scenario}, publishing to ${v.url}`);
  const seconds = v.seconds;
  let last = 0;
  const report = setInterval(() => {
    const now = sim.published();
    console.log(`simulator: ${now - last} msg/s, ${sim.signsPublished()} vital signs so far, scenario t=${sim.scenarioTime().toFixed(0)} s`);
    last = now;
  }, 5000);
  const stop = async (): Promise<void> => {
    clearInterval(report);
    await sim.stop();
    process.exit(0);
  };
  if (seconds) setTimeout(() => void stop(), Number(seconds) * 1000);
  process.on('SIGINT', () => void stop());
}
