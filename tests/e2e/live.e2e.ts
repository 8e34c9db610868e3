/**
 * The live feed in the built app, against both brokers: the simulator's typhoon moves and colours
 * the sensors and raises alerts; bad payloads are counted and shown while good ones still land;
 * a broker restart mid-stream leaves the page working with the retained values.
 */
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { openCity, saveArtifact, storeState, type AppHarness } from '../harness/app.ts';
import { pixelDifference, renderedFrame } from '../../scripts/harness/browser.ts';
import { TOPIC_PREFIX } from '../../server/data/cityFiles.ts';

/** A storm every 40 s, so that one test run sees it rise and break. */
const CYCLE_S = 40;
const VIEW = '#cam=113.33,23.02,26000,0,-55&layers=districts,water,sensors';

interface TableProbe {
  ids: string[];
  value: number[];
  ts: number[];
}

/** The page's sensor table, read through the console handle (tests only). */
function readTable(page: Page): Promise<TableProbe> {
  return page.evaluate(() => {
    const st = window.cantonTwin!.store!.getState();
    const load = Object.values(st.layerLoad).find((l) => l.state === 'ready' && l.data.kind === 'sensors');
    if (load?.state !== 'ready' || load.data.kind !== 'sensors') throw new Error('no sensor layer');
    const table = load.data.table;
    return { ids: table.registry.ids, value: Array.from(table.value), ts: Array.from(table.ts) };
  });
}

describe.each<BrokerName>(['aedes', 'mosquitto'])('live sensors over %s in Chromium', (broker) => {
  let app: AppHarness;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    ({ app, page, consoleErrors } = await openCity(VIEW, {}, { broker, simulate: { scenario: 'typhoon', cycleS: CYCLE_S } }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows moving, changing sensors within seconds, and the typhoon raises alerts', async () => {
    await expect.poll(() => storeState(page, (s) => s.live.connection), { timeout: 15_000 }).toBe('connected');
    const first = await readTable(page);
    expect(first.ids.length).toBeGreaterThanOrEqual(5000);
    await expect.poll(async () => (await readTable(page)).ts.filter((t) => t > 0).length, { timeout: 20_000 }).toBeGreaterThan(4500);
    const before = await page.screenshot();
    const a = await readTable(page);
    await page.waitForTimeout(3000);
    const b = await readTable(page);
    expect(b.value.filter((v, i) => v !== a.value[i]).length).toBeGreaterThan(500);
    await renderedFrame(page);
    expect(pixelDifference(before, await page.screenshot())).toBeGreaterThan(0.2);

    // The storm's peak: alarms appear in the list with their cell and district.
    await expect.poll(() => storeState(page, (s) => s.alerts.filter((x) => x.severity === 'alarm').length), { timeout: CYCLE_S * 1500 }).toBeGreaterThan(20);
    // At the peak the list rolls up by district and kind: groups with alarms, or the rows themselves.
    await page.locator('[data-testid="alert-list"], [data-testid="alarm-groups"]').first().waitFor();
    expect(Number(await page.getByTestId('alarm-count').innerText())).toBeGreaterThan(0);
    expect(await page.locator('.live-panel [data-severity="alarm"], .live-panel .alarm-group-alarm').count()).toBeGreaterThan(0);
    // Labelled local: this harness runs no operations service.
    expect(await page.getByTestId('alarm-source').getAttribute('data-source')).toBe('local');
    await renderedFrame(page);
    const peak = await page.screenshot();
    saveArtifact(`live-typhoon-${broker}.png`, peak);
    const received = await storeState(page, (s) => s.live.received);
    await expect.poll(() => storeState(page, (s) => s.live.received), { timeout: 5000 }).toBeGreaterThan(received);
    expect(consoleErrors).toEqual([]);
  });

  it('feeds active alerts per cell into the grid choropleth', async () => {
    await page.locator('label:has(input[data-layer="grid"])').click();
    await page.locator('button[data-metric="alerts"]').click();
    await page.getByTestId('grid-legend').waitFor();
    const counts = (): Promise<[number, number]> =>
      page.evaluate(() => {
        const s = window.cantonTwin!.store!.getState();
        return [s.liveCellCounts!.alerts.reduce((x, y) => x + y, 0), s.alerts.filter((a) => a.cell !== null).length];
      });
    // Between storms there may be no alert at all; wait for the next one.
    await expect.poll(async () => (await counts())[0], { timeout: CYCLE_S * 1500 }).toBeGreaterThan(0);
    const [perCell, withCell] = await counts();
    expect(perCell).toBe(withCell);
    await page.locator('label:has(input[data-layer="grid"])').click();
  });

  it('counts and shows bad payloads, and still applies the good ones', async () => {
    const sim = await mqtt.connectAsync(app.live.broker.tcpUrl, { username: 'simulator', password: app.live.credentials.simulator });
    const topic = `${TOPIC_PREFIX}/sensor/air-quality/AQ-0001`;
    const rejectsBefore = await storeState(page, (s) => s.live.rejects);
    const bad: [string, string][] = [
      [topic, 'not json at all'],
      [topic, `{"ts": ${Date.now()}, "value": 1e999, "unit": "µg/m³", "quality": "good"}`],
      [topic, JSON.stringify({ ts: Date.now(), value: 'high', unit: 'µg/m³', quality: 'good' })],
      [`${TOPIC_PREFIX}/sensor/air-quality/AQ-9999`, JSON.stringify({ ts: Date.now(), value: 1, unit: 'µg/m³', quality: 'good' })],
      [`${TOPIC_PREFIX}/sensor/air-quality`, JSON.stringify({ ts: Date.now(), value: 1, unit: 'µg/m³', quality: 'good' })],
      [topic, JSON.stringify({ ts: Date.now() + 86_400_000, value: 1, unit: 'µg/m³', quality: 'good' })],
    ];
    for (const [t, p] of bad) await sim.publishAsync(t, p, { qos: 1 });
    // Mosquitto cuts off a client that sends more than max_packet_size, so the oversized payload
    // goes from a client of its own.
    const oversizeBefore = app.live.broker.refusals().oversize;
    const big = await mqtt.connectAsync(app.live.broker.tcpUrl, { username: 'simulator', password: app.live.credentials.simulator, reconnectPeriod: 0 });
    big.publish(topic, Buffer.alloc(70 * 1024, 0x20));
    await new Promise((r) => setTimeout(r, 300));
    big.end(true);
    // A good reading right after, with a value nothing else produces, retained as every reading is.
    await sim.publishAsync(topic, JSON.stringify({ ts: Date.now() + 1000, value: 987, unit: 'µg/m³', quality: 'suspect' }), { qos: 1, retain: true });
    await sim.endAsync();
    await expect.poll(async () => (await readTable(page)).value[(await readTable(page)).ids.indexOf('AQ-0001')], { timeout: 10_000 }).toBe(987);
    // Reject counts reach the page with the worker's diagnostics, once a second: wait for them.
    const grown = async (): Promise<Record<string, number>> => {
      const rejects = await storeState(page, (s) => s.live.rejects);
      const grew = (reason: keyof typeof rejects): number => (rejects[reason] ?? 0) - (rejectsBefore[reason] ?? 0);
      return { notJson: grew('not-json'), notFinite: grew('not-finite'), schema: grew('bad-schema'), unknown: grew('unknown-sensor'), topic: grew('bad-topic'), future: grew('future'), tooLarge: grew('too-large') };
    };
    // Both brokers refuse the 70 KB packet from its header (Aedes itself, Mosquitto's gate): it never reaches the page.
    await expect.poll(grown, { timeout: 10_000 }).toEqual({ notJson: 1, notFinite: 1, schema: 1, unknown: 1, topic: 1, future: 1, tooLarge: 0 });
    expect(app.live.broker.refusals().oversize).toBe(oversizeBefore + 1);
    await page.getByTestId('live-diagnostics').locator('summary').click();
    // The latest refusal is named: one of these, or the simulator's next AQ-0001 reading, refused
    // as out of order behind the good reading stamped a second ahead.
    expect(await page.getByTestId('last-error').innerText()).toMatch(/future|out-of-order: AQ-0001/);
    expect(Number((await page.getByTestId('reject-total').innerText()).replace(/,/g, ''))).toBeGreaterThanOrEqual(6);
    expect(consoleErrors).toEqual([]);
  });

  it('keeps working through a broker restart and ends with the retained values', async () => {
    const reconnectsBefore = await storeState(page, (s) => s.live.reconnects);
    await app.live.broker.restart();
    await expect.poll(() => storeState(page, (s) => s.live.reconnects), { timeout: 30_000 }).toBeGreaterThan(reconnectsBefore);
    await expect.poll(() => storeState(page, (s) => s.live.connection), { timeout: 30_000 }).toBe('connected');
    const after = await storeState(page, (s) => s.live.received);
    await expect.poll(() => storeState(page, (s) => s.live.received), { timeout: 20_000 }).toBeGreaterThan(after + 2000);
    // Stop the stream, then compare the page with what the broker retains for every sensor.
    await app.live.simulator!.stop();
    await page.waitForTimeout(1500);
    const retained = new Map<string, number>();
    const probe = await mqtt.connectAsync(app.live.broker.tcpUrl);
    probe.on('message', (topic, payload) => {
      const id = topic.split('/').pop()!;
      try {
        retained.set(id, JSON.parse(payload.toString()).ts);
      } catch {
        // A bad retained payload from the previous test; the page refused it too.
      }
    });
    await probe.subscribeAsync(`${TOPIC_PREFIX}/sensor/#`);
    await page.waitForTimeout(2000);
    await probe.endAsync();
    const table = await readTable(page);
    expect(retained.size).toBeGreaterThan(4000);
    const differing = table.ids.filter((id, i) => retained.has(id) && retained.get(id) !== table.ts[i]);
    expect(differing).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('flies to an alert when tapped, and acknowledges it', async () => {
    // Runs after the stream stopped (previous test), so the list holds still under the finger; a
    // gauge far above its alarm level makes sure there is an alarm whatever the storm's phase.
    // The gauge must be calm now, so that the reading opens a new episode (the storm may already
    // have raised the one the test would otherwise pick).
    const active = await storeState(page, (s) => s.alerts.map((x) => x.id));
    const calm = (await readTable(page)).ids.find((id) => id.startsWith('WL-') && !active.includes(id))!;
    const gauge = await mqtt.connectAsync(app.live.broker.tcpUrl, { username: 'simulator', password: app.live.credentials.simulator });
    await gauge.publishAsync(`${TOPIC_PREFIX}/sensor/water-level/${calm}`, JSON.stringify({ ts: Date.now() + 2000, value: 9.5, unit: 'm', quality: 'good' }), { qos: 1, retain: true });
    await gauge.endAsync();
    // A new alert joins the end of the alarms; after a storm the list is rolled up by district and
    // kind, so open the gauge's group and page through it as an operator would.
    const row = page.locator(`.alert[data-alert="${calm}"]`);
    await expect.poll(() => storeState(page, (s, id) => s.alerts.some((a) => a.id === id), calm), { timeout: 15_000 }).toBe(true);
    const key = await storeState(page, (s, id) => {
      const a = s.alerts.find((x) => x.id === id)!;
      return s.alerts.length > 12 ? `${a.district}/${a.kind}` : null;
    }, calm);
    if (key) await page.locator(`[data-group="${key}"] .group-head`).click();
    await expect
      .poll(
        async () => {
          if ((await row.count()) > 0) return true;
          const more = page.getByTestId('alerts-more');
          if (await more.first().isVisible()) await more.first().click();
          return false;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(await row.getAttribute('data-severity')).toBe('alarm');
    const alertId = await row.getAttribute('data-alert');
    const item = page.locator(`[data-alert="${alertId}"]`);
    const sensorId = alertId!;
    const cameraBefore = await storeState(page, (s) => s.camera!);
    await item.locator('.alert-main').click();
    await page.locator(`[data-ack="${alertId}"]`).click();
    await expect.poll(() => storeState(page, (s, id) => s.alerts.find((a) => a.id === id)?.state, alertId)).toBe('acked');
    await expect.poll(() => storeState(page, (s) => s.selection?.featureId ?? null)).toBe(sensorId);
    await expect.poll(async () => (await storeState(page, (s) => s.camera!)).height, { timeout: 15_000 }).toBeLessThan(cameraBefore.height / 3);
    expect(await page.getByTestId('info-title').innerText()).toContain(sensorId);
  });

  it('selects a sensor tapped in the scene, through the points\' own pick colours', async () => {
    // The previous test flew close to a gauge: it stands alone on screen, out of any cluster.
    const sensorId = (await storeState(page, (s) => s.selection?.featureId ?? null))!;
    expect(sensorId).toMatch(/^WL-/);
    await page.evaluate(() => window.cantonTwin!.store!.getState().select(null));
    /** The gauge's point on the page, once a pick there finds it (the clusters may still be regrouping). */
    const spot = (): Promise<{ x: number; y: number } | null> =>
      page.evaluate((id) => {
        type C3 = { fromDegrees(lon: number, lat: number, h: number): object };
        const viewer = window.cantonTwin!.viewer! as unknown as {
          camera: { position: { constructor: C3 } };
          canvas: HTMLCanvasElement;
          scene: { cartesianToCanvasCoordinates(c: object): { x: number; y: number } | undefined; pick(p: { x: number; y: number }): { id?: { featureId?: string } } | undefined; requestRender(): void };
        };
        const load = Object.values(window.cantonTwin!.store!.getState().layerLoad).find((l) => l.state === 'ready' && l.data.kind === 'sensors');
        if (load?.state !== 'ready' || load.data.kind !== 'sensors') return null;
        const table = load.data.table;
        const i = table.registry.ids.indexOf(id);
        const at = viewer.scene.cartesianToCanvasCoordinates(viewer.camera.position.constructor.fromDegrees(table.lon[i]!, table.lat[i]!, 40));
        viewer.scene.requestRender();
        if (!at || viewer.scene.pick(at)?.id?.featureId !== id) return null;
        const box = viewer.canvas.getBoundingClientRect();
        return { x: box.left + at.x, y: box.top + at.y };
      }, sensorId);
    await expect.poll(spot, { timeout: 20_000 }).not.toBeNull();
    const at = (await spot())!;
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => storeState(page, (s) => s.selection?.featureId ?? null)).toBe(sensorId);
    expect(await page.getByTestId('info-title').innerText()).toContain(sensorId);
  });
});
