/**
 * The operations service as a process of its own, for production and for scale-out: run one per
 * machine (or several), all pointed at the same broker cluster and the same PostgreSQL.
 *
 *   MQTT_URL=mqtt://broker:1883 MQTT_USERNAME=ops MQTT_PASSWORD=… DATABASE_URL=postgres://… \
 *   OPS_INSTANCE=ops-a OPS_SHARE=ops CANTON_USERS_DIR=/etc/mosquitto/canton-twin tsx server/ops/main.ts
 *
 * OPS_SHARE names the shared-subscription group (empty: no shared subscription, for Aedes).
 * Without DATABASE_URL it keeps its audit trail in PGlite (PGLITE_DIR, default var/pglite).
 * Each domain's part reads its own variables (`fromEnv` in src/domains/<name>/server/opsPart.ts):
 * today SIGN_CATALOGUE and DISTRICTS, TRUCK_WORLD, TRUCK_FLEET and GRID, and CROWD_TILES.
 * When started by another Node process (the benchmark), it reports its figures each second.
 * `npm start` runs it through startServiceFromEnv, beside the web server (scripts/live/stackProcess.ts).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from './database.ts';
import { startOpsService, type OpsService } from './service.ts';
import { domainParts } from './domainParts.ts';
import { DEFAULT_REGISTRY, TOPIC_PREFIX, readRegistry } from '../data/cityFiles.ts';

const root = join(fileURLToPath(import.meta.url), '../../..');

export interface ServiceProcess {
  service: OpsService;
  database: Database;
  usersDir: string;
  /** The number of sensors in the registry the service runs on. */
  sensors: number;
  stop(): Promise<void>;
}

/** Opens the database and starts the service as the variables above say; resolves once it is ready. */
export async function startServiceFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ServiceProcess> {
  const get = (name: string, fallback?: string): string => {
    const v = env[name] ?? fallback;
    if (v === undefined) throw new Error(`${name} is not set`);
    return v;
  };
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: get('PGLITE_DIR', join(root, 'var', 'pglite')) });
  const registry = readRegistry(get('SENSOR_REGISTRY', DEFAULT_REGISTRY));
  const usersDir = get('CANTON_USERS_DIR', join(root, 'var', 'mqtt'));
  const service = startOpsService({
    url: get('MQTT_URL', 'mqtt://127.0.0.1:1883'),
    username: get('MQTT_USERNAME', 'ops'),
    password: get('MQTT_PASSWORD'),
    registry,
    prefix: get('TOPIC_PREFIX', TOPIC_PREFIX),
    database,
    usersDir,
    instance: env.OPS_INSTANCE,
    share: env.OPS_SHARE === '' ? null : (env.OPS_SHARE ?? 'ops'),
    ...Object.fromEntries(domainParts.map((p) => [p.name, p.fromEnv?.(env, registry)])),
  });
  await service.ready;
  return {
    service,
    database,
    usersDir,
    sensors: registry.ids.length,
    stop: async () => {
      await service.stop();
      await database.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { service, database, stop } = await startServiceFromEnv();
  console.log(`operations service ${service.instance} running (${database.kind})`);
  if (process.send) {
    process.send({ type: 'ready', instance: service.instance });
    setInterval(() => {
      if (process.connected) process.send!({ type: 'stats', stats: service.stats() });
    }, 100).unref();
  }
  const exit = (): void => void stop().then(() => process.exit(0));
  process.on('SIGINT', exit);
  process.on('SIGTERM', exit);
}
