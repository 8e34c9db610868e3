/**
 * The operations service as a process of its own, for production and for scale-out: run one per
 * machine (or several), all pointed at the same broker cluster and the same PostgreSQL.
 *
 *   MQTT_URL=mqtt://broker:1883 MQTT_USERNAME=ops MQTT_PASSWORD=… DATABASE_URL=postgres://… \
 *   OPS_INSTANCE=ops-a OPS_SHARE=ops CANTON_USERS_DIR=/etc/mosquitto/canton-twin tsx scripts/ops/main.ts
 *
 * OPS_SHARE names the shared-subscription group (empty: no shared subscription, for Aedes).
 * Without DATABASE_URL it keeps its audit trail in PGlite (PGLITE_DIR, default var/pglite).
 * SIGN_CATALOGUE (default: the generated one; empty: none) is the vital-sign catalogue it derives for.
 * TRUCK_WORLD and TRUCK_FLEET (default: the generated ones; TRUCK_WORLD empty: no truck rules) and
 * GRID (default: the generated grid.bin) are what the muck-truck rules run on.
 * When started by another Node process (the benchmark), it reports its figures each second.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CATALOGUE, DEFAULT_DISTRICTS, DEFAULT_REGISTRY, TOPIC_PREFIX } from '../live/stack.ts';
import { readDistrictCodes, readRegistry } from '../live/simulator.ts';
import { readCatalogue } from '../live/signs.ts';
import { openDatabase } from './database.ts';
import { startOpsService } from './service.ts';
import { loadTruckSetup } from '../trucks/loadTruckWorld.ts';

const root = join(fileURLToPath(import.meta.url), '../../..');
const env = (name: string, fallback?: string): string => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: env('PGLITE_DIR', join(root, 'var', 'pglite')) });
const registry = readRegistry(env('SENSOR_REGISTRY', DEFAULT_REGISTRY));
const service = startOpsService({
  url: env('MQTT_URL', 'mqtt://127.0.0.1:1883'),
  username: env('MQTT_USERNAME', 'ops'),
  password: env('MQTT_PASSWORD'),
  registry,
  trucks: process.env.TRUCK_WORLD === '' ? undefined : loadTruckSetup(registry, { world: process.env.TRUCK_WORLD, fleet: process.env.TRUCK_FLEET, grid: process.env.GRID }),
  prefix: env('TOPIC_PREFIX', TOPIC_PREFIX),
  database,
  usersDir: env('CANTON_USERS_DIR', join(root, 'var', 'mqtt')),
  instance: process.env.OPS_INSTANCE,
  share: process.env.OPS_SHARE === '' ? null : (process.env.OPS_SHARE ?? 'ops'),
  signs: process.env.SIGN_CATALOGUE === '' ? undefined : { catalogue: readCatalogue(env('SIGN_CATALOGUE', DEFAULT_CATALOGUE)), districts: readDistrictCodes(env('DISTRICTS', DEFAULT_DISTRICTS)) },
});
await service.ready;
console.log(`operations service ${service.instance} running (${database.kind})`);
if (process.send) {
  process.send({ type: 'ready', instance: service.instance });
  setInterval(() => {
    if (process.connected) process.send!({ type: 'stats', stats: service.stats() });
  }, 100).unref();
}
const stop = async (): Promise<void> => {
  await service.stop();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
