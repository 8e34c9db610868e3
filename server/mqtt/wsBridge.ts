/**
 * A WebSocket-to-TCP bridge for MQTT: browsers speak MQTT over WebSocket to it, and it opens one
 * TCP connection per browser to the broker's MQTT listener. It is a transport, not a broker: each
 * browser keeps its own MQTT session and login, so the broker's ACL holds as before.
 *
 * Why: MQTT over WebSocket is a byte stream, so a frame may carry many packets. Mosquitto's own
 * listener sends one frame per packet, and the browser's cost is per frame (bench:live measures
 * both paths in one run). The bridge sends what the broker wrote in one turn of the event loop
 * as one frame (packetFrames below, which the embedded Aedes uses too).
 *
 * It is also the gate that Mosquitto 2.0.11 lacks (startWsBridge below): with Mosquitto on a
 * private Unix socket and the gate on its TCP and WebSocket ports, every client passes the
 * checks of mqttGuard.ts, the same as on the embedded Aedes.
 *
 * CLI: tsx server/mqtt/wsBridge.ts [--listen 8083] [--tcp 1883] [--host 127.0.0.1]
 *        [--mqtt /run/mosquitto/canton-twin.sock | 127.0.0.1:1883] [--origin https://twin.example]… [--users var/mqtt]
 * Behind TLS, a reverse proxy (nginx, Caddy) terminates wss:// and forwards /mqtt here.
 */
import { connect, createServer, type Socket } from 'node:net';
import { Duplex, Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { LoginGuard, unknownLoginWork } from '../ops/loginGuard.ts';
import { readUsers } from '../ops/users.ts';
import { clientIdRefusal, guardedStream, LOGIN_FAILED, loginGuardKeys, MACHINE_ROLES, noRefusals, verifyOrigin, type RefusalCounts } from './mqttGuard.ts';

/**
 * A WebSocket as a byte stream (what Aedes and a TCP socket expect), sending whatever Aedes writes in one turn of the
 * event loop as one WebSocket frame. Aedes writes each MQTT packet in several small pieces; sent
 * one frame each, they cap fan-out (see ../shared/BROKERS.md).
 */
export function packetFrames(ws: WebSocket, onFrame?: (bytes: number) => void): Duplex {
  let pending: Buffer[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0 || ws.readyState !== ws.OPEN) return;
    const frame = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    ws.send(frame, { binary: true });
    onFrame?.(frame.byteLength);
  };
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      // Hold the writer back while the socket's own buffer is deep: Aedes then queues, as it does on TCP.
      if (ws.bufferedAmount < 8 * 1024 * 1024) return callback();
      const wait = setInterval(() => {
        if (ws.bufferedAmount < 1024 * 1024 || ws.readyState !== ws.OPEN) {
          clearInterval(wait);
          callback();
        }
      }, 5);
    },
    final(callback) {
      flush();
      ws.close();
      callback();
    },
    destroy(err, callback) {
      ws.terminate();
      callback(err);
    },
  });
  ws.on('message', (data: Buffer) => stream.push(data));
  ws.on('close', () => stream.push(null));
  ws.on('error', (err) => stream.destroy(err));
  return stream;
}

export interface WsBridge {
  /** The WebSocket listener, when there is one. */
  url?: string;
  /** Open browser connections. */
  connections(): number;
  /** Frames and bytes sent to browsers since the start. */
  sent(): { frames: number; bytes: number };
  /** Clients refused since the start, by reason. */
  refusals(): RefusalCounts;
  /** Refusals of unknown names held back for a wrong password's work (see WsBridgeOptions.known). */
  evenedLogins(): number;
  close(): Promise<void>;
}

export interface WsBridgeOptions {
  host: string;
  /** The WebSocket listener's port (browsers); none without it. */
  port?: number;
  path?: string;
  /** Also a TCP listener: in front of a Mosquitto that listens on a private Unix socket only. */
  tcpPort?: number;
  /** The broker: its TCP listener, or its Unix socket. */
  mqtt: { host: string; port: number } | { path: string };
  /** Origins allowed on the WebSocket listener (default: pages served from loopback); see originAllowed. */
  allowedOrigins?: readonly string[];
  /** Back-off and lockout, fed by the broker's answers to each login. */
  logins?: LoginGuard;
  /** Whether a login is a machine's (not held back: see loginGuardKeys). */
  machine?: (login: string) => boolean;
  /**
   * Whether a login is in the broker's users file. Mosquitto refuses an unknown name at once but
   * a wrong password only after its PBKDF2 run, so timing would tell which names exist: the gate
   * holds the refusal of an unknown name back for the same work.
   */
  known?: (login: string) => boolean;
}

/**
 * The gate in front of Mosquitto: each client, over TCP or WebSocket, gets its own connection to
 * the broker, and its packets are checked on the way (mqttGuard.ts): client id bound to the
 * login, no persistent anonymous session, sizes, subscriptions, and LoginGuard's lockout.
 */
export async function startWsBridge(o: WsBridgeOptions): Promise<WsBridge> {
  const path = o.path ?? '/mqtt';
  const sent = { frames: 0, bytes: 0 };
  const refusals = noRefusals();
  let evened = 0;
  const count = (bytes: number): void => {
    sent.frames++;
    sent.bytes += bytes;
  };
  const serve = (raw: Duplex, address: string | undefined): void => {
    let keys: { login: string; address: string } | null = null;
    let unknownPassword: Buffer | null = null;
    const inbound = guardedStream(raw, {
      onConnect: (c) => {
        const refusal = clientIdRefusal(c.clientId, c.username, c.clean);
        if (refusal) return refusal;
        if (c.username !== undefined && o.known && !o.known(c.username)) unknownPassword = c.password ?? Buffer.alloc(0);
        keys = o.logins ? loginGuardKeys(c.username, address, c.username !== undefined && (o.machine?.(c.username) ?? false)) : null;
        return keys && !o.logins!.check(keys.login, keys.address).ok ? 'locked' : null;
      },
      onRefused: (reason) => refusals[reason]++,
    });
    const upstream = connect(o.mqtt);
    // No Nagle: a PUBACK or a subscription goes out at once (see brokers.ts).
    if ('port' in o.mqtt) upstream.setNoDelay(true);
    const answers = onConnack(async (code) => {
      if (keys && code === 0) o.logins!.succeeded(keys.login, keys.address);
      else if (keys && LOGIN_FAILED.has(code)) o.logins!.failed(keys.login, keys.address);
      if (unknownPassword && LOGIN_FAILED.has(code)) {
        evened++;
        await unknownLoginWork(unknownPassword);
      }
    });
    // Either side closing closes the other; a browser then reconnects as it would to the broker.
    // Not `pipeline`: it would cut the client off the moment the broker closes, before `answers`
    // has passed on a refusal it holds back (an unknown name's, see `known`).
    const closeAll = (): void => {
      upstream.destroy();
      inbound.destroy();
    };
    for (const s of [inbound, upstream, answers]) s.on('error', closeAll);
    inbound.pipe(upstream);
    upstream.pipe(answers).pipe(inbound);
    inbound.once('close', closeAll);
    // A clean end from the broker ends `answers`, which ends the client's side once it has passed
    // everything on; an abrupt close cuts the client off at once.
    upstream.once('close', () => {
      if (!upstream.readableEnded) closeAll();
    });
  };
  const sockets = new Set<Socket>();
  const tcp = o.tcpPort === undefined ? null : createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    serve(socket, socket.remoteAddress);
  });
  const wss = o.port === undefined ? null : new WebSocketServer({
    host: o.host,
    port: o.port,
    path,
    perMessageDeflate: false,
    handleProtocols: (ps) => (ps.has('mqtt') ? 'mqtt' : false),
    verifyClient: verifyOrigin(o.allowedOrigins, (reason) => refusals[reason]++),
  });
  wss?.on('connection', (ws, req) => serve(packetFrames(ws, count), req.socket.remoteAddress));
  await Promise.all([
    tcp && new Promise<void>((resolve, reject) => tcp.once('error', reject).listen(o.tcpPort, o.host, resolve)),
    wss && new Promise<void>((resolve, reject) => wss.once('listening', resolve).once('error', reject)),
  ]);
  return {
    url: wss ? `ws://${o.host}:${o.port}${path}` : undefined,
    connections: () => wss?.clients.size ?? 0,
    sent: () => ({ ...sent }),
    refusals: () => ({ ...refusals }),
    evenedLogins: () => evened,
    close: async () => {
      for (const ws of wss?.clients ?? []) ws.terminate();
      for (const socket of sockets) socket.destroy();
      await Promise.all([wss && new Promise((r) => wss.close(r)), tcp && new Promise((r) => tcp.close(r))]);
    },
  };
}

/**
 * Passes the broker's bytes through, telling the first packet's (the CONNACK's) return code; the
 * bytes wait until what `code` returns has settled.
 */
function onConnack(code: (rc: number) => Promise<void>): Transform {
  let first: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (first) {
        first = Buffer.concat([first, chunk]);
        if (first.length >= 4) {
          const rc = first[0] === 0x20 ? first[3]! : null;
          first = null;
          if (rc !== null) {
            code(rc).then(() => callback(null, chunk), () => callback(null, chunk));
            return;
          }
        }
      }
      callback(null, chunk);
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values: v } = parseArgs({
    options: {
      listen: { type: 'string', default: '8083' },
      tcp: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      mqtt: { type: 'string', default: '/run/mosquitto/canton-twin.sock' },
      origin: { type: 'string', multiple: true },
      users: { type: 'string', default: 'var/mqtt' },
    },
  });
  const [mqttHost = '127.0.0.1', mqttPort = '1883'] = v.mqtt.split(':');
  let roles = readUsers(v.users).roles;
  // `systemctl reload`: the roles follow the users file, as Mosquitto's logins do.
  process.on('SIGHUP', () => (roles = readUsers(v.users).roles));
  const bridge = await startWsBridge({
    host: v.host,
    port: Number(v.listen),
    tcpPort: v.tcp === undefined ? undefined : Number(v.tcp),
    mqtt: v.mqtt.startsWith('/') ? { path: v.mqtt } : { host: mqttHost, port: Number(mqttPort) },
    allowedOrigins: v.origin,
    logins: new LoginGuard(),
    machine: (login) => MACHINE_ROLES.has(roles.get(login) ?? ''),
    known: (login) => roles.has(login),
  });
  console.log(`MQTT gate: ${bridge.url}${v.tcp ? ` and mqtt://${v.host}:${v.tcp}` : ''} → ${v.mqtt}`);
  process.on('SIGTERM', () => void bridge.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void bridge.close().then(() => process.exit(0)));
}
