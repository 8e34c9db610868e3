/**
 * The two brokers Canton Twin runs on, behind one interface for the start scripts, the tests and
 * the benchmarks:
 *   - Aedes, embedded in this Node process: TCP and WebSocket (`ws` at /mqtt);
 *   - Mosquitto, the Debian binary, with mosquitto/mosquitto.conf and mosquitto/acl.
 * Both read the same users file (../ops/users.ts: Mosquitto's password file and ACL) and enforce it
 * the same way; anonymous clients get in only when `anonymous` is set (the loopback default).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { WebSocketServer } from 'ws';
import { packetFrames, startWsBridge, type WsBridge } from './wsBridge.ts';
import { aclChecker, aclMaySubscribe, parseAcl, readUsers, usersPaths, verifyPassword, type Acl, type UsersFile } from '../ops/users.ts';

export type BrokerName = 'aedes' | 'mosquitto';

export interface BrokerOptions {
  tcpPort: number;
  wsPort: number;
  /** The users file's folder (passwd and acl). */
  usersDir: string;
  /** Admit clients with no login (read-only by the ACL). Keep it for a loopback-bound broker. */
  anonymous: boolean;
  host?: string;
  /**
   * Mosquitto only: browsers reach it through the WebSocket bridge (wsBridge.ts) on `wsPort`,
   * which carries many MQTT packets per frame; Mosquitto's own WebSocket listener (one frame per
   * packet) moves to another port, `directWsUrl`.
   */
  wsBridge?: boolean;
}

export interface RunningBroker {
  name: BrokerName;
  tcpUrl: string;
  /** Where browsers connect: the broker's WebSocket listener, or the bridge in front of it. */
  wsUrl: string;
  /** With a bridge: the broker's own WebSocket listener, behind it. */
  directWsUrl?: string;
  bridge?: WsBridge;
  /** Stops and starts the broker on the same ports, as an operator's restart would. */
  restart(): Promise<void>;
  /** Rereads the users file (Mosquitto: SIGHUP). */
  reload(): void;
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

export function startBroker(name: BrokerName, o: BrokerOptions): Promise<RunningBroker> {
  return name === 'aedes' ? startAedes(o) : startMosquitto(o);
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startAedes(o: BrokerOptions): Promise<RunningBroker> {
  const host = o.host ?? '127.0.0.1';
  let stopCurrent: (() => Promise<void>) | null = null;
  let users: UsersFile = readUsers(o.usersDir);
  let acl: Acl = parseAcl(readFileSync(users.aclPath, 'utf8'));
  const reload = (): void => {
    try {
      users = readUsers(o.usersDir);
      acl = parseAcl(readFileSync(users.aclPath, 'utf8'));
    } catch (e) {
      // A half-written file keeps the last good one in force.
      console.error(`aedes: users file not reloaded: ${(e as Error).message}`);
    }
  };
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(o.usersDir, () => reload());
  } catch {
    watcher = null;
  }

  const session = (client: { id: string }, user: string | null) => ({ user, read: aclChecker(acl, user, client.id, 'read'), write: aclChecker(acl, user, client.id, 'write') });

  const boot = async (): Promise<void> => {
    /** Per client: its login, and its read and write checks, compiled once at connect. */
    const sessions = new WeakMap<object, { user: string | null; read: (t: string) => boolean; write: (t: string) => boolean }>();
    const broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        if (username === undefined) {
          if (!o.anonymous) return done(Object.assign(new Error('anonymous clients are not allowed'), { returnCode: 5 as const }), false);
          sessions.set(client, session(client, null));
          return done(null, true);
        }
        const stored = users.hashes.get(username);
        if (stored !== undefined && password !== undefined && verifyPassword(stored, password.toString())) {
          sessions.set(client, session(client, username));
          return done(null, true);
        }
        done(Object.assign(new Error('bad username or password'), { returnCode: 4 as const }), false);
      },
      authorizePublish: (client, packet, done) => {
        // Aedes publishes its own $SYS topics with no client.
        if (!client) return done(null);
        if (sessions.get(client)?.write(packet.topic)) return done(null);
        done(new Error(`not authorised to publish on ${packet.topic}`));
      },
      authorizeSubscribe: (client, sub, done) => {
        const s = sessions.get(client);
        done(null, s && aclMaySubscribe(acl, s.user, sub.topic) ? sub : null);
      },
      // As Mosquitto: a subscription is checked again for each message it would deliver.
      authorizeForward: (client, packet) => (sessions.get(client)?.read(packet.topic) ? packet : null),
    });
    // No Nagle: a small packet (an alarm, a PUBACK) goes out at once instead of waiting for the
    // peer's delayed ACK, about 40 ms (bench:ops measured it). Mosquitto: set_tcp_nodelay.
    const tcp: Server = createServer((socket) => {
      socket.setNoDelay(true);
      broker.handle(socket);
    });
    const wss = new WebSocketServer({ host, port: o.wsPort, path: '/mqtt', perMessageDeflate: false, handleProtocols: (ps) => (ps.has('mqtt') ? 'mqtt' : false) });
    wss.on('connection', (ws) => broker.handle(packetFrames(ws)));
    await Promise.all([new Promise<void>((r) => tcp.listen(o.tcpPort, host, r)), new Promise<void>((r) => wss.once('listening', r))]);
    stopCurrent = async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((r) => wss.close(r));
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise((r) => tcp.close(r));
    };
  };
  await boot();
  return {
    name: 'aedes',
    tcpUrl: `mqtt://${host}:${o.tcpPort}`,
    wsUrl: `ws://${host}:${o.wsPort}/mqtt`,
    restart: async () => {
      await stopCurrent?.();
      await boot();
    },
    reload,
    stop: async () => {
      watcher?.close();
      await stopCurrent?.();
      stopCurrent = null;
    },
  };
}

export async function startMosquitto(o: BrokerOptions): Promise<RunningBroker> {
  const mosquittoWsPort = o.wsBridge ? await freePort() : o.wsPort;
  const dir = mkdtempSync(join(tmpdir(), 'canton-mosquitto-'));
  // Started as root, Mosquitto drops to the `mosquitto` user, which must still read these files
  // and write its retained store.
  chmodSync(dir, 0o755);
  const persistence = join(dir, 'store');
  mkdirSync(persistence, { mode: 0o777 });
  chmodSync(persistence, 0o777);
  const { passwdPath, aclPath } = usersPaths(o.usersDir);
  const conf = readFileSync(join(here, 'mosquitto/mosquitto.conf'), 'utf8')
    .replace('allow_anonymous false', `allow_anonymous ${o.anonymous}`)
    .replace('/etc/mosquitto/canton-twin/passwd', passwdPath)
    .replace('/etc/mosquitto/canton-twin/acl', aclPath)
    .replace('/var/lib/mosquitto/', `${persistence}/`)
    .replace('listener 1883 127.0.0.1', `listener ${o.tcpPort} ${o.host ?? '127.0.0.1'}`)
    .replace('listener 8083', `listener ${mosquittoWsPort}`);
  const confFile = join(dir, 'mosquitto.conf');
  writeFileSync(confFile, conf, { mode: 0o644 });

  let child: ChildProcess | null = null;
  let log = '';
  const boot = async (): Promise<void> => {
    child = spawn('mosquitto', ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    await waitForPort(o.tcpPort, () => log);
    await waitForPort(mosquittoWsPort, () => log);
  };
  const halt = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await boot();
  // The bridge outlives a broker restart: its browsers' sockets close with their TCP connections
  // and reconnect, as they would to Mosquitto's own listener.
  const bridge = o.wsBridge ? await startWsBridge({ host: o.host ?? '127.0.0.1', port: o.wsPort, mqtt: { host: '127.0.0.1', port: o.tcpPort } }) : null;
  return {
    name: 'mosquitto',
    tcpUrl: `mqtt://127.0.0.1:${o.tcpPort}`,
    wsUrl: bridge?.url ?? `ws://127.0.0.1:${o.wsPort}/mqtt`,
    directWsUrl: bridge ? `ws://127.0.0.1:${mosquittoWsPort}/mqtt` : undefined,
    bridge: bridge ?? undefined,
    restart: async () => {
      await halt();
      await boot();
    },
    reload: () => {
      child?.kill('SIGHUP');
    },
    stop: async () => {
      await bridge?.close();
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`broker did not open port ${port} within 10 s:\n${log()}`);
}

