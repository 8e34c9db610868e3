/**
 * A system alarm of the operations service on a duty officer's screen (issue #35 item 4): published
 * as the service publishes it (retained, with the service's login), shown above the alarm list in
 * Chinese and English, within the panel at a laptop's and a phone's size, and gone once cleared. A
 * malformed one is refused and counted, and the standing one stays.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForCity } from '../../scripts/harness/browser.ts';
import { systemAlarmSchema, systemTopic } from '../../src/live/opsContract.ts';
import { MESSAGES } from '../../src/i18n/messages.ts';
import { saveArtifact, startApp, storeState, type AppHarness } from '../harness/app.ts';
import { TOPIC_PREFIX } from '../../server/data/cityFiles.ts';

const VIEW = '#cam=113.33,23.02,26000,0,-55&layers=districts,water,sensors';
/** An instance of its own: the running service neither owns nor clears its topic. */
const INSTANCE = 'ops-e2e';
const DETAIL = 'the audit database var/pglite was deleted under the service (its identity row is gone)';

/** Runs in the page: the banner's box, the alarm list's first line's, the panel's, and how far anything overflows sideways. */
type Box = { left: number; right: number; top: number; bottom: number };
function bannerLayout(): { banner: Box; source: Box; panel: Box; overflow: number; windowWidth: number } {
  // page.evaluate sends this function's source alone, so its helpers must live inside it; a
  // DOMRect's fields are getters, which do not cross back, hence the plain boxes.
  // oxlint-disable-next-line unicorn/consistent-function-scoping
  const box = (selector: string): Box => {
    const r = document.querySelector(selector)!.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  };
  const panel = document.querySelector('[data-testid="live-panel"]')!;
  // The panel scrolls down, never sideways: content wider than it is a broken layout.
  const overflow = Math.max(0, ...[panel, ...panel.querySelectorAll('[data-testid="system-alarms"] *')].map((el) => el.scrollWidth - el.clientWidth));
  return { banner: box('[data-testid="system-alarms"]'), source: box('[data-testid="alarm-source"]'), panel: box('[data-testid="live-panel"]'), overflow, windowWidth: innerWidth };
}

async function expectWithinPanel(page: Page): Promise<void> {
  const l = await page.evaluate(bannerLayout);
  expect(l.overflow).toBe(0);
  expect(l.banner.bottom).toBeLessThanOrEqual(l.source.top);
  expect(l.banner.left).toBeGreaterThanOrEqual(l.panel.left);
  expect(l.banner.right).toBeLessThanOrEqual(l.panel.right);
  expect(l.panel.left).toBeGreaterThanOrEqual(0);
  expect(l.panel.right).toBeLessThanOrEqual(l.windowWidth);
}

describe('system alarms of the operations service on the alarm panel', () => {
  let app: AppHarness;
  let page: Page;
  let consoleErrors: string[];
  let ops: MqttClient;
  beforeAll(async () => {
    app = await startApp({}, { simulate: false, ops: {} });
    const opened = await app.open(`?lang=zh-CN${VIEW}`);
    page = opened.page;
    consoleErrors = opened.watch.consoleErrors;
    await waitForCity(page);
    // The service's login, and a client id bound to it as the broker requires.
    ops = await mqtt.connectAsync(app.live.broker.tcpUrl, { username: 'ops', password: app.live.credentials.ops, clientId: `ops:${INSTANCE}-${process.pid}` });
  });
  afterAll(async () => {
    await ops?.publishAsync(systemTopic(TOPIC_PREFIX, INSTANCE), Buffer.alloc(0), { qos: 1, retain: true }).catch(() => undefined);
    await ops?.endAsync();
    await app?.close();
  });

  it('shows a standing system alarm above the list in both languages, keeps it through a malformed one, and drops it once cleared', async () => {
    await expect.poll(() => storeState(page, (s) => s.alarmSource), { timeout: 15_000 }).toBe('shared');
    const banner = page.locator(`[data-testid="system-alarm"][data-instance="${INSTANCE}"]`);
    expect(await page.getByTestId('system-alarms').count()).toBe(0);

    const since = Date.now() - 95_000;
    const alarm = systemAlarmSchema.parse({ instance: INSTANCE, problems: [{ code: 'database', detail: DETAIL, since }] });
    await ops.publishAsync(systemTopic(TOPIC_PREFIX, INSTANCE), JSON.stringify(alarm), { qos: 1, retain: true });
    await banner.waitFor({ timeout: 10_000 });
    const zh = await banner.innerText();
    expect(zh).toContain('系统告警');
    expect(zh).toContain(MESSAGES['zh-CN'].systemProblem_database);
    expect(zh).toContain(INSTANCE);
    expect(zh).toContain(DETAIL);
    expect(await banner.locator('[data-problem="database"] time').getAttribute('datetime')).toBe(new Date(since).toISOString());
    await expectWithinPanel(page);
    saveArtifact('system-alarm-zh-1280x800.png', await page.screenshot());

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => banner.innerText(), { timeout: 5000 }).toContain('System alarm');
    const en = await banner.innerText();
    expect(en).toContain(MESSAGES.en.systemProblem_database);
    expect(en).not.toContain('系统告警');
    await expectWithinPanel(page);
    saveArtifact('system-alarm-en-1280x800.png', await page.screenshot());

    // A phone's size: the panels are half the width there.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => innerWidth), { timeout: 5000 }).toBe(390);
    await expectWithinPanel(page);
    saveArtifact('system-alarm-en-390x844.png', await page.screenshot());
    await page.setViewportSize({ width: 1280, height: 800 });

    // A malformed one, on another instance's topic: refused and counted; the standing one stays.
    const refused = await storeState(page, (s) => s.live.rejects['bad-system-alarm'] ?? 0);
    await ops.publishAsync(systemTopic(TOPIC_PREFIX, 'ops-bad'), JSON.stringify({ instance: 'ops-bad', problems: [{ code: 'disk-full', detail: 'x', since }] }), { qos: 1 });
    await expect.poll(() => storeState(page, (s) => s.live.rejects['bad-system-alarm'] ?? 0), { timeout: 10_000 }).toBe(refused + 1);
    expect(await page.getByTestId('system-alarm').count()).toBe(1);
    await banner.waitFor();

    await ops.publishAsync(systemTopic(TOPIC_PREFIX, INSTANCE), Buffer.alloc(0), { qos: 1, retain: true });
    await page.getByTestId('system-alarms').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await storeState(page, (s) => s.systemAlarms)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
