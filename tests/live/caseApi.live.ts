/**
 * The case loop through the operations service's HTTP API, as its people would drive it, on
 * Aedes with PGlite and on Mosquitto with PostgreSQL: a hotline call filed, dispatched, sent
 * back, dispatched again, extended, handled with a photo, failed at verification, reworked and
 * closed, each step by the one role that may take it, and every screen told over MQTT. Refusals
 * are checked as a user would meet them: another department's case, a stale version, two
 * dispatchers at once, broken photos and bodies, a point outside the city; and the service
 * restarted mid-flow loses nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { opsApi } from '../../server/ops/http.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';
import { startServer, type RunningServer } from '../../server/web/serve.ts';
import { OPS_API_PREFIX } from '../../src/live/opsApiContract.ts';
import { CASE_ROUTES, type CaseView } from '../../src/domains/cases/apiContract.ts';
import { caseFilter, caseMessageSchema, type CaseMessage } from '../../src/domains/cases/contract.ts';
import { loadCaseSetup } from '../../src/domains/cases/server/caseSetup.ts';
import { cellId } from '../../src/analysis/gridFormat.ts';
import { TOPIC_PREFIX } from '../../server/data/cityFiles.ts';
import { until } from '../harness/wait.ts';
import type { Login } from '../../server/ops/users.ts';

/** A point in Tianhe, and the cell it is in: the inspector's. */
const AT = { lon: 113.3245, lat: 23.1195 };
const { grid } = loadCaseSetup({ photos: mkdtempSync(join(tmpdir(), 'canton-case-grid-')) });
const CELL = cellId(grid.packed, grid.index.cellAt(AT.lon, AT.lat));
const PASSWORD = 'Case-loop-passphrase-1';
const LOGINS: (Login & { password: string })[] = [
  { name: 'wang', role: 'hotline', password: PASSWORD },
  { name: 'chen', role: 'dispatcher', password: PASSWORD },
  { name: 'zhou', role: 'dispatcher', password: PASSWORD },
  { name: 'lin', role: 'handler', department: 'water', password: PASSWORD },
  { name: 'he', role: 'handler', department: 'traffic-police', password: PASSWORD },
  { name: 'liu', role: 'inspector', cells: [CELL], password: PASSWORD },
  { name: 'su', role: 'supervisor', password: PASSWORD },
];
/** A 1×1 PNG, whole. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e6a2a4f40000000049454e44ae426082', 'hex');

describe.each<[BrokerName, 'pglite' | 'postgres']>([
  ['aedes', 'pglite'],
  ['mosquitto', 'postgres'],
])('the case loop through /api/ops on %s with %s', (broker, dbKind) => {
  let stack: LiveStack;
  let postgres: RunningPostgres | null = null;
  let server: RunningServer;
  let watcher: MqttClient;
  const seen = new Map<string, CaseMessage>();
  let dir = '';

  const call = async (login: string, method: 'GET' | 'POST', path: string, body?: unknown, type = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> => {
    const { name, password } = login === 'duty' ? stack.credentials.operator : { name: login, password: PASSWORD };
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` };
    if (body !== undefined) headers['content-type'] = type;
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(new URL(`${OPS_API_PREFIX}${path}`, server.url), method === 'POST' ? { method, headers, body: payload } : { headers });
    const text = await res.text();
    return { status: res.status, json: (text.startsWith('{') ? JSON.parse(text) : { error: text }) as Record<string, unknown> };
  };
  const step = async (login: string, c: CaseView, s: unknown): Promise<CaseView> => {
    const r = await call(login, 'POST', 'case-step', { id: c.id, version: c.version, step: s });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return CASE_ROUTES['case-step'].parse(r.json).case;
  };
  const mount = async (): Promise<void> => {
    await server?.close();
    server = await startServer({ dist: dir, tiles: dir, api: opsApi(stack.ops!, stack.usersDir) });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canton-caseapi-test-'));
    postgres = dbKind === 'postgres' ? await startPostgres() : null;
    // The default rules, but a waterlogging alarm stands 2 s, not 30 min, before it becomes a case.
    const rules = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/cities/guangzhou/case-rules.json'), 'utf8')) as { alarms: { kind: string; unackedMinutes: number }[] };
    rules.alarms.find((r) => r.kind === 'waterlogging')!.unackedMinutes = 2 / 60;
    writeFileSync(join(dir, 'case-rules.json'), JSON.stringify(rules));
    stack = await startLiveStack({ broker, simulate: false, crowd: false, logins: LOGINS, cases: { rules: join(dir, 'case-rules.json') }, ops: { database: postgres ? { url: postgres.url } : {} } });
    await mount();
    watcher = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'viewer', password: stack.credentials.viewer });
    watcher.on('message', (topic, payload) => {
      if (payload.length > 0) seen.set(topic.split('/').at(-1)!, caseMessageSchema.parse(JSON.parse(payload.toString())));
    });
    await watcher.subscribeAsync(caseFilter(TOPIC_PREFIX), { qos: 1 });
  });
  afterAll(async () => {
    await watcher?.endAsync(true);
    await server?.close();
    await stack?.stop();
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a hotline call through the whole loop, each step by its own role, and tells every screen', async () => {
    const reported = await call('wang', 'POST', 'case-report', { type: 'waterlogging', description: '路口积水 <script>alert(1)</script> 约30厘米', phone: '13800138000', ...AT });
    expect(reported.status, JSON.stringify(reported.json)).toBe(200);
    let c = CASE_ROUTES['case-report'].parse(reported.json).case;
    expect(c).toMatchObject({ state: 'reported', cell: CELL, district: '440106', caller: '13800138000', description: '路口积水 <script>alert(1)</script> 约30厘米' });
    const queue = CASE_ROUTES.cases.parse((await call('chen', 'GET', 'cases?view=queue')).json);
    expect(queue.cases.find((q) => q.id === c.id)?.caller).toBe('138****8000');

    c = await step('chen', c, { kind: 'file', type: 'waterlogging', urgency: 'urgent' });
    expect(c.suggested).toBe('water');
    c = await step('chen', c, { kind: 'dispatch', department: 'traffic-police' });
    c = await step('he', c, { kind: 'send-back', reason: '非本单位职责' });
    expect(c).toMatchObject({ state: 'filed', department: null });
    c = await step('chen', c, { kind: 'dispatch', department: 'water' });
    expect(c.minutesLeft).toBeGreaterThan(0);
    // Another department neither sees nor acts on it.
    expect((await call('he', 'GET', `case?id=${c.id}`)).status).toBe(404);
    expect((await call('he', 'POST', 'case-step', { id: c.id, version: c.version, step: { kind: 'report-back', note: 'x', photos: [] } })).status).toBe(404);
    expect(CASE_ROUTES.cases.parse((await call('lin', 'GET', 'cases?view=mine')).json).cases.map((m) => m.id)).toContain(c.id);
    // Each role's queue is what it has to act on: now the department's, no longer the dispatcher's.
    expect(CASE_ROUTES.cases.parse((await call('lin', 'GET', 'cases?view=queue')).json).cases.map((m) => m.id)).toContain(c.id);
    expect(CASE_ROUTES.cases.parse((await call('chen', 'GET', 'cases?view=queue')).json).cases.map((m) => m.id)).not.toContain(c.id);

    c = await step('lin', c, { kind: 'request-extension', minutes: 60, reason: '需调泵车' });
    const before = c.deadline!;
    c = await step('chen', c, { kind: 'decide', approve: true });
    expect(c.deadline!).toBeGreaterThan(before);
    const photo = await call('lin', 'POST', 'case-photo', PNG, 'image/png');
    expect(photo.status).toBe(200);
    c = await step('lin', c, { kind: 'report-back', note: '已排水', photos: [photo.json.photo] });
    c = await step('liu', c, { kind: 'verify', pass: false, reason: '仍有积水' });
    expect(c.state).toBe('dispatched');
    c = await step('lin', c, { kind: 'report-back', note: '再次排水', photos: [] });
    c = await step('liu', c, { kind: 'verify', pass: true });
    expect(c.state).toBe('closed');

    const detail = CASE_ROUTES.case.parse((await call('su', 'GET', `case?id=${c.id}`)).json);
    expect(detail.steps.map((s) => [s.kind, s.actor, s.to])).toEqual([
      ['collect', 'wang', 'reported'],
      ['file', 'chen', 'filed'],
      ['dispatch', 'chen', 'dispatched'],
      ['send-back', 'he', 'filed'],
      ['dispatch', 'chen', 'dispatched'],
      ['request-extension', 'lin', 'dispatched'],
      ['decide', 'chen', 'dispatched'],
      ['report-back', 'lin', 'handled'],
      ['verify', 'liu', 'dispatched'],
      ['report-back', 'lin', 'handled'],
      ['verify', 'liu', 'closed'],
    ]);
    expect(detail.case.photos).toEqual([photo.json.photo]);
    const res = await fetch(new URL(`${OPS_API_PREFIX}case-photo?id=${String(photo.json.photo)}`, server.url), { headers: { authorization: `Basic ${Buffer.from(`su:${PASSWORD}`).toString('base64')}` } });
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    const announced = await until(() => (seen.get(c.id)?.step === 'closed' ? seen.get(c.id) : null), 10_000, 'the closed case on the broker');
    expect(announced).toMatchObject({ status: 'closed', department: 'water', type: 'waterlogging' });
    expect(JSON.stringify(announced)).not.toContain('13800138000');
  });

  it('refuses what a role may not do, a stale version and a second dispatcher, each with its reason', async () => {
    let c = CASE_ROUTES['case-report'].parse((await call('wang', 'POST', 'case-report', { type: 'noise', description: '夜间施工噪声', phone: '020-8888 1234', ...AT })).json).case;
    expect((await call('wang', 'POST', 'case-step', { id: c.id, version: c.version, step: { kind: 'file', type: 'noise', urgency: 'normal' } })).json.error).toBe("file is a dispatcher step, not hotline's");
    expect((await call('duty', 'POST', 'case-step', { id: c.id, version: c.version, step: { kind: 'reject', reason: 'x' } })).status).toBe(403);
    c = await step('chen', c, { kind: 'file', type: 'noise', urgency: 'normal' });
    const both = await Promise.all(['chen', 'zhou'].map((d) => call(d, 'POST', 'case-step', { id: c.id, version: c.version, step: { kind: 'dispatch', department: d === 'chen' ? 'ecology' : 'gov-440106' } })));
    expect(both.map((r) => r.status).toSorted()).toEqual([200, 409]);
    const lost = both.find((r) => r.status === 409)!;
    expect(lost.json.error).toMatch(/changed \(version 3, not 2\): it is now dispatched/);
    expect((lost.json.current as CaseView).state).toBe('dispatched');
    expect((await call('chen', 'POST', 'case-step', { id: c.id, version: 1, step: { kind: 'resume' } })).status).toBe(409);
    expect((await call('chen', 'POST', 'case-step', { id: c.id, version: 3, step: { kind: 'dispatch', department: 'no-such-bureau' } })).json.error).toBe('no-such-bureau is no department of the city');
  });

  it('refuses broken input with its reason and keeps nothing of it', async () => {
    const outside = await call('wang', 'POST', 'case-report', { type: 'noise', description: 'x', lon: 23.1195, lat: 113.3245 });
    expect(outside.status).toBe(400);
    const swapped = await call('wang', 'POST', 'case-report', { type: 'noise', description: 'x', lon: 116.4, lat: 39.9 });
    expect(swapped.json.error).toMatch(/outside the city's management grid/);
    expect((await call('wang', 'POST', 'case-report', { type: 'noise', description: '   ', ...AT })).status).toBe(400);
    expect((await call('lin', 'POST', 'case-photo', PNG.subarray(0, PNG.length - 12), 'image/png')).json.error).toBe('the PNG is cut short (no IEND chunk)');
    expect((await call('lin', 'POST', 'case-photo', PNG, 'image/jpeg')).json.error).toBe('the photo is a image/png, not the image/jpeg it was sent as');
    expect((await call('lin', 'POST', 'case-photo', Buffer.from('GIF89a'), 'image/gif')).status).toBe(415);
    expect((await call('lin', 'POST', 'case-photo', Buffer.alloc(6 * 1024 * 1024), 'image/png')).status).toBe(413);
    expect((await call('wang', 'POST', 'case-report', '{"type":', 'application/json')).status).toBe(400);
    expect((await call('liu', 'POST', 'case-report', { type: 'dumping', description: '乱堆放', photos: ['0'.repeat(64)], ...AT })).json.error).toMatch(/no photo 0{64}/);
    expect(stack.ops!.stats().cases!.refused.input).toBeGreaterThan(0);
  });

  it('makes a waterlogging alarm left unacknowledged a case by rule, once, and says so when the alarm clears', async () => {
    const sim = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator });
    const point = stack.registry.ids.findIndex((id, i) => stack.registry.kinds[i] === 'waterlogging' && stack.registry.props[i]!.cell !== null);
    const gauge = stack.registry.ids[point]!;
    const reading = (value: number) => sim.publishAsync(`${TOPIC_PREFIX}/sensor/waterlogging/${gauge}`, JSON.stringify({ ts: Date.now(), value, unit: 'cm', quality: 'good' }), { qos: 1 });
    await reading(45);
    const byRule = await until(async () => CASE_ROUTES.cases.parse((await call('chen', 'GET', 'cases?view=queue')).json).cases.find((c) => c.origin?.includes(gauge)) ?? null, 20_000, 'a case for the standing alarm');
    expect(byRule).toMatchObject({ source: 'rule', type: 'waterlogging', urgency: 'urgent', state: 'reported', cell: stack.registry.props[point]!.cell });
    const filed = await step('chen', byRule, { kind: 'file', type: 'waterlogging', urgency: 'urgent' });
    expect(filed.suggested).toBe('water');
    await reading(0);
    const cleared = await until(async () => {
      const c = CASE_ROUTES.case.parse((await call('chen', 'GET', `case?id=${byRule.id}`)).json).case;
      return c.alarmCleared ? c : null;
    }, 20_000, 'the case told that its alarm cleared');
    expect(cleared.state).toBe('filed');
    // Still one case for that alarm, however many ticks went by.
    expect(CASE_ROUTES.cases.parse((await call('chen', 'GET', 'cases?view=all')).json).cases.filter((c) => c.origin?.includes(gauge))).toHaveLength(1);
    await sim.endAsync();
  });

  it('keeps every case, step and countdown through a restart of the service', async () => {
    let c = CASE_ROUTES['case-report'].parse((await call('liu', 'POST', 'case-report', { type: 'dumping', description: '建筑垃圾堆放', ...AT })).json).case;
    c = await step('chen', c, { kind: 'file', type: 'dumping', urgency: 'normal' });
    c = await step('chen', c, { kind: 'dispatch', department: 'water' });
    const instance = stack.ops!.instance;
    stack.ops!.kill();
    await stack.startOps(instance);
    await mount();
    const after = CASE_ROUTES.case.parse((await call('lin', 'GET', `case?id=${c.id}`)).json);
    expect(after.case).toMatchObject({ state: 'dispatched', version: c.version, deadline: c.deadline });
    expect(after.case.minutesLeft).not.toBeNull();
    expect(after.steps).toHaveLength(3);
    await step('lin', after.case, { kind: 'report-back', note: '已清运', photos: [] });
  });
});
