/**
 * `npm start`: everything the embedded Guangzhou default needs, in one process.
 *   1. generates the city data (districts, water, grid, sensor registry) when it is missing;
 *   2. generates the city's buildings and tiles them into tiles/guangzhou when missing;
 *   3. builds the app when dist/ is missing or older than its sources;
 *   4. starts the MQTT broker (embedded Aedes: TCP 1883, WebSocket 8083 at /mqtt) and the simulator;
 *   5. serves the app and the tiles on http://127.0.0.1:8080/ (PORT and HOST override).
 *
 * Options: --scenario normal|typhoon  --cycle <s per storm>  --hz <per sensor> | --rate <msg/s>
 *          --broker aedes|mosquitto   (npm run start:mosquitto uses the Debian Mosquitto binary)
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { buildData } from './build-data.ts';
import { buildDefaultTiles } from './build-tiles.ts';
import { startServer } from './serve.ts';
import { startLiveStack } from './live/stack.ts';
import { SIMULATOR_ARGS, simulatorSettings } from './live/simulator.ts';
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

const { values: args } = parseArgs({ options: { ...SIMULATOR_ARGS, broker: { type: 'string', default: 'aedes' } } });
const simulate = simulatorSettings(args);
const brokerName = args.broker as BrokerName;
if (brokerName !== 'aedes' && brokerName !== 'mosquitto') throw new Error('--broker must be aedes or mosquitto');

buildData({ ifMissing: true });
await buildDefaultTiles({ ifMissing: true });
if (appIsStale()) {
  console.log('app: building…');
  await build({ root, logLevel: 'warn' });
}
const host = process.env.HOST ?? '127.0.0.1';
const live = await startLiveStack({
  broker: brokerName,
  tcpPort: Number(process.env.MQTT_PORT ?? 1883),
  wsPort: Number(process.env.MQTT_WS_PORT ?? 8083),
  host,
  simulate,
});
// The page learns the broker's WebSocket port from the served runtime config; `{hostname}` is
// the page's own host, so a touch table on the LAN finds the broker beside the app.
const ws = new URL(live.broker.wsUrl);
const server = await startServer({
  port: Number(process.env.PORT ?? 8080),
  host,
  runtimeConfig: { mqttUrl: `${ws.protocol}//{hostname}:${ws.port}${ws.pathname}` },
});
console.log(
  `\nCanton Twin is running: ${server.url}\n` +
    `  MQTT (${brokerName}): ${live.broker.tcpUrl} and ${live.broker.wsUrl}; simulator: ${simulate.scenario}\n` +
    `  viewer login for brokers that refuse anonymous clients: viewer / ${live.users.viewer}\n` +
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
