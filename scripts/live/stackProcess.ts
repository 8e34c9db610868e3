/**
 * One process of `npm start`'s supervised stack (./processes.ts):
 *   tsx scripts/live/stackProcess.ts broker|service|simulator|relay
 * with the plan in CANTON_STACK and the role's own login in MQTT_USERNAME and MQTT_PASSWORD (and
 * the service's other settings as server/ops/main.ts reads them). It tells the supervisor over
 * the IPC channel when it is ready, and stops on SIGTERM, on SIGINT, or when the supervisor is gone.
 * Each role loads only the modules it runs.
 */
import { watch } from 'node:fs';
import { join } from 'node:path';
import type { SimulatorOptions } from './simulator.ts';
import type { ChildMessage, ReadyInfo, Role, StackPlan } from './processes.ts';

interface Running {
  ready: ReadyInfo;
  stop(): Promise<void>;
}

function required(name: string): string {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set (this process is started by scripts/live/processes.ts)`);
  return v;
}

const report = (m: ChildMessage): void => {
  if (process.connected) process.send!(m);
};

async function broker(plan: StackPlan): Promise<Running> {
  const { startBroker } = await import('../../server/mqtt/brokers.ts');
  const running = await startBroker(plan.broker, {
    tcpPort: plan.tcpPort,
    wsPort: plan.wsPort,
    host: plan.host,
    usersDir: plan.usersDir,
    anonymous: plan.anonymous,
    wsBridge: plan.broker === 'mosquitto',
    allowedOrigins: plan.allowedOrigins,
  });
  // `npm run users` rewrites the file; the broker rereads it (Aedes at once, Mosquitto on SIGHUP).
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(plan.usersDir, () => {
    clearTimeout(timer);
    timer = setTimeout(() => running.reload(), 200);
  });
  return {
    ready: { tcpUrl: running.tcpUrl, wsUrl: running.wsUrl, bridge: running.bridge !== undefined },
    stop: async () => {
      watcher.close();
      clearTimeout(timer);
      await running.stop();
    },
  };
}

/** The operations service, and the web server whose /api/ops answers from it (processes.ts says why together). */
async function service(plan: StackPlan): Promise<Running> {
  const [{ startServiceFromEnv }, { startServer }, { opsApi }] = await Promise.all([import('../../server/ops/main.ts'), import('../../server/web/serve.ts'), import('../../server/ops/http.ts')]);
  const ops = await startServiceFromEnv();
  // The page learns the broker's WebSocket port from the served runtime config; `{hostname}` is
  // the page's own host, so a touch table on the LAN finds the broker beside the app.
  const ws = new URL(required('CANTON_BROKER_WS_URL'));
  const server = await startServer({
    port: plan.webPort,
    host: plan.host,
    runtimeConfig: {
      mqttUrl: `${ws.protocol}//{hostname}:${ws.port}${ws.pathname}`,
      ...(plan.anonymous ? {} : { mqttUsername: 'viewer', mqttPassword: required('MQTT_VIEWER_PASSWORD') }),
      ...(plan.relay ? { sensorFeed: 'relay' as const } : {}),
    },
    overlay: plan.overlay ?? undefined,
    api: opsApi(ops.service, ops.usersDir, { panoramaDir: plan.panoramaDir }),
  });
  return {
    ready: { url: server.url, instance: ops.service.instance, database: ops.database.kind, sensors: ops.sensors },
    stop: async () => {
      await server.close();
      await ops.stop();
    },
  };
}

/** The case-loop bots' settings, when the stack gave the simulator their logins. */
async function caseLoopOf(env: NodeJS.ProcessEnv, usersDir: string): Promise<SimulatorOptions['caseLoop']> {
  if (!env.CASE_BOTS || !env.CASE_API_URL) return undefined;
  const bots = JSON.parse(env.CASE_BOTS) as Record<string, string>;
  const { driverLogins, stackBotPlan } = await import('./caseBotLogins.ts');
  const plan = stackBotPlan(join(usersDir, 'case-photos'));
  return { apiUrl: env.CASE_API_URL, logins: driverLogins(plan.logins, (name) => bots[name] ?? ''), places: plan.places };
}

async function simulator(plan: StackPlan): Promise<Running> {
  const [{ crowdSettings, startSimulator }, { readDistrictCodes, readRegistry, DEFAULT_DISTRICTS, TOPIC_PREFIX }, { readCatalogue, DEFAULT_CATALOGUE }] = await Promise.all([
    import('./simulator.ts'),
    import('../../server/data/cityFiles.ts'),
    import('../../src/domains/signs/server/opsPart.ts'),
  ]);
  const sim = await startSimulator({
    url: required('MQTT_URL'),
    username: required('MQTT_USERNAME'),
    password: required('MQTT_PASSWORD'),
    registry: readRegistry(plan.registryFile),
    signs: { catalogue: readCatalogue(DEFAULT_CATALOGUE), districts: readDistrictCodes(DEFAULT_DISTRICTS) },
    prefix: TOPIC_PREFIX,
    crowd: crowdSettings(plan.crowd) ?? undefined,
    caseLoop: await caseLoopOf(process.env, plan.usersDir),
    ...plan.simulate,
  });
  const counting = setInterval(() => report({ type: 'published', count: sim.published() }), 1000);
  return {
    ready: { scenario: plan.simulate.scenario },
    stop: async () => {
      clearInterval(counting);
      await sim.stop();
    },
  };
}

async function relay(plan: StackPlan): Promise<Running> {
  const [{ startRelay }, { readRegistry, TOPIC_PREFIX }] = await Promise.all([import('../../server/mqtt/relay.ts'), import('../../server/data/cityFiles.ts')]);
  const running = startRelay({ url: required('MQTT_URL'), username: required('MQTT_USERNAME'), password: required('MQTT_PASSWORD'), registry: readRegistry(plan.registryFile), prefix: TOPIC_PREFIX });
  await running.ready;
  return { ready: {}, stop: () => running.stop() };
}

const roles: Record<Role, (plan: StackPlan) => Promise<Running>> = { broker, service, simulator, relay };
const role = process.argv[2] as Role;
if (!Object.hasOwn(roles, role)) throw new Error(`role must be one of ${Object.keys(roles).join(', ')}, not ${String(role)}`);
const running = await roles[role](JSON.parse(required('CANTON_STACK')) as StackPlan);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  running.stop().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`${role}: stop failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The supervisor is gone (killed): stop rather than run on unsupervised, holding the ports.
process.on('disconnect', stop);
report({ type: 'ready', info: running.ready });
