/**
 * `npm start`: everything the embedded Guangzhou default needs, in one process.
 *   1. generates the city data (districts, water, grid, sensor registry) when it is missing;
 *   2. generates the city's buildings and tiles them into tiles/guangzhou when missing;
 *   3. builds the app when dist/ is missing or older than its sources;
 *   4. creates the MQTT users file (var/mqtt: simulator, service, viewer, a demo operator) if missing;
 *   5. starts the MQTT broker (embedded Aedes: TCP 1883, WebSocket 8083 at /mqtt), the simulator
 *      and the operations service (alarms and audit trail; embedded PGlite in var/pglite, or the
 *      PostgreSQL server DATABASE_URL names);
 *   6. serves the app, the tiles and /api/ops on http://127.0.0.1:8080/ (PORT and HOST override).
 *
 * Options: --scenario normal|typhoon  --cycle <s per storm>  --hz <per sensor> | --rate <msg/s>
 *          --sensors <n>              (default 5,200; a larger registry is generated once under var/sensors/)
 *          --broker aedes|mosquitto   (npm run start:mosquitto uses the Debian Mosquitto binary)
 *          --relay                    (the conflating relay: pages read many sensors a message)
 *          --event normal|nye|canton-fair|flower-fair  --event-speed <scenario minutes per minute>
 *                                     (the crowds of the major-events scenario; normal follows the clock)
 */
import { existsSync, readdirSync, statSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { buildData } from './build-data.ts';
import { buildDefaultTiles, DEFAULT_TILES_DIR } from './build-tiles.ts';
import { startServer } from './serve.ts';
import { ensureStackUsers, startLiveStack } from './live/stack.ts';
import { opsApi } from './ops/http.ts';
import { crowdSettings, SIMULATOR_ARGS, sensorTotal, simulatorSettings } from './live/simulator.ts';
import { scaledRegistry } from './live/scaledRegistry.ts';
import type { BrokerName } from './live/brokers.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), s.mtimeMs);
}

function appIsStale(): boolean {
  const built = join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p));
  return Math.max(...sources.filter(existsSync).map(newestMtime)) > statSync(built).mtimeMs;
}

const { values: args } = parseArgs({ options: { ...SIMULATOR_ARGS, broker: { type: 'string', default: 'aedes' }, relay: { type: 'boolean', default: false } } });
const simulate = simulatorSettings(args);
const brokerName = args.broker as BrokerName;
if (brokerName !== 'aedes' && brokerName !== 'mosquitto') throw new Error('--broker must be aedes or mosquitto');

buildData({ ifMissing: true });
const sensors = scaledRegistry(sensorTotal(args.sensors));
await buildDefaultTiles({ ifMissing: true });
if (appIsStale()) {
  console.log('app: building…');
  await build({ root, logLevel: 'warn' });
}
const host = process.env.HOST ?? '127.0.0.1';
const usersDir = process.env.CANTON_USERS_DIR ?? join(root, 'var', 'mqtt');
const { credentials, created } = ensureStackUsers(usersDir);
// Anonymous read-only viewers only on the loopback-bound default; MQTT_ANONYMOUS=0 turns them off there too.
const anonymous = process.env.MQTT_ANONYMOUS ? process.env.MQTT_ANONYMOUS === '1' : host === '127.0.0.1' || host === 'localhost';
const live = await startLiveStack({
  broker: brokerName,
  tcpPort: Number(process.env.MQTT_PORT ?? 1883),
  wsPort: Number(process.env.MQTT_WS_PORT ?? 8083),
  host,
  usersDir,
  anonymous,
  simulate,
  crowd: crowdSettings(args) ?? false,
  registryFile: sensors.file,
  relay: args.relay,
  ops: { database: { url: process.env.DATABASE_URL, dataDir: process.env.PGLITE_DIR ?? join(root, 'var', 'pglite') } },
});
// `npm run users` rewrites the file; the broker rereads it (Aedes at once, Mosquitto on SIGHUP).
let reloadTimer: NodeJS.Timeout | null = null;
watch(usersDir, () => {
  if (reloadTimer) clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => live.broker.reload(), 200);
});
// The page learns the broker's WebSocket port from the served runtime config; `{hostname}` is
// the page's own host, so a touch table on the LAN finds the broker beside the app.
const ws = new URL(live.broker.wsUrl);
const server = await startServer({
  port: Number(process.env.PORT ?? 8080),
  host,
  runtimeConfig: {
    mqttUrl: `${ws.protocol}//{hostname}:${ws.port}${ws.pathname}`,
    ...(anonymous ? {} : { mqttUsername: 'viewer', mqttPassword: credentials.viewer }),
    ...(args.relay ? { sensorFeed: 'relay' as const } : {}),
  },
  overlay: sensors.overlay ?? undefined,
  api: live.ops ? opsApi(live.ops, usersDir, { panoramaDir: join(DEFAULT_TILES_DIR, 'panorama') }) : undefined,
});
console.log(
  `\nCanton Twin is running: ${server.url}   (display wall: ${server.url}?screen=wall)\n` +
    `  MQTT (${brokerName}): ${live.broker.tcpUrl} and ${live.broker.wsUrl}${live.broker.bridge ? ' (the WebSocket bridge in front of Mosquitto)' : ''}; anonymous viewers ${anonymous ? 'allowed (loopback)' : 'refused'}; simulator: ${simulate.scenario}, ${live.registry.ids.length.toLocaleString('en')} sensors${live.relay ? '; the pages read the conflating relay\'s batches' : ''}\n` +
    `  operations service: ${live.ops?.instance}, audit trail in ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${process.env.PGLITE_DIR ?? join(root, 'var', 'pglite')}`}\n` +
    `  users file: ${usersDir}/passwd and ${usersDir}/acl${created.length ? ` (created: ${created.join(', ')})` : ''}\n` +
    `  demo duty officer: ${credentials.operator.name} / ${credentials.operator.password} (sign in on the alarm list)\n` +
    '  add a real gauge:  npm run users -- add device WL-0150   (it may publish city/guangzhou/sensor/+/WL-0150 only)\n' +
    '  add an operator:   npm run users -- add operator zhang\n' +
    'Press Ctrl+C to stop.',
);
let last = 0;
setInterval(() => {
  const sent = live.simulator?.published() ?? 0;
  process.stdout.write(`\rsimulator: ${((sent - last) / 10).toFixed(0)} msg/s published   `);
  last = sent;
}, 10_000).unref();
const stop = async (): Promise<void> => {
  await live.stop();
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
