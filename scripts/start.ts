/**
 * `npm start`: everything the embedded Guangzhou default needs, as supervised processes.
 *   1. generates the city data (districts, water, grid, sensor registry) when it is missing;
 *   2. generates the city's buildings and tiles them into tiles/guangzhou when missing;
 *   3. builds the app when dist/ is missing or older than its sources;
 *   4. creates the MQTT users file (var/mqtt: simulator, service, viewer, a demo operator) if missing;
 *   5. starts the MQTT broker (Aedes in a Node process of its own: TCP 1883, WebSocket 8083 at /mqtt),
 *      the simulator and the operations service (alarms and audit trail; embedded PGlite in
 *      var/pglite, or the PostgreSQL server DATABASE_URL names), each a child process that is
 *      restarted if it dies (live/processes.ts: why, and how);
 *   6. serves the app, the tiles and /api/ops on http://127.0.0.1:8080/ from the service's process
 *      (PORT and HOST override; MQTT_PORT and MQTT_WS_PORT the broker's; 0: a free port).
 *      CANTON_USERS_DIR and PGLITE_DIR move var/mqtt and var/pglite.
 *
 * Options: --scenario normal|typhoon  --cycle <s per storm>  --hz <per sensor> | --rate <msg/s>
 *          --sensors <n>              (default 5,200; a larger registry is generated once under var/sensors/)
 *          --broker aedes|mosquitto   (npm run start:mosquitto uses the Debian Mosquitto binary)
 *          --relay                    (the conflating relay: pages read many sensors a message)
 *          --event normal|nye|canton-fair|flower-fair  --event-speed <scenario minutes per minute>
 *                                     (the crowds of the major-events scenario; normal follows the clock)
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { buildData } from './build-data.ts';
import { buildDefaultTiles, DEFAULT_TILES_DIR } from './build-tiles.ts';
import { ensureStackUsers } from './live/stack.ts';
import { SIMULATOR_ARGS, sensorTotal, simulatorSettings } from './live/simulator.ts';
import { scaledRegistry } from './live/scaledRegistry.ts';
import { freePort, type BrokerName } from '../server/mqtt/brokers.ts';
import { superviseStack } from './live/processes.ts';
import { DEFAULT_TILES } from '../server/data/cityFiles.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), s.mtimeMs);
}

/**
 * The origins of the pages this server serves, which the broker's WebSocket must admit. Bound to
 * loopback: none to add (the brokers admit loopback pages); to all interfaces: each address of
 * this machine and its name, as a touch table on the LAN opens it.
 */
function pageOrigins(host: string, port: number): string[] | undefined {
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') return undefined;
  const all = host === '0.0.0.0' || host === '::';
  const hosts = all ? [hostname(), 'localhost', ...Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address))] : [host];
  return hosts.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}`);
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
const pgliteDir = process.env.PGLITE_DIR ?? join(root, 'var', 'pglite');
const { credentials, created } = ensureStackUsers(usersDir, [], { caseDemo: true, caseBots: true });
// The embedded default's 30 days of closed cases, loaded once by the service (src/domains/cases/server/history.ts).
process.env.CASE_HISTORY ??= '120000';
// Anonymous read-only viewers only on the loopback-bound default; MQTT_ANONYMOUS=0 turns them off there too.
const anonymous = process.env.MQTT_ANONYMOUS ? process.env.MQTT_ANONYMOUS === '1' : host === '127.0.0.1' || host === 'localhost';
/** A port from the environment; 0 picks a free one now, so that a restarted child binds the same. */
const port = async (name: string, fallback: number): Promise<number> => Number(process.env[name] ?? fallback) || (await freePort());
const webPort = await port('PORT', 8080);
const stack = await superviseStack(
  {
    broker: brokerName,
    host,
    tcpPort: await port('MQTT_PORT', 1883),
    wsPort: await port('MQTT_WS_PORT', 8083),
    webPort,
    allowedOrigins: pageOrigins(host, webPort),
    usersDir,
    anonymous,
    registryFile: sensors.file,
    overlay: sensors.overlay,
    simulate,
    crowd: { event: args.event, 'event-speed': args['event-speed'] },
    relay: args.relay,
    pgliteDir,
    panoramaDir: join(DEFAULT_TILES_DIR, 'panorama'),
    crowdTiles: DEFAULT_TILES,
  },
  credentials,
);
const { broker, service } = stack.ready as Required<typeof stack.ready>;
console.log(
  `\nCanton Twin is running: ${service.url}   (display wall: ${service.url}?screen=wall)\n` +
    `  MQTT (${brokerName}): ${broker.tcpUrl} and ${broker.wsUrl}${broker.bridge ? ' (the gate in front of Mosquitto)' : ''}; anonymous viewers ${anonymous ? 'allowed (loopback)' : 'refused'}; simulator: ${simulate.scenario}, ${Number(service.sensors).toLocaleString('en')} sensors${args.relay ? "; the pages read the conflating relay's batches" : ''}\n` +
    `  operations service: ${service.instance}, audit trail in ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${pgliteDir}`}\n` +
    `  processes: broker, service and web server, simulator${args.relay ? ', relay' : ''}, each restarted if it dies\n` +
    `  users file: ${usersDir}/passwd and ${usersDir}/acl${created.length ? ` (created: ${created.join(', ')})` : ''}\n` +
    // Never the password itself: a terminal's output ends up in logs.
    `  demo duty officer: ${credentials.operator.name} (sign in on the alarm list; the password is in ${usersDir}/credentials.json, readable by you only)\n` +
    `  case loop, one demo login per role (passwords in the same file; sign in on the cases tab): ${Object.keys(credentials.cases ?? {}).join(', ')}\n` +
    '  add a real gauge:  npm run users -- add device WL-0150   (it may publish city/guangzhou/sensor/+/WL-0150 only)\n' +
    '  add an operator:   npm run users -- add operator zhang\n' +
    'Press Ctrl+C to stop.',
);
let last = 0;
setInterval(() => {
  const sent = stack.published();
  process.stdout.write(`\rsimulator: ${((sent - last) / 10).toFixed(0)} msg/s published   `);
  last = sent;
}, 10_000).unref();
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
