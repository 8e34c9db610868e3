/**
 * The conflating relay, for deployments whose readings come faster than one browser connection
 * takes them. It is an MQTT client, not a broker: it reads every sensor's topic with its own login
 * (role `relay`: read the readings, write the batches), checks each reading as the page would
 * (src/live/decode.ts), keeps the latest of each sensor, and republishes (src/live/batchContract.ts):
 *   - every `windowMs` the sensors that changed, many a message, on the delta topic;
 *   - every `stateMs` each shard that changed since its last state, retained, so that a viewer
 *     that connects gets the whole city in a few dozen messages.
 * A viewer opts in with `"sensorFeed": "relay"` in runtime-config.json; the others keep reading
 * one message per reading. Refused readings are counted by reason, never republished.
 *
 * CLI: tsx server/mqtt/relay.ts [--url mqtt://127.0.0.1:1883] [--registry sensors.geojson | --sensors 50000]
 *        [--window 100] [--state 10000]   (credentials: MQTT_USERNAME, MQTT_PASSWORD)
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { sensorFilter, type SensorRegistry } from '../../src/live/contract.ts';
import { deltaTopic, encodeBatches, QUALITIES, ROWS_PER_SHARD, stateTopic, type BatchRow } from '../../src/live/batchContract.ts';
import { Decoder, type RejectReason } from '../../src/live/decode.ts';
import { DirtySet } from '../../src/live/dirtySet.ts';
import { ownedClientId } from './mqttGuard.ts';
import { DEFAULT_REGISTRY, readRegistry } from '../data/cityFiles.ts';
import { tally } from '../../src/sources/tally.ts';

/** The relay's state, apart from MQTT: the latest accepted reading of each sensor, and what changed. */
export class Conflator {
  readonly shards: number;
  private readonly decoder: Decoder;
  private readonly ts: Float64Array;
  private readonly value: Float64Array;
  private readonly quality: Uint8Array;
  /** NaN where a sensor reports no position (only trucks do). */
  private readonly lon: Float64Array;
  private readonly lat: Float64Array;
  private readonly heading: Float64Array;
  private readonly changed: DirtySet;
  private readonly shardChanged: DirtySet;
  readonly refused: Partial<Record<RejectReason, number>> = {};
  accepted = 0;

  constructor(
    private readonly registry: SensorRegistry,
    prefix: string,
    now?: () => number,
  ) {
    const n = registry.ids.length;
    this.decoder = new Decoder(registry, prefix, now);
    this.ts = new Float64Array(n);
    this.value = new Float64Array(n);
    this.quality = new Uint8Array(n);
    this.lon = new Float64Array(n).fill(NaN);
    this.lat = new Float64Array(n).fill(NaN);
    this.heading = new Float64Array(n).fill(NaN);
    this.changed = new DirtySet(n);
    this.shards = Math.ceil(n / ROWS_PER_SHARD);
    this.shardChanged = new DirtySet(this.shards);
  }

  /** One MQTT message; true when it was a new reading. */
  offer(topic: string, payload: Uint8Array): boolean {
    const d = this.decoder.decode(topic, payload);
    if (!d.ok) {
      if (!d.duplicate) tally(this.refused, d.reason);
      return false;
    }
    const { index: i, reading } = d;
    this.ts[i] = reading.ts;
    this.value[i] = reading.value;
    this.quality[i] = QUALITIES.indexOf(reading.quality);
    this.lon[i] = reading.lon ?? NaN;
    this.lat[i] = reading.lat ?? NaN;
    this.heading[i] = reading.heading ?? NaN;
    this.changed.add(i);
    this.shardChanged.add(Math.floor(i / ROWS_PER_SHARD));
    this.accepted++;
    return true;
  }

  private row(i: number): BatchRow {
    const base: [string, number, number, number] = [this.registry.ids[i]!, this.ts[i]!, this.value[i]!, this.quality[i]!];
    if (Number.isNaN(this.lon[i]!) || Number.isNaN(this.lat[i]!)) return base;
    return Number.isNaN(this.heading[i]!) ? [...base, this.lon[i]!, this.lat[i]!] : [...base, this.lon[i]!, this.lat[i]!, this.heading[i]!];
  }

  /** Marks every shard with a reading changed: its state goes out again at the next call. */
  restate(): void {
    for (let shard = 0; shard < this.shards; shard++) this.shardChanged.add(shard);
  }

  /** The sensors that changed since the last call, as rows, oldest change first. */
  takeDelta(): BatchRow[] {
    return this.changed.take().map((i) => this.row(i));
  }

  /** Every shard that changed since the last call: all of its sensors that have reported. */
  takeStates(): { shard: number; rows: BatchRow[] }[] {
    return this.shardChanged.take().map((shard) => {
      const rows: BatchRow[] = [];
      const end = Math.min(this.registry.ids.length, (shard + 1) * ROWS_PER_SHARD);
      for (let i = shard * ROWS_PER_SHARD; i < end; i++) if (this.ts[i]! > 0) rows.push(this.row(i));
      return { shard, rows };
    });
  }
}

export interface RelayOptions {
  url: string;
  username?: string;
  password?: string;
  registry: SensorRegistry;
  prefix: string;
  /** Milliseconds between deltas (default 100: ten a second at most, whatever the readings' rate). */
  windowMs?: number;
  /** Milliseconds between a changed shard's retained states (default 10 s). */
  stateMs?: number;
}

export interface RelayStats {
  /** Readings accepted, and refused by reason. */
  accepted: number;
  refused: Partial<Record<RejectReason, number>>;
  /** Messages and rows published. */
  messages: number;
  rows: number;
  /** Connection errors since the start (the client reconnects by itself), and the last one. */
  errors: number;
  lastError: string | null;
}

export interface Relay {
  ready: Promise<void>;
  stats(): RelayStats;
  stop(): Promise<void>;
}

export function startRelay(o: RelayOptions): Relay {
  const conflator = new Conflator(o.registry, o.prefix);
  const stats = { messages: 0, rows: 0 };
  const client = mqtt.connect(o.url, { username: o.username, password: o.password, clientId: ownedClientId(o.username, `canton-relay-${Math.random().toString(16).slice(2, 10)}`), reconnectPeriod: 1000, clean: true, resubscribe: true });
  client.on('message', (topic, payload) => conflator.offer(topic, payload));
  // A restarting broker: the client reconnects and resubscribes, and the retained readings refill
  // the state; meanwhile publishing is skipped, and what changed is kept for the next window. A
  // broker that lost its retained messages gets every shard's state again.
  let connects = 0;
  client.on('connect', () => {
    if (connects++ > 0) conflator.restate();
  });
  const publish = (topic: string, rows: BatchRow[], retain: boolean): void => {
    for (const text of encodeBatches(rows)) {
      client.publish(topic, text, { qos: 0, retain });
      stats.messages++;
    }
    stats.rows += rows.length;
  };
  const delta = setInterval(() => {
    if (!client.connected) return;
    const rows = conflator.takeDelta();
    if (rows.length > 0) publish(deltaTopic(o.prefix), rows, false);
  }, o.windowMs ?? 100);
  const state = setInterval(() => {
    if (!client.connected) return;
    for (const { shard, rows } of conflator.takeStates()) publish(stateTopic(o.prefix, shard), rows, true);
  }, o.stateMs ?? 10_000);
  // An error (a refused login, a broker gone) fails the start; later ones are counted while the
  // client reconnects, never thrown.
  let started = false;
  const errors = { count: 0, last: null as string | null };
  const ready = new Promise<void>((resolve, reject) => {
    client.once('connect', () => {
      client.subscribe(sensorFilter(o.prefix), { qos: 0 }, (err) => (err ? reject(err) : resolve()));
    });
    client.on('error', (err) => {
      errors.count++;
      errors.last = err.message;
      if (started) return;
      clearInterval(delta);
      clearInterval(state);
      client.end(true);
      reject(err);
    });
  }).then(() => {
    started = true;
  });
  return {
    ready,
    stats: () => ({ accepted: conflator.accepted, refused: { ...conflator.refused }, ...stats, errors: errors.count, lastError: errors.last }),
    stop: async () => {
      clearInterval(delta);
      clearInterval(state);
      await client.endAsync();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values: v } = parseArgs({
    options: {
      url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      // A larger generated city's registry: var/sensors/<n>/… (npm run simulate -- --sensors <n> makes it).
      registry: { type: 'string', default: DEFAULT_REGISTRY },
      prefix: { type: 'string', default: 'city/guangzhou' },
      window: { type: 'string', default: '100' },
      state: { type: 'string', default: '10000' },
    },
  });
  const relay = startRelay({
    url: v.url,
    username: process.env.MQTT_USERNAME,
    password: process.env.MQTT_PASSWORD,
    registry: readRegistry(v.registry),
    prefix: v.prefix,
    windowMs: Number(v.window),
    stateMs: Number(v.state),
  });
  await relay.ready;
  console.log(`relay: reading ${sensorFilter(v.prefix)} on ${v.url}, batches every ${v.window} ms, shard states every ${v.state} ms`);
  let last = relay.stats();
  setInterval(() => {
    const now = relay.stats();
    console.log(`relay: ${(now.accepted - last.accepted) / 5} readings/s in, ${(now.messages - last.messages) / 5} messages/s and ${(now.rows - last.rows) / 5} rows/s out, refused ${JSON.stringify(now.refused)}, connection errors ${now.errors}${now.lastError ? ` (last: ${now.lastError})` : ''}`);
    last = now;
  }, 5000);
  process.on('SIGINT', () => void relay.stop().then(() => process.exit(0)));
}
