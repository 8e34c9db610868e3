/**
 * Mosquitto 2.0.11 (the Debian binary) behind the gate (wsBridge.ts). Mosquitto listens on a Unix
 * socket in a private folder only; the gate holds the TCP and WebSocket ports and applies
 * mqttGuard.ts's checks, which Mosquitto cannot: client ids bound to logins (Mosquitto resumes
 * the session of any client that names its id, whatever its login), subscriptions per client,
 * and LoginGuard's lockout. Mosquitto itself keeps the same size limits (mosquitto.conf), and
 * disconnects a removed login's sessions on SIGHUP (measured: ~80 ms after the signal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type BrokerOptions, type RunningBroker } from './brokers.ts';
import { LIMITS, MACHINE_ROLES } from './mqttGuard.ts';
import { startWsBridge } from './wsBridge.ts';
import { LoginGuard } from '../ops/loginGuard.ts';
import { readUsers, usersPaths } from '../ops/users.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** The shipped config, checked against LIMITS: the two brokers must refuse the same sizes. */
export function mosquittoConfig(): string {
  const conf = readFileSync(join(here, 'mosquitto/mosquitto.conf'), 'utf8');
  const value = (key: string): number => Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(conf)?.[1]);
  if (value('max_packet_size') !== LIMITS.maxPacketBytes || value('message_size_limit') !== LIMITS.maxPayloadBytes) {
    throw new Error(`mosquitto.conf's max_packet_size and message_size_limit must be ${LIMITS.maxPacketBytes} and ${LIMITS.maxPayloadBytes} (mqttGuard.ts LIMITS)`);
  }
  return conf;
}

/** The uid and gid Mosquitto drops to when started as root; null when it runs as we do. */
function mosquittoOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('mosquitto:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return line ? { uid: Number(uid), gid: Number(gid) } : null;
}

export async function startMosquitto(o: BrokerOptions): Promise<RunningBroker> {
  const host = o.host ?? '127.0.0.1';
  // Everything Mosquitto reads or writes, its own only (0700): config, logins, store and socket.
  const dir = mkdtempSync(join(tmpdir(), 'canton-mosquitto-'));
  const owner = mosquittoOwner();
  const own = (path: string, mode: number): void => {
    chmodSync(path, mode);
    if (owner) chownSync(path, owner.uid, owner.gid);
  };
  own(dir, 0o700);
  const store = join(dir, 'store');
  mkdirSync(store);
  own(store, 0o700);
  const socket = join(dir, 'mqtt.sock');
  // The users file may be private to its owner (0600): Mosquitto reads its own copy, refreshed on reload.
  const copyUsers = (): void => {
    const from = usersPaths(o.usersDir);
    for (const [src, name] of [[from.passwdPath, 'passwd'], [from.aclPath, 'acl']] as const) {
      const next = join(dir, `${name}.new`);
      copyFileSync(src, next);
      own(next, 0o600);
      renameSync(next, join(dir, name));
    }
  };
  copyUsers();
  // Only for wsBridge: false (bench:live's measure of Mosquitto's own WebSocket listener): it has none of the gate's checks.
  const directWsPort = o.wsBridge ? null : await freePort();
  const conf = mosquittoConfig()
    .replace(/^allow_anonymous .*$/m, `allow_anonymous ${o.anonymous}`)
    .replace(/^password_file .*$/m, `password_file ${join(dir, 'passwd')}`)
    .replace(/^acl_file .*$/m, `acl_file ${join(dir, 'acl')}`)
    .replace(/^persistence_location .*$/m, `persistence_location ${store}/`)
    .replace(/^listener 0 .*$/m, `listener 0 ${socket}`)
    .concat(directWsPort === null ? '' : `\nlistener ${directWsPort} 127.0.0.1\nprotocol websockets\n`);
  const confFile = join(dir, 'mosquitto.conf');
  writeFileSync(confFile, conf);
  own(confFile, 0o600);

  let child: ChildProcess | null = null;
  let log = '';
  const boot = async (): Promise<void> => {
    rmSync(socket, { force: true });
    child = spawn('mosquitto', ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    await waitForSocket({ path: socket }, () => log);
    if (directWsPort !== null) await waitForSocket({ port: directWsPort, host: '127.0.0.1' }, () => log);
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
  let roles = readUsers(o.usersDir).roles;
  const loginGuard = new LoginGuard(o.loginGuard);
  // The gate outlives a broker restart: its clients' connections close with the broker's and
  // reconnect, as they would to Mosquitto's own listeners.
  const gate = await startWsBridge({
    host,
    port: o.wsBridge ? o.wsPort : undefined,
    tcpPort: o.tcpPort,
    mqtt: { path: socket },
    allowedOrigins: o.allowedOrigins,
    logins: loginGuard,
    machine: (login) => MACHINE_ROLES.has(roles.get(login) ?? ''),
    known: (login) => roles.has(login),
  });
  return {
    name: 'mosquitto',
    tcpUrl: `mqtt://${host}:${o.tcpPort}`,
    wsUrl: gate.url ?? `ws://127.0.0.1:${directWsPort}/mqtt`,
    bridge: o.wsBridge ? gate : undefined,
    restart: async () => {
      await halt();
      await boot();
    },
    reload: () => {
      try {
        roles = readUsers(o.usersDir).roles;
        copyUsers();
      } catch (e) {
        // A half-written file keeps the last good one in force.
        console.error(`mosquitto: users file not reloaded: ${(e as Error).message}`);
        return;
      }
      child?.kill('SIGHUP');
    },
    refusals: () => gate.refusals(),
    loginGuard,
    stop: async () => {
      await gate.close();
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForSocket(to: { path: string } | { port: number; host: string }, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection(to, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`broker did not open ${JSON.stringify(to)} within 10 s:\n${log()}`);
}
