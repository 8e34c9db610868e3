/**
 * A private PostgreSQL server (the Debian `postgresql` package) in a temporary folder on a free
 * loopback port, for the tests and the benchmarks, as the harness starts Mosquitto. Production
 * uses its own server through DATABASE_URL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../server/mqtt/brokers.ts';

export interface RunningPostgres {
  url: string;
  /** Stops the server (a database outage) and starts it again on the same port and data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

/** The newest installed server binaries (/usr/lib/postgresql/<version>/bin). */
export function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'postgres'))).toSorted((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql (.ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'canton-postgres-'));
  const data = join(dir, 'data');
  // PostgreSQL refuses to run as root: as root, run it as the `postgres` user the package creates.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]): string[] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]).flat() as string[];
  chmodSync(dir, 0o777);
  const init = run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'canton', '--no-sync', '-E', 'UTF8']);
  const r = spawnSync(init[0]!, init.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.error?.message}`);
  const port = await freePort();
  let child: ChildProcess | null = null;
  let log = '';
  const start = async (): Promise<void> => {
    const cmd = run(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off']);
    child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const url = `postgres://canton@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`PostgreSQL did not start within 20 s:\n${log}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      // Fast shutdown: the server ends its sessions and stops, as an outage would. Signal the
      // postmaster itself: under runuser, the child is runuser, which does not pass SIGINT on.
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid > 0 ? pid : c.pid!, 'SIGINT');
    });
  };
  await start();
  return {
    url: `postgres://canton@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
