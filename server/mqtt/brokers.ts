/**
 * The two brokers Canton Twin runs on, behind one interface for the start scripts, the tests and
 * the benchmarks:
 *   - Aedes, embedded in this Node process: TCP and WebSocket (`ws` at /mqtt);
 *   - Mosquitto, the Debian binary, with mosquitto/mosquitto.conf and mosquitto/acl.
 * Both read the same users file (../ops/users.ts: Mosquitto's password file and ACL) and enforce it
 * the same way; anonymous clients get in only when `anonymous` is set (the loopback default).
 * Both refuse the same things, with the same limits (mqttGuard.ts): Aedes here, Mosquitto through
 * the gate in front of it (mosquittoBroker.ts).
 */
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { WebSocketServer } from 'ws';
import { packetFrames, type WsBridge } from './wsBridge.ts';
import { clientIdRefusal, guardedStream, LIMITS, loginGuardKeys, MACHINE_ROLES, noRefusals, verifyOrigin, type Refusal, type RefusalCounts } from './mqttGuard.ts';
import { startMosquitto } from './mosquittoBroker.ts';
import { LoginGuard, verifyLogin, type LoginGuardOptions } from '../ops/loginGuard.ts';
import { aclChecker, aclMaySubscribe, parseAcl, readUsers, type Acl, type UsersFile } from '../ops/users.ts';

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
   * Mosquitto only: browsers reach it through the gate (wsBridge.ts) on `wsPort`, which carries
   * many MQTT packets per frame and checks every client. False: Mosquitto's own WebSocket listener
   * (one frame per packet, none of the gate's checks), for bench:live's comparison only.
   */
  wsBridge?: boolean;
  /**
   * Origins whose pages may open the browsers' WebSocket (the app's own, e.g. start.ts's server
   * URL). Default: pages served from loopback only. A client with no Origin (not a browser) may.
   */
  allowedOrigins?: readonly string[];
  /** LoginGuard's back-off and lockout settings (tests shorten or lengthen them). */
  loginGuard?: LoginGuardOptions;
}

export interface RunningBroker {
  name: BrokerName;
  tcpUrl: string;
  /** Where browsers connect: the broker's WebSocket listener, or the gate in front of it. */
  wsUrl: string;
  /** Mosquitto's gate, when browsers go through it. */
  bridge?: WsBridge;
  /** Stops and starts the broker on the same ports, as an operator's restart would. */
  restart(): Promise<void>;
  /** Rereads the users file and disconnects the sessions of removed logins (Mosquitto: SIGHUP). */
  reload(): void;
  /** Clients refused since the start, by reason (Mosquitto: those the gate refused). */
  refusals(): RefusalCounts;
  /** Failed logins and their back-off, per login and per address. */
  loginGuard: LoginGuard;
  stop(): Promise<void>;
}

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


/** Per client: its login (and its hash, to notice a removal or a new password), and its read and write checks, compiled once at connect. */
interface Session {
  user: string | null;
  hash: string | null;
  read: (topic: string) => boolean;
  write: (topic: string) => boolean;
}

const refused = (message: string, returnCode: 2 | 4 | 5): AuthenticateError => Object.assign(new Error(message), { returnCode });

export async function startAedes(o: BrokerOptions): Promise<RunningBroker> {
  const host = o.host ?? '127.0.0.1';
  const refusals = noRefusals();
  const count = (reason: Refusal): void => void refusals[reason]++;
  const loginGuard = new LoginGuard(o.loginGuard);
  let stopCurrent: (() => Promise<void>) | null = null;
  /** Closes the sessions whose login is gone or has a new password. */
  let dropRevoked: (() => void) | null = null;
  let users: UsersFile = readUsers(o.usersDir);
  let acl: Acl = parseAcl(readFileSync(users.aclPath, 'utf8'));
  const reload = (): void => {
    try {
      users = readUsers(o.usersDir);
      acl = parseAcl(readFileSync(users.aclPath, 'utf8'));
    } catch (e) {
      // A half-written file keeps the last good one in force.
      console.error(`aedes: users file not reloaded: ${(e as Error).message}`);
      return;
    }
    dropRevoked?.();
  };
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(o.usersDir, () => reload());
  } catch {
    watcher = null;
  }

  const session = (client: Client, user: string | null): Session => ({ user, hash: user === null ? null : (users.hashes.get(user) ?? null), read: aclChecker(acl, user, client.id, 'read'), write: aclChecker(acl, user, client.id, 'write') });

  const boot = async (): Promise<void> => {
    const sessions = new WeakMap<object, Session>();
    const login = (client: Client, username: string, password: string, done: (err: AuthenticateError | null, ok: boolean) => void): void => {
      const address = (client.conn as Duplex & { remoteAddress?: string }).remoteAddress;
      const keys = loginGuardKeys(username, address, MACHINE_ROLES.has(users.roles.get(username) ?? ''));
      if (keys && !loginGuard.check(keys.login, keys.address).ok) {
        count('locked');
        return done(refused('too many failed logins: try later', 5), false);
      }
      verifyLogin(users, username, password).then(
        (ok) => {
          if (keys) (ok ? loginGuard.succeeded : loginGuard.failed).call(loginGuard, keys.login, keys.address);
          if (!ok) return done(refused('bad username or password', 4), false);
          sessions.set(client, session(client, username));
          done(null, true);
        },
        (e: Error) => done(refused(`login not checked: ${e.message}`, 5), false),
      );
    };
    const broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        const idRefusal = clientIdRefusal(client.id, username, client.clean);
        if (idRefusal) {
          count(idRefusal);
          return done(refused(`client id ${client.id} refused (${idRefusal})`, idRefusal === 'client-id' ? 2 : 5), false);
        }
        if (username !== undefined) return login(client, username, password?.toString() ?? '', done);
        if (!o.anonymous) return done(refused('anonymous clients are not allowed', 5), false);
        sessions.set(client, session(client, null));
        done(null, true);
      },
      authorizePublish: (client, packet, done) => {
        // Aedes publishes its own $SYS topics with no client.
        if (!client) return done(null);
        if (packet.payload.length > LIMITS.maxPayloadBytes) {
          count('payload');
          return done(new Error(`payload of ${packet.payload.length} bytes over ${LIMITS.maxPayloadBytes}`));
        }
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
    const open = new Set<Client>();
    broker.on('clientReady', (client) => open.add(client));
    broker.on('clientDisconnect', (client) => open.delete(client));
    dropRevoked = () => {
      for (const client of open) {
        const s = sessions.get(client);
        if (s?.user != null && users.hashes.get(s.user) !== s.hash) client.close();
      }
    };
    // Sizes and subscriptions are checked on the bytes, before Aedes parses (and buffers) a packet.
    const handle = (raw: Duplex, address: string | undefined): void => {
      broker.handle(Object.assign(guardedStream(raw, { onRefused: count }), { remoteAddress: address }));
    };
    // No Nagle: a small packet (an alarm, a PUBACK) goes out at once instead of waiting for the
    // peer's delayed ACK, about 40 ms (bench:ops measured it). Mosquitto: set_tcp_nodelay.
    const tcp: Server = createServer((socket) => {
      socket.setNoDelay(true);
      handle(socket, socket.remoteAddress);
    });
    const wss = new WebSocketServer({
      host,
      port: o.wsPort,
      path: '/mqtt',
      perMessageDeflate: false,
      handleProtocols: (ps) => (ps.has('mqtt') ? 'mqtt' : false),
      verifyClient: verifyOrigin(o.allowedOrigins, count),
    });
    wss.on('connection', (ws, req) => handle(packetFrames(ws), req.socket.remoteAddress));
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
    refusals: () => ({ ...refusals }),
    loginGuard,
    stop: async () => {
      watcher?.close();
      await stopCurrent?.();
      stopCurrent = null;
    },
  };
}
