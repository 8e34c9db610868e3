/**
 * The live simulator's case loop driver (scripts/live/caseLoopDriver.ts) against the real
 * operations service on Aedes with PGlite, its bots restricted to Tianhe (440106: the district
 * government, water, traffic police, city management, ecology): cases are reported, filed,
 * dispatched, sent back, handled, failed at verification and closed through the HTTP API alone;
 * every closed case's timeline is a legal path of the loop; the driver never sends a request the
 * API refuses as illegal (no 400, 403 or 404: only a 409 where a case changed under a desk); and
 * when the service's database is down (503) and when the service is killed and started again
 * mid-run, the driver waits and goes on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { opsApi } from '../../server/ops/http.ts';
import { startServer, type RunningServer } from '../../server/web/serve.ts';
import { OPS_API_PREFIX } from '../../src/live/opsApiContract.ts';
import { CASE_ROUTES } from '../../src/domains/cases/apiContract.ts';
import { caseFilter, caseMessageSchema } from '../../src/domains/cases/contract.ts';
import { loadCaseSetup } from '../../src/domains/cases/server/caseSetup.ts';
import { TOPIC_PREFIX } from '../../server/data/cityFiles.ts';
import { caseBotPlan, driverLogins } from '../../scripts/live/caseBotLogins.ts';
import { startCaseLoopDriver, type CaseLoopDriver } from '../../scripts/live/caseLoopDriver.ts';
import { until } from '../harness/wait.ts';
import type { Login } from '../../server/ops/users.ts';

const PASSWORD = 'Case-driver-passphrase-1';
const photos = mkdtempSync(join(tmpdir(), 'canton-case-driver-grid-'));
const plan = caseBotPlan(loadCaseSetup({ photos }), { seed: 7, districts: ['440106'], cellsPerDistrict: 4, placesPerCell: 3 });
rmSync(photos, { recursive: true, force: true });
const LOGINS: (Login & { password: string })[] = plan.logins.map((l) => ({ ...l, password: PASSWORD }));
/** Whom the test reads cases as: the dispatcher sees every case, the caller's number masked. */
const READER = `Basic ${Buffer.from(`${plan.logins.find((l) => l.role === 'dispatcher')!.name}:${PASSWORD}`).toString('base64')}`;

type Detail = ReturnType<typeof CASE_ROUTES.case.parse>;

describe('the case loop driver through /api/ops on Aedes with PGlite', () => {
  let stack: LiveStack;
  let server: RunningServer;
  let watcher: MqttClient;
  let dir = '';
  /** The API of the service running now. */
  let api: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /**
   * Whether the service is away, and how a request meets it: its database down (answered 503, as
   * the service answers then, src/domains/cases/apiContract.ts) or its process gone (the connection closed).
   */
  let away: 'database' | 'process' | null = null;
  const closed = new Set<string>();
  const details = new Map<string, Detail>();

  /** The closed cases not read yet, each with its timeline. */
  const readClosed = async (): Promise<void> => {
    for (const id of closed) {
      if (details.has(id)) continue;
      const res = await fetch(new URL(`${OPS_API_PREFIX}case?id=${id}`, server.url), { headers: { authorization: READER } });
      if (res.status === 200) details.set(id, CASE_ROUTES.case.parse(await res.json()));
    }
  };
  const some = (f: (steps: Detail['steps']) => boolean): boolean => [...details.values()].some((d) => f(d.steps));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-case-driver-test-'));
    stack = await startLiveStack({ broker: 'aedes', simulate: false, crowd: false, signs: false, logins: LOGINS, ops: { database: {} } });
    api = opsApi(stack.ops!, stack.usersDir);
    // One web server for the whole run, answering from whichever service runs now: the driver keeps its URL.
    server = await startServer({
      dist: dir,
      tiles: dir,
      api: async (req, res) => {
        if (!req.url?.startsWith(OPS_API_PREFIX)) return false;
        if (away === null) return api(req, res);
        if (away === 'database') res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'the case record cannot be reached: nothing was changed' }));
        else req.socket.destroy();
        return true;
      },
    });
    watcher = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'viewer', password: stack.credentials.viewer });
    watcher.on('message', (_topic, payload) => {
      if (payload.length === 0) return;
      const m = caseMessageSchema.parse(JSON.parse(payload.toString()));
      if (m.step === 'closed') closed.add(m.id);
    });
    await watcher.subscribeAsync(caseFilter(TOPIC_PREFIX), { qos: 1 });
  });
  afterAll(async () => {
    await watcher?.endAsync(true);
    await server?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes cases through the loop by every role, legally, and goes on through its database down and a restart of the service', async () => {
    const driver: CaseLoopDriver = startCaseLoopDriver({ apiUrl: server.url, logins: driverLogins(plan.logins, () => PASSWORD), places: plan.places, seed: 1, everyMs: 150, speed: 600 });
    try {
      await until(() => closed.size >= 3, 90_000, 'three cases closed', () => driver.stats());

      away = 'database';
      await until(() => (driver.stats().refused['503'] ?? 0) > 0, 10_000, 'the driver meeting the database down', () => driver.stats());
      const instance = stack.ops!.instance;
      away = 'process';
      stack.ops!.kill();
      await until(() => (driver.stats().refused.network ?? 0) > 0, 10_000, 'the driver meeting the service gone', () => driver.stats());
      api = opsApi(await stack.startOps(instance), stack.usersDir);
      away = null;
      const before = { closed: closed.size, reports: driver.stats().actions.report ?? 0 };

      await until(
        async () => {
          await readClosed();
          return closed.size >= before.closed + 10 && some((t) => t.some((s) => s.kind === 'send-back')) && some((t) => t.some((s) => s.kind === 'verify' && s.to === 'dispatched'));
        },
        90_000,
        'ten more cases closed after the restart, one sent back and one reworked among them',
        () => ({ closed: closed.size, ...driver.stats() }),
      );
      expect(driver.stats().actions.report ?? 0, JSON.stringify(driver.stats())).toBeGreaterThan(before.reports);
    } finally {
      await driver.stop();
    }

    const { actions, refused, errors } = driver.stats();
    const seen = JSON.stringify(driver.stats());
    expect(errors, seen).toBe(0);
    // Never an illegal request by mistake: a 409 (the case changed) and the service away are all it met.
    expect(Object.keys(refused).filter((k) => !['409', 'network', '429', '503'].includes(k)), seen).toEqual([]);
    expect(actions, seen).toMatchObject({ file: expect.any(Number), dispatch: expect.any(Number), 'send-back': expect.any(Number), 'verify-fail': expect.any(Number), 'verify-pass': expect.any(Number) });

    await readClosed();
    for (const [id, { steps }] of details) {
      expect(steps[0], id).toMatchObject({ kind: 'collect', from: null, to: 'reported', version: 1 });
      const path = `${id}: ${steps.map((s) => `${s.kind}→${s.to}`).join(', ')}`;
      for (let i = 1; i < steps.length; i++) expect([steps[i]!.from, steps[i]!.version], path).toEqual([steps[i - 1]!.to, i + 1]);
      expect(steps.at(-1)!.to, path).toBe('closed');
    }
    // A hotline call carries the caller's number, masked for every desk but the hotline's.
    const call = [...details.values()].find((d) => d.case.source === 'hotline')!;
    expect(call.case.caller).toMatch(/^138\*{4}\d{4}$/);
    // Its waits return as soon as their conditions hold; the limit is for a machine far slower than this one.
  }, 240_000);
});
