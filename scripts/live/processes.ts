/**
 * `npm start`'s live stack as separate processes, supervised from the calling one: the broker
 * (Aedes in a Node process of its own; Mosquitto with the gate in front of it), the operations
 * service with the web server, the simulator, and the relay with --relay. Each child is
 * scripts/live/stackProcess.ts with its role; the supervisor prints each child's lines with its
 * name, restarts a child that dies (with a growing back-off, and counts it), and stops them all.
 *
 * Why processes: in one event loop, one anonymous client's SUBSCRIBE with 5,000 filters kept the
 * embedded broker busy for 13.5 s and froze the page and the alarm service with it (issue #35).
 * Now a busy broker delays MQTT only.
 *
 * Why the web server shares the service's process rather than proxying /api/ops to it: the API
 * answers from the service's live state and database handle, and the login back-off counts per
 * client address, which a proxy would turn into one address (127.0.0.1) for everyone, so one
 * attacker's wrong passwords would lock every duty officer out. The page's static files cost
 * little beside the service; the broker and the simulator, which outsiders can drive hard, are the
 * processes kept apart from it.
 *
 * Settings travel in the environment (CANTON_STACK, JSON without secrets), and each child gets only
 * its own MQTT password (MQTT_PASSWORD), never on a command line, where `ps` would show it.
 * Children run in process groups of their own: Ctrl+C reaches the supervisor only, which stops
 * them in order (feeds, then the service, then the broker), and a dead child's own children
 * (Mosquitto) are killed with it before the restart. A child whose supervisor is gone stops itself.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import type { SimulatorOptions } from './simulator.ts';

export type Role = 'broker' | 'service' | 'simulator' | 'relay';

/** What every child needs to know, as `npm start` decided it (no secrets). */
export interface StackPlan {
  broker: BrokerName;
  host: string;
  tcpPort: number;
  wsPort: number;
  webPort: number;
  /** The pages' origins the broker's WebSocket admits (brokers.ts; undefined: its loopback default). */
  allowedOrigins?: string[];
  usersDir: string;
  anonymous: boolean;
  registryFile: string;
  /** A folder served over dist/ (a larger sensor registry), or null. */
  overlay: string | null;
  simulate: Pick<SimulatorOptions, 'scenario' | 'cycleS' | 'hz' | 'rate'>;
  /** The crowds' event and speed (simulator.ts's --event and --event-speed). */
  crowd: { event: string; 'event-speed': string };
  relay: boolean;
  /** The embedded database's folder, when DATABASE_URL does not name a server. */
  pgliteDir: string;
  panoramaDir: string;
  crowdTiles: string;
}

/** The passwords of the logins the children connect with (ensureStackUsers' credentials). */
export interface StackPasswords {
  simulator: string;
  ops: string;
  viewer: string;
  relay: string;
  /** The case-loop bots' logins, which the simulator drives the service's API with (./caseLoopDriver.ts). */
  caseBots?: Record<string, string>;
}

/** What a child reports once it is ready (its URLs, its instance…). */
export type ReadyInfo = Record<string, string | number | boolean>;
export type ChildMessage = { type: 'ready'; info: ReadyInfo } | { type: 'published'; count: number };

export interface SupervisedStack {
  /** What each child reported when it first became ready. */
  ready: Partial<Record<Role, ReadyInfo>>;
  /** Sensor readings the simulator has published since the start, across its restarts. */
  published(): number;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('stackProcess.ts', import.meta.url));
/** The children run from the repository's root, where `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The children are TypeScript too, whatever ran the supervisor (tsx, or a test runner). */
const EXEC_ARGV = ['--import', 'tsx'];
/** Back-off before a restart: doubles for each death in a row, up to a ceiling. */
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** A child that ran this long before dying starts again from the first back-off. */
const STABLE_MS = 60_000;
/** How long a child may take to stop before it and its own children are killed. */
const STOP_GRACE_MS = 10_000;
const STOP_ORDER: readonly Role[] = ['simulator', 'relay', 'service', 'broker'];

type Log = (line: string, stream: 'out' | 'err') => void;
const printLine: Log = (line, stream) => (stream === 'out' ? console.log(line) : console.error(line));

/**
 * Kills a child's whole process group (it leads one: `detached`). Gone already is fine; so is a
 * member this user may not signal (EPERM), which nothing here could end anyway.
 */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw e;
  }
}

function prefixLines(stream: Readable | null, prefix: string, log: Log, kind: 'out' | 'err'): void {
  if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(`${prefix} ${line}`, kind));
}

/** One child process, started again whenever it dies until it is stopped. */
class Supervised {
  private child: ChildProcess | null = null;
  private stopping = false;
  private deathsInARow = 0;
  private restarts = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly role: Role,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Log,
    private readonly onMessage: (m: ChildMessage, restarts: number) => void,
  ) {}

  /** Starts the child; resolves with what it reports when ready, rejects if it exits before. */
  start(): Promise<ReadyInfo> {
    const startedAt = Date.now();
    const child = fork(ENTRY, [this.role], { cwd: ROOT, env: this.env, execArgv: EXEC_ARGV, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
    this.child = child;
    prefixLines(child.stdout, `[${this.role}]`, this.log, 'out');
    prefixLines(child.stderr, `[${this.role}]`, this.log, 'err');
    this.log(`[supervisor] ${this.role} started (pid ${child.pid})`, 'out');
    return new Promise((resolve, reject) => {
      let ready = false;
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'ready') {
          ready = true;
          resolve(m.info);
        }
        this.onMessage(m, this.restarts);
      });
      child.once('exit', (code, signal) => {
        // Its own children (Mosquitto under the broker's Node process) must not outlive it.
        killGroup(child.pid, 'SIGKILL');
        if (this.child === child) this.child = null;
        const how = signal ? `signal ${signal}` : `code ${code}`;
        if (!ready) reject(new Error(`${this.role} exited (${how}) before it was ready`));
        if (!this.stopping && ready) this.restartLater(Date.now() - startedAt, how);
      });
    });
  }

  private restartLater(ranMs: number, how: string): void {
    if (ranMs >= STABLE_MS) this.deathsInARow = 0;
    const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** this.deathsInARow);
    this.deathsInARow++;
    this.restarts++;
    this.log(`[supervisor] ${this.role} exited (${how}) after ${(ranMs / 1000).toFixed(1)} s; restart ${this.restarts} in ${(delay / 1000).toFixed(1)} s`, 'err');
    this.timer = setTimeout(() => this.restart(), delay);
  }

  private restart(): void {
    this.timer = null;
    if (this.stopping) return;
    this.start().then(
      () => this.log(`[supervisor] ${this.role} ready again (restart ${this.restarts})`, 'out'),
      // A child that dies before it is ready is tried again, later each time.
      (e: Error) => {
        this.log(`[supervisor] ${e.message}`, 'err');
        if (!this.stopping) this.restartLater(0, 'not ready');
      },
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const kill = setTimeout(() => killGroup(child.pid, 'SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(kill);
  }
}

/** The environment of each role: the plan, its own login and password, the service's settings. */
function childEnv(role: Role, plan: StackPlan, passwords: StackPasswords, broker: ReadyInfo): NodeJS.ProcessEnv {
  const own = { ...process.env, CANTON_STACK: JSON.stringify(plan) };
  if (role === 'broker') return own;
  const base = { ...own, MQTT_URL: String(broker.tcpUrl), SENSOR_REGISTRY: plan.registryFile };
  switch (role) {
    case 'simulator':
      return {
        ...base,
        MQTT_USERNAME: 'simulator',
        MQTT_PASSWORD: passwords.simulator,
        // The bots reach the service's API on the web server, as people do.
        ...(passwords.caseBots && Object.keys(passwords.caseBots).length > 0 ? { CASE_BOTS: JSON.stringify(passwords.caseBots), CASE_API_URL: `http://${plan.host === '0.0.0.0' || plan.host === '::' ? '127.0.0.1' : plan.host}:${plan.webPort}` } : {}),
      };
    case 'relay':
      return { ...base, MQTT_USERNAME: 'relay', MQTT_PASSWORD: passwords.relay };
    case 'service':
      return {
        ...base,
        CANTON_BROKER_WS_URL: String(broker.wsUrl),
        MQTT_USERNAME: 'ops',
        MQTT_PASSWORD: passwords.ops,
        // The page's login when the broker refuses anonymous viewers (runtime-config.json).
        ...(plan.anonymous ? {} : { MQTT_VIEWER_PASSWORD: passwords.viewer }),
        CANTON_USERS_DIR: plan.usersDir,
        PGLITE_DIR: plan.pgliteDir,
        OPS_INSTANCE: 'ops-1',
        // Aedes 1.x has no shared subscriptions: the embedded default runs one instance.
        OPS_SHARE: plan.broker === 'mosquitto' ? 'ops' : '',
        CROWD_TILES: plan.crowdTiles,
      };
  }
}

/** Starts the broker, then the others; resolves once all are ready, or stops them all and throws. */
export async function superviseStack(plan: StackPlan, passwords: StackPasswords, log: Log = printLine): Promise<SupervisedStack> {
  const children: Supervised[] = [];
  const ready: SupervisedStack['ready'] = {};
  let published = { before: 0, last: 0, restarts: 0 };
  const onMessage = (m: ChildMessage, restarts: number): void => {
    if (m.type !== 'published') return;
    // A restarted simulator counts from 0 again.
    if (restarts !== published.restarts) published = { before: published.before + published.last, last: 0, restarts };
    published.last = m.count;
  };
  const stop = async (): Promise<void> => {
    for (const role of STOP_ORDER) await children.find((c) => c.role === role)?.stop();
  };
  const launch = async (role: Role, broker: ReadyInfo): Promise<void> => {
    const child = new Supervised(role, childEnv(role, plan, passwords, broker), log, onMessage);
    children.push(child);
    ready[role] = await child.start();
  };
  try {
    await launch('broker', {});
    const roles: Role[] = ['service', 'simulator', ...(plan.relay ? (['relay'] as const) : [])];
    await Promise.all(roles.map((role) => launch(role, ready.broker!)));
  } catch (e) {
    await stop();
    throw e;
  }
  return { ready, published: () => published.before + published.last, stop };
}
