/**
 * The operations service's HTTP API against its contract (src/live/opsApiContract.ts), through
 * the real web server on Aedes with PGlite and on Mosquitto with PostgreSQL: each JSON route's
 * real answer parses with the very schema the page validates it with, so that the service and the
 * page cannot drift apart unnoticed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { opsApi } from '../../server/ops/http.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';
import { startServer, type RunningServer } from '../../server/web/serve.ts';
import { opsPath, type OpsRoute } from '../../src/live/opsApiContract.ts';
import { ALARM_ROUTES } from '../../src/domains/alarms/apiContract.ts';
import { TRUCK_ROUTES } from '../../src/domains/trucks/apiContract.ts';
import { signHistoryAnswerSchema } from '../../src/domains/signs/historyContract.ts';

/** The routes this test reads, each with its domain's schema. */
const OPS_ROUTES = { ...ALARM_ROUTES, ...TRUCK_ROUTES, 'signs/history': signHistoryAnswerSchema };
import { SIGN_HISTORY_PATH } from '../../src/domains/signs/historyContract.ts';
import { until } from '../harness/wait.ts';
import { DEFAULT_REGISTRY, TOPIC_PREFIX, readRegistry } from '../../server/data/cityFiles.ts';

const registry = readRegistry(DEFAULT_REGISTRY);
const gauge = registry.ids.find((id) => id.startsWith('WL-'))!;
const truck = registry.ids.find((_, i) => registry.kinds[i] === 'truck')!;

describe.each<[BrokerName, 'pglite' | 'postgres']>([
  ['aedes', 'pglite'],
  ['mosquitto', 'postgres'],
])('the /api/ops answers on %s with %s', (broker, dbKind) => {
  let stack: LiveStack;
  let postgres: RunningPostgres | null = null;
  let server: RunningServer;
  let sim: MqttClient;
  let dir = '';
  /** A route's answer as the page receives it, and its HTTP status. */
  const get = async (route: OpsRoute, query: string): Promise<{ status: number; body: unknown }> => {
    const { name, password } = stack.credentials.operator;
    const res = await fetch(new URL(`${opsPath(route)}?${query}`, server.url), { headers: { authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` } });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-opsapi-test-'));
    postgres = dbKind === 'postgres' ? await startPostgres() : null;
    stack = await startLiveStack({ broker, simulate: false, crowd: false, ops: { database: postgres ? { url: postgres.url } : {} } });
    server = await startServer({ dist: dir, tiles: dir, api: opsApi(stack.ops!, stack.usersDir) });
    sim = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator });
  });
  afterAll(async () => {
    await sim?.endAsync(true);
    await server?.close();
    await stack?.stop();
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers an alarm’s history and the alarm load as the contract says, with the alarm in them', async () => {
    await sim.publishAsync(`${TOPIC_PREFIX}/sensor/water-level/${gauge}`, JSON.stringify({ ts: Date.now(), value: 12.5, unit: 'm', quality: 'good' }), { qos: 1 });
    const history = await until(async () => {
      const { status, body } = await get('history', `alarm=${gauge}`);
      return status === 200 && Array.isArray(body) && body.length > 0 ? body : null;
    }, 10_000, 'the alarm in its history');
    const rows = OPS_ROUTES.history.parse(history);
    expect(rows.at(-1)).toMatchObject({ event: 'raise', from_state: 'normal', to_state: 'unack', actor: 'system', value: 12.5 });
    const load = await get('load', 'hours=1');
    expect(load.status).toBe(200);
    expect(OPS_ROUTES.load.parse(load.body).top.map((t) => t.alarm)).toContain(gauge);
  });

  it('answers the truck reports and a sign’s history as the contract says', async () => {
    const violations = await get('violations', 'hours=1');
    expect(violations.status).toBe(200);
    expect(OPS_ROUTES.violations.parse(violations.body).counts).toBeDefined();
    const date = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const day = await get('truck-day', `truck=${truck}&date=${date}`);
    expect(day.status).toBe(200);
    expect(OPS_ROUTES['truck-day'].parse(day.body)).toMatchObject({ truck, date });
    // The page's own path for the signs' history is the contract's route.
    expect(SIGN_HISTORY_PATH).toBe(opsPath('signs/history'));
    const sign = await get('signs/history', 'id=WAT-9001');
    expect(sign.status).toBe(200);
    expect(OPS_ROUTES['signs/history'].parse(sign.body)).toMatchObject({ id: 'WAT-9001', district: null });
  });

  it('would see an answer that left the contract (the check can fail)', async () => {
    const { body } = await get('history', `alarm=${gauge}`);
    const [row] = body as Record<string, unknown>[];
    expect(OPS_ROUTES.history.safeParse([{ ...row, at: undefined }]).success).toBe(false);
    expect(OPS_ROUTES.history.safeParse([{ ...row, value: String(row!.value) }]).success).toBe(false);
  });
});
