/**
 * System alarms of the operations service, on both brokers and both databases: the audit
 * database deleted (PGlite) or replaced (PostgreSQL) under the running service, and the users
 * file emptied. Each is raised loudly (a retained system alarm, the stats, an unhealthy audit)
 * within a few seconds, not found out at the next start.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';
import { usersPaths } from '../../server/ops/users.ts';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { systemAlarmSchema, type SystemAlarm } from '../../src/live/opsContract.ts';
import { until } from '../harness/wait.ts';
import { TOPIC_PREFIX } from '../../server/data/cityFiles.ts';

describe.each<[BrokerName, 'pglite' | 'postgres']>([
  ['aedes', 'pglite'],
  ['mosquitto', 'postgres'],
])('system alarms of the operations service on %s with %s', (brokerName, dbKind) => {
  let stack: LiveStack;
  let postgres: RunningPostgres | null = null;
  let dir: string;
  let watch: MqttClient;
  let system: SystemAlarm | null = null;
  const codes = (): string[] => (system?.problems ?? []).map((p) => p.code).toSorted();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-health-'));
    postgres = dbKind === 'postgres' ? await startPostgres() : null;
    stack = await startLiveStack({ broker: brokerName, simulate: false, signs: false, crowd: false, ops: { database: postgres ? { url: postgres.url } : { dataDir: join(dir, 'pglite') } } });
    watch = await mqtt.connectAsync(stack.broker.tcpUrl);
    watch.on('message', (_topic, payload) => {
      system = payload.length === 0 ? null : systemAlarmSchema.parse(JSON.parse(payload.toString()));
    });
    await watch.subscribeAsync(`${TOPIC_PREFIX}/ops/system/${stack.ops!.instance}`);
  });
  afterAll(async () => {
    await watch?.endAsync(true);
    // Its database deleted and its login dropped: killed, not stopped, as nothing could be written.
    stack?.ops?.kill();
    await Promise.race([stack?.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises a system alarm, and reports the audit unhealthy, when its database is deleted or replaced under it', async () => {
    expect(stack.ops!.stats().system).toEqual([]);
    expect(stack.ops!.stats().alarms!.audit.healthy).toBe(true);
    if (postgres) await stack.ops!.database.query('update database_identity set id = gen_random_uuid()');
    else rmSync(join(dir, 'pglite'), { recursive: true, force: true });
    await until(() => codes().includes('database'), 10_000, 'the database system alarm', () => stack.ops!.stats());
    expect(system!.problems.find((p) => p.code === 'database')!.detail).toMatch(postgres ? /replaced under the service/ : /deleted under the service/);
    expect(stack.ops!.stats().alarms!.audit.healthy).toBe(false);
    expect(stack.ops!.stats().system.map((p) => p.code)).toEqual(['database']);
  });

  it('raises and clears a system alarm when the users file has no logins', async () => {
    const { passwdPath } = usersPaths(stack.usersDir);
    const passwd = readFileSync(passwdPath, 'utf8');
    writeFileSync(passwdPath, '');
    try {
      // Said in the stats (the HTTP status) and the console: the broker drops the service's own
      // login with the others, so the retained message cannot go out. Last, for that reason.
      await until(() => stack.ops!.stats().system.some((p) => p.code === 'users-file'), 10_000, 'the users-file system alarm', () => stack.ops!.stats().system);
      expect(stack.ops!.stats().system.find((p) => p.code === 'users-file')!.detail).toMatch(/no logins/);
    } finally {
      writeFileSync(passwdPath, passwd);
    }
    await until(() => !stack.ops!.stats().system.some((p) => p.code === 'users-file'), 10_000, 'the alarm cleared');
  });
});
