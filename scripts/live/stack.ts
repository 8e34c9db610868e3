/**
 * The live half of Canton Twin in one call: a broker (embedded Aedes or a Mosquitto process), the
 * simulator publishing to it with its own login, and the operations service. Used by `npm start`,
 * the tests and the benchmarks, so that all three run the same thing.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opsPrefixOf } from '../../src/live/opsContract.ts';
import type { SensorRegistry } from '../../src/live/contract.ts';
import { freePort, startBroker, type BrokerName, type RunningBroker } from '../../server/mqtt/brokers.ts';
import { crowdSettings, startSimulator, type Simulator, type SimulatorOptions } from './simulator.ts';
import { loadTruckSetup } from '../../src/domains/trucks/server/loadTruckWorld.ts';
import { addLogins, isCurrentHash, newPassword, readUsers, writeUsers, type Login, type TopicSpace } from '../../server/ops/users.ts';
import { openDatabase, type Database } from '../../server/ops/database.ts';
import { startRelay, type Relay, type RelayOptions } from '../../server/mqtt/relay.ts';
import { startOpsService, type OpsService } from '../../server/ops/service.ts';
import { loadCaseSetup, type CaseFiles } from '../../src/domains/cases/server/caseSetup.ts';
import { demoCaseLogins } from './caseLogins.ts';
import { stackBotPlan } from './caseBotLogins.ts';
import { DEFAULT_DISTRICTS, DEFAULT_REGISTRY, readDistrictCodes, readRegistry, TOPIC_PREFIX } from '../../server/data/cityFiles.ts';
import { DEFAULT_CATALOGUE, readCatalogue } from '../../src/domains/signs/server/opsPart.ts';

export const TOPICS: TopicSpace = { city: TOPIC_PREFIX, ops: opsPrefixOf(TOPIC_PREFIX) };

/** The logins every stack has, and their passwords (kept beside the users file, never in the bundle). */
export interface StackCredentials {
  simulator: string;
  ops: string;
  viewer: string;
  /** The conflating relay. */
  relay: string;
  /** The demo duty officer. */
  operator: { name: string; password: string };
  /** The case loop's demo logins, one per role (./caseLogins.ts). */
  cases?: Record<string, string>;
  /** The simulator's case-loop bots (./caseBotLogins.ts). */
  caseBots?: Record<string, string>;
}

export const DEMO_OPERATOR = 'duty-demo';

export interface LiveStackOptions {
  broker?: BrokerName;
  /**
   * Mosquitto: browsers connect through the WebSocket bridge (server/mqtt/wsBridge.ts), the
   * default: bench:live measured the page at 96 % of a Node subscriber through it, 20 % on
   * Mosquitto's own WebSocket listener. False uses that listener.
   */
  wsBridge?: boolean;
  /** 0 picks a free port. */
  tcpPort?: number;
  wsPort?: number;
  host?: string;
  /** The users file's folder; by default a fresh one in a temporary folder, removed at stop. */
  usersDir?: string;
  /** Admit anonymous read-only clients (default: only when the broker is bound to loopback). */
  anonymous?: boolean;
  /** Origins whose pages may open the browsers' WebSocket (default: pages served from loopback). */
  allowedOrigins?: readonly string[];
  /** More logins to create (tests: devices, a second operator). */
  logins?: (Login & { password: string })[];
  /** The sensor registry file (default: the bundle's 5,200; live/scaledRegistry.ts makes larger ones). */
  registryFile?: string;
  /** Whether the simulator publishes the departments' vital signs and the service derives the others (default true). */
  signs?: boolean;
  /** Simulator settings; false runs the broker alone. */
  simulate?: false | Partial<Pick<SimulatorOptions, 'scenario' | 'cycleS' | 'hz' | 'rate' | 'speed'>>;
  /**
   * The crowds: the simulator's signalling feed and the service's venues, on the default city's
   * crowd model (a normal day when absent, when the model has been built); false: none.
   */
  crowd?: false | SimulatorOptions['crowd'];
  /** Runs the conflating relay (server/mqtt/relay.ts) with its own login; viewers opt in to its batches. */
  relay?: boolean | Pick<RelayOptions, 'windowMs' | 'stateMs'>;
  /** The case loop's files, where a test wants its own (its rules' minutes); the default city's otherwise. */
  cases?: Omit<CaseFiles, 'photos' | 'history'>;
  /** Runs the operations service; `database` is DATABASE_URL or an embedded PGlite folder. */
  ops?: false | { database?: { url?: string; dataDir?: string }; instance?: string };
}

export interface LiveStack {
  broker: RunningBroker;
  registry: SensorRegistry;
  simulator: Simulator | null;
  relay: Relay | null;
  ops: OpsService | null;
  usersDir: string;
  credentials: StackCredentials;
  /** Starts another operations-service instance (scale-out), or restarts one. */
  startOps(instance?: string): Promise<OpsService>;
  stop(): Promise<void>;
}

/**
 * Makes sure the users file has the stack's own logins (simulator, service, viewer, a demo
 * operator, and with `caseDemo` the case loop's demo logins), creating any that are missing;
 * their passwords live in `credentials.json` beside it
 * (mode 0600), for the processes of this machine only.
 */
export function ensureStackUsers(dir: string, extra: readonly (Login & { password: string })[] = [], o: { caseDemo?: boolean; caseBots?: boolean } = {}): { credentials: StackCredentials; created: string[] } {
  const credentialsPath = join(dir, 'credentials.json');
  const saved: Partial<StackCredentials> = existsSync(credentialsPath) ? (JSON.parse(readFileSync(credentialsPath, 'utf8')) as Partial<StackCredentials>) : {};
  const users = readUsers(dir);
  const credentials: StackCredentials = {
    simulator: saved.simulator ?? newPassword(),
    ops: saved.ops ?? newPassword(),
    viewer: saved.viewer ?? newPassword(),
    relay: saved.relay ?? newPassword(),
    operator: saved.operator ?? { name: DEMO_OPERATOR, password: newPassword() },
    cases: saved.cases ?? {},
    caseBots: saved.caseBots ?? {},
  };
  // Only where a person will sign in and the simulator drives the loop (npm start): each login
  // costs a deliberate KDF's time.
  const caseLogins = o.caseDemo ? demoCaseLogins(join(dir, 'case-photos')) : [];
  for (const l of caseLogins) credentials.cases![l.name] ??= newPassword();
  const botLogins = o.caseBots ? stackBotPlan(join(dir, 'case-photos')).logins : [];
  for (const l of botLogins) credentials.caseBots![l.name] ??= newPassword();
  const changed = (l: Login, passwords: Record<string, string> | undefined): boolean =>
    passwords?.[l.name] === undefined || !users.hashes.has(l.name) || users.roles.get(l.name) !== l.role || String(users.scopes.get(l.name)?.cells) !== String(l.cells) || users.scopes.get(l.name)?.department !== l.department;
  const wanted: (Login & { password: string })[] = [
    { name: 'simulator', role: 'gateway', password: credentials.simulator },
    { name: 'ops', role: 'service', password: credentials.ops },
    { name: 'viewer', role: 'viewer', password: credentials.viewer },
    { name: 'relay', role: 'relay', password: credentials.relay },
    { name: credentials.operator.name, role: 'operator', password: credentials.operator.password },
  ];
  const keys = ['simulator', 'ops', 'viewer', 'relay', 'operator'] as const;
  // A login whose password was not saved gets the fresh one just made; one whose hash is older
  // than today's KDF strength is hashed again from its saved password.
  const missing = [
    ...wanted.filter((l, k) => saved[keys[k]!] === undefined || !users.hashes.has(l.name) || !isCurrentHash(users.hashes.get(l.name)!)),
    ...caseLogins.filter((l) => changed(l, saved.cases)).map((l) => ({ ...l, password: credentials.cases![l.name]! })),
    ...botLogins.filter((l) => changed(l, saved.caseBots)).map((l) => ({ ...l, password: credentials.caseBots![l.name]! })),
  ];
  if (missing.length > 0 || extra.length > 0) addLogins(dir, [...missing, ...extra], TOPICS);
  // The ACL follows the roles as this version defines them (a role may have gained a topic).
  else writeUsers(dir, users, TOPICS);
  writeFileSync(credentialsPath, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  // Owner only, as every secret: Mosquitto, which drops to its own user, reads copies made for it.
  chmodSync(dir, 0o700);
  chmodSync(credentialsPath, 0o600);
  return { credentials, created: missing.map((l) => l.name) };
}

export async function startLiveStack(o: LiveStackOptions = {}): Promise<LiveStack> {
  const temporary = o.usersDir === undefined ? mkdtempSync(join(tmpdir(), 'canton-users-')) : null;
  const usersDir = o.usersDir ?? temporary!;
  const { credentials } = ensureStackUsers(usersDir, o.logins);
  const host = o.host ?? '127.0.0.1';
  const brokerName = o.broker ?? 'aedes';
  const broker = await startBroker(brokerName, {
    tcpPort: o.tcpPort || (await freePort()),
    wsPort: o.wsPort || (await freePort()),
    host,
    usersDir,
    anonymous: o.anonymous ?? isLoopback(host),
    allowedOrigins: o.allowedOrigins,
    wsBridge: o.wsBridge ?? brokerName === 'mosquitto',
  });
  const registry = readRegistry(o.registryFile ?? DEFAULT_REGISTRY);
  const signs = o.signs === false ? undefined : { catalogue: readCatalogue(DEFAULT_CATALOGUE), districts: readDistrictCodes(DEFAULT_DISTRICTS) };
  const crowd = o.crowd === false ? undefined : (o.crowd ?? crowdSettings({ event: 'normal', 'event-speed': '1' }) ?? undefined);
  // The case loop's photos beside the users file: owner only, and gone with a temporary stack.
  const cases = loadCaseSetup({ ...o.cases, photos: join(usersDir, 'case-photos') });
  let database: Database | null = null;
  let dbDir: string | null = null;
  const instances: OpsService[] = [];
  const startOps = async (instance?: string): Promise<OpsService> => {
    if (!database) {
      const spec = o.ops ? o.ops.database : undefined;
      dbDir = spec?.dataDir ? null : mkdtempSync(join(tmpdir(), 'canton-pglite-'));
      // A folder inside the temporary one, so that the identity file beside it goes with it.
      database = await openDatabase({ url: spec?.url, dataDir: spec?.dataDir ?? join(dbDir!, 'pglite') });
    }
    const service = startOpsService({
      url: broker.tcpUrl,
      username: 'ops',
      password: credentials.ops,
      registry,
      signs,
      prefix: TOPIC_PREFIX,
      database,
      usersDir,
      instance,
      trucks: loadTruckSetup(registry),
      crowd: crowd && { model: crowd.model },
      cases,
      // Aedes 1.x has no shared subscriptions: the embedded default runs one instance.
      share: brokerName === 'mosquitto' ? 'ops' : null,
    });
    await service.ready;
    instances.push(service);
    return service;
  };
  const ops = o.ops ? await startOps(o.ops.instance ?? 'ops-1') : null;
  const relay = o.relay ? startRelay({ url: broker.tcpUrl, username: 'relay', password: credentials.relay, registry, prefix: TOPIC_PREFIX, ...(o.relay === true ? {} : o.relay) }) : null;
  await relay?.ready;
  const simulator =
    o.simulate === false
      ? null
      : await startSimulator({
          url: broker.tcpUrl,
          username: 'simulator',
          password: credentials.simulator,
          registry,
          signs,
          prefix: TOPIC_PREFIX,
          scenario: 'normal',
          crowd,
          ...o.simulate,
        });
  return {
    broker,
    registry,
    simulator,
    relay,
    ops,
    usersDir,
    credentials,
    startOps,
    stop: async () => {
      await simulator?.stop();
      await relay?.stop();
      await Promise.all(instances.map((s) => s.stop().catch(() => undefined)));
      await (database as Database | null)?.close();
      await broker.stop();
      if (temporary) rmSync(temporary, { recursive: true, force: true });
      if (dbDir) rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === 'localhost' || host === '::1';
