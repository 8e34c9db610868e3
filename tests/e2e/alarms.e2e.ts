/**
 * Shared alarms in Chromium, with the operations service and its database running: two duty
 * officers' screens share acknowledgements and shelving within a second, a fleeting alarm stays
 * listed until acknowledged, the typhoon's alarms arrive grouped, the load figures and the audit
 * CSV come from the service, and the page runs under the server's Content-Security-Policy.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../scripts/live/simulator.ts';
import { waitForCity } from '../../scripts/harness/browser.ts';
import { saveArtifact, signIn, startApp, storeState, type AppHarness } from '../harness/app.ts';
import { DEFAULT_REGISTRY, TOPIC_PREFIX, readRegistry } from '../../server/data/cityFiles.ts';

const VIEW = '#cam=113.33,23.02,26000,0,-55&layers=districts,water,sensors';
const OPERATORS = { zhang: 'Duty-Zhang-4417-rb', li: 'Duty-Li-8803-hw' };
const basic = (user: string, password: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

const row = (page: Page, id: string) => page.locator(`.alert[data-alert="${id}"]`);


describe('shared alarms between duty officers', () => {
  let app: AppHarness;
  let a: Page;
  let b: Page;
  const errors: string[][] = [];
  let sim: MqttClient;
  let clock = Date.now();
  const reading = (value: number): string => JSON.stringify({ ts: (clock = Math.max(clock + 1, Date.now())), value, unit: 'm', quality: 'good' });
  const gauge = (id: string, value: number): Promise<unknown> => sim.publishAsync(`${TOPIC_PREFIX}/sensor/water-level/${id}`, reading(value), { qos: 1, retain: true });
  beforeAll(async () => {
    app = await startApp({}, { simulate: false, ops: {}, logins: Object.entries(OPERATORS).map(([name, password]) => ({ name, role: 'operator' as const, password })) });
    for (const _ of [0, 1]) {
      const { page, watch } = await app.open(VIEW);
      await waitForCity(page);
      errors.push(watch.consoleErrors);
    }
    [a, b] = app.browser.context.pages().slice(-2) as [Page, Page];
    sim = await mqtt.connectAsync(app.live.broker.tcpUrl, { username: 'simulator', password: app.live.credentials.simulator });
  });
  afterAll(async () => {
    await sim?.endAsync();
    await app?.close();
  });

  it('serves the page under a strict Content-Security-Policy that names its broker', async () => {
    const res = await fetch(app.server.url);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ${new URL(app.live.broker.wsUrl).origin.replace('http', 'ws')}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    await expect.poll(() => storeState(a, (s) => s.alarmSource), { timeout: 15_000 }).toBe('shared');
    expect(errors.flat()).toEqual([]);
  });

  it('refuses a wrong sign-in, says so, and stays connected as a viewer', async () => {
    await a.getByTestId('sign-in').click();
    await a.locator('[data-testid="sign-in-form"] input[name="username"]').fill('zhang');
    await a.locator('[data-testid="sign-in-form"] input[name="password"]').fill('not-the-password');
    await a.getByTestId('sign-in-submit').click();
    await expect.poll(() => storeState(a, (s) => s.notices.join('\n')), { timeout: 15_000 }).toContain('登录失败');
    await expect.poll(() => storeState(a, (s) => s.live.connection), { timeout: 15_000 }).toBe('connected');
    expect(await storeState(a, (s) => s.operator)).toBeNull();
    // Nothing to act with: the alarm list offers the sign-in again.
    await a.getByTestId('sign-in').waitFor();
  });

  it('keeps a fleeting alarm listed on both screens until one officer acknowledges it', async () => {
    await signIn(a, 'zhang', OPERATORS.zhang);
    await signIn(b, 'li', OPERATORS.li);
    // The issue's case: 4.321 m on a gauge whose alarm is 2.8 m, then a normal reading.
    await gauge('WL-0150', 4.321);
    await expect.poll(() => row(b, 'WL-0150').getAttribute('data-state'), { timeout: 10_000 }).toBe('unack');
    // News pulses for a few seconds (the test browser asks for less motion: an outline then), and stops.
    await expect.poll(() => row(b, 'WL-0150').getAttribute('class'), { timeout: 3000 }).toContain('alert-fresh');
    await expect.poll(() => row(b, 'WL-0150').getAttribute('class'), { timeout: 8000 }).not.toContain('alert-fresh');
    await gauge('WL-0150', 0.5);
    for (const page of [a, b]) await expect.poll(() => row(page, 'WL-0150').getAttribute('data-state'), { timeout: 10_000 }).toBe('rtn-unack');
    expect(Number(await a.getByTestId('unacked-count').innerText())).toBeGreaterThanOrEqual(1);
    // The tap as an event, without Playwright's wait for a steady element, so that the clock
    // measures the app: the command, the service, the retained message and the other screen.
    const t0 = Date.now();
    await a.locator('[data-ack="WL-0150"]').dispatchEvent('click');
    await row(b, 'WL-0150').waitFor({ state: 'detached', timeout: 1000 });
    const sharedMs = Date.now() - t0;
    expect(sharedMs).toBeLessThan(1000);
    await row(a, 'WL-0150').waitFor({ state: 'detached', timeout: 1000 });
    console.log(`acknowledgement on one screen reached the other in ${sharedMs} ms`);
  });

  it('shares a shelving, with its time and reason, and the unshelving; a reload keeps them', async () => {
    await gauge('WL-0151', 6);
    await row(a, 'WL-0151').waitFor({ timeout: 10_000 });
    await a.locator('[data-shelve="WL-0151"]').click();
    await a.getByTestId('shelve-form').locator('button[role="radio"]').first().click();
    await a.getByTestId('shelve-reason').fill('水位计维修中');
    const t0 = Date.now();
    await a.getByTestId('shelve-confirm').dispatchEvent('click');
    await expect.poll(() => row(b, 'WL-0151').getAttribute('data-state'), { timeout: 1000, interval: 20 }).toBe('shelved');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await row(b, 'WL-0151').innerText()).toContain('水位计维修中');
    await b.reload();
    await waitForCity(b);
    await expect.poll(() => row(b, 'WL-0151').getAttribute('data-state'), { timeout: 15_000 }).toBe('shelved');
    // The login was kept for the tab (sessionStorage), so li may still act after the reload.
    await expect.poll(() => storeState(b, (s) => s.operator), { timeout: 15_000 }).toBe('li');
    await b.locator('[data-unshelve="WL-0151"]').click();
    await expect.poll(() => row(a, 'WL-0151').getAttribute('data-state'), { timeout: 1000, interval: 20 }).toBe('unack');
    // Its history, from the audit trail.
    await a.locator('[data-history="WL-0151"]').click();
    await expect.poll(async () => (await a.getByTestId('alarm-history').innerText()).split('\n').length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    const history = await a.getByTestId('alarm-history').innerText();
    expect(history).toContain('zhang');
    expect(history).toContain('li');
    const url = new URL('/api/ops/audit.csv?hours=1', app.server.url);
    // The audit trail is for duty officers: no login, a viewer's, or a wrong password get 401.
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: basic('viewer', app.live.credentials.viewer) })).status).toBe(401);
    expect((await fetch(url, { headers: basic('zhang', 'wrong') })).status).toBe(401);
    const csv = await (await fetch(url, { headers: basic('zhang', OPERATORS.zhang) })).text();
    expect(csv.split('\r\n')[0]).toBe('seq,at,entry,alarm,district,kind,event,from_state,to_state,actor,reason,command_id,value,instance');
    expect(csv).toMatch(/WL-0151,[^\n]*,shelve,acked|WL-0151,[^\n]*,shelve,unack/);
  });

  it('shows the typhoon’s alarms grouped by district and kind, with the load figures', async () => {
    const registry = readRegistry(DEFAULT_REGISTRY);
    const storm = await startSimulator({ url: app.live.broker.tcpUrl, username: 'simulator', password: app.live.credentials.simulator, registry, prefix: TOPIC_PREFIX, scenario: 'typhoon', cycleS: 30, rate: 4000 });
    try {
      await expect.poll(() => storeState(a, (s) => s.alerts.length), { timeout: 45_000 }).toBeGreaterThan(200);
    } finally {
      await storm.stop();
    }
    await a.getByTestId('alarm-groups').waitFor();
    const groups = a.getByTestId('alarm-group');
    const counts = await groups.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    const listed = await storeState(a, (s) => s.alerts.length);
    // Every alarm in exactly one group, and far fewer groups than rows.
    expect(counts.reduce((x, y) => x + y, 0)).toBe(listed);
    expect(counts.length).toBeLessThan(listed / 5);
    await groups.first().locator('.group-head').click();
    // The group opens on the next render.
    await expect.poll(() => groups.first().locator('.alert').count()).toBeGreaterThan(0);
    await a.getByTestId('alarm-load').locator('summary').click();
    await expect.poll(() => a.getByTestId('load-positions').locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    expect(await a.getByTestId('load-floods').innerText()).toMatch(/\d/);
    saveArtifact('alarms-grouped.png', await a.screenshot());
    const load = await (await fetch(new URL('/api/ops/load.csv?hours=1', app.server.url), { headers: basic('li', OPERATORS.li) })).text();
    expect(load).toContain('per-10-min');
    expect(errors.flat()).toEqual([]);
  });

  it('refuses a link to a broker the deployment does not list, and says so', async () => {
    const { page, watch } = await app.open(`?mqtt=${encodeURIComponent('ws://127.0.0.1:9/mqtt')}${VIEW}`);
    await waitForCity(page);
    await expect.poll(() => storeState(page, (s) => s.notices.join('\n')), { timeout: 10_000 }).toMatch(/ws:\/\/127\.0\.0\.1:9\/mqtt/);
    await expect.poll(() => storeState(page, (s) => s.live.connection), { timeout: 15_000 }).toBe('connected');
    expect(watch.offOrigin).toEqual([]);
    expect(watch.requests.some((u) => u.includes(':9/'))).toBe(false);
    await page.close();
  });
});
