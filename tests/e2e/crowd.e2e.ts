/**
 * The major-events scenario in Chromium on the embedded stack: New Year's Eve at Huacheng Square
 * from 21:30, two scenario minutes a second until the alarm, then one every 3 s. The operations
 * service raises the crowd alarm at Huacheng Square through its alarm rules; the heat layer's
 * hottest hexagon is in the square;
 * the page's estimate equals the engine's in Node on the same counts; an event plan's people
 * inside equal Node's; a malformed crowd message is refused and counted.
 */
import { latLngToCell } from 'h3-js';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { countMinute } from '../../scripts/live/crowd.ts';
import { renderedFrame } from '../../scripts/harness/browser.ts';
import { areaWeights, peopleInside } from '../../src/domains/crowd/areaWeights.ts';
import type { CrowdModel } from '../../src/domains/crowd/crowdModel.ts';
import { CrowdEstimator } from '../../src/domains/crowd/estimate.ts';
import { hexIndex } from '../../src/domains/crowd/hexMesh.ts';
import { VENUES } from '../../src/domains/crowd/venues.ts';
import { signalTopic } from '../../src/domains/crowd/contract.ts';
import { clickTestId, openCity, saveArtifact, scrollIntoView, storeState, type OpenCity } from '../harness/app.ts';
import { until } from '../harness/wait.ts';
import { DEFAULT_TILES, TOPIC_PREFIX } from '../../server/data/cityFiles.ts';
import { readCrowdModel } from '../../src/domains/crowd/server/opsPart.ts';

const START = Date.parse('2026-12-31T21:30:00+08:00');
const HUACHENG = VENUES.findIndex((v) => v.id === 'huacheng');
/** A perimeter around the square's north half, and a checkpoint at its north-west corner. */
const PERIMETER: [number, number][] = [[113.3178, 23.1195], [113.3216, 23.1195], [113.3216, 23.1262], [113.3178, 23.1262], [113.3178, 23.1195]];
const CHECKPOINT: [number, number] = [113.3179, 23.1262];

/**
 * The venue detail's box now and after each of the next `minutes` venue records has been drawn,
 * watched from inside the page so that a slow frame cannot hide a change.
 */
function venueDetailBoxes(page: Page, minutes: number): Promise<{ first: string; distinct: string[]; minutes: number }> {
  return page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const store = window.cantonTwin!.store!;
        const detail = document.querySelector('[data-testid="venue-detail"]')!;
        const box = (): string => {
          const r = detail.getBoundingClientRect();
          return `${r.x},${r.y},${r.width}x${r.height}`;
        };
        const first = box();
        const seen = new Set([first]);
        let count = 0;
        const done = (): void => {
          stop();
          clearTimeout(giveUp);
          resolve({ first, distinct: [...seen], minutes: count });
        };
        const stop = store.subscribe((s, prev) => {
          if (s.crowdVenues === prev.crowdVenues) return;
          // Read after React has drawn the minute and the browser has laid it out.
          requestAnimationFrame(() => {
            seen.add(box());
            if (++count === n) done();
          });
        });
        // Records stopped coming: the caller's check on `minutes` says so, rather than a hang.
        const giveUp = setTimeout(done, 60_000);
      }),
    minutes,
  );
}

let model: CrowdModel;
let city: OpenCity;
beforeAll(async () => {
  model = readCrowdModel(DEFAULT_TILES);
  // A normal day until the page is up; then the evening of New Year's Eve begins.
  city = await openCity('#', { viewport: { width: 1280, height: 800 } }, { ops: {}, simulate: {}, crowd: { model, event: 'normal' } });
  return () => city.app.close();
}, 180_000);

describe('New Year’s Eve at Huacheng Square', () => {
  it('raises a crowd alarm at Huacheng Square through the operations service, and the heat layer shows the peak there', async () => {
    const { page, app } = city;
    await until(() => storeState(page, (s) => s.crowdReady && s.crowd !== null), 90_000, 'the crowd model and a first normal minute');
    app.live.simulator!.setCrowdEvent({ model, event: 'nye', speed: 120, startAt: START });
    await until(() => storeState(page, (s, start) => s.crowd!.at >= start, START), 60_000, 'the first minute of the evening');
    // The square fills from about 63 % of its capacity at 21:30: no alarm yet when the page first sees it.
    const first = await storeState(page, (s) => ({ at: s.crowd!.at, alarm: s.alerts.some((a) => a.id === 'CV-HUACHENG') }));
    expect(first.at).toBeLessThan(Date.parse('2026-12-31T22:10:00+08:00'));
    expect(first.alarm).toBe(false);
    await page.getByTestId('live-tab-events').click();
    await page.getByTestId('venue-list').waitFor();
    const alarm = await until(() => storeState(page, (s) => s.alerts.find((a) => a.id === 'CV-HUACHENG' && a.severity === 'alarm') ?? null), 120_000, 'the crowd alarm at Huacheng Square');
    // From the next minute on, the evening runs at one scenario minute every 3 s, so that the
    // square stays near its peak through the rest of the file however long this machine takes
    // to draw (at two minutes a second, a slow run reached the small hours and an empty square).
    app.live.simulator!.setCrowdEvent({ model, event: 'nye', speed: 20, startAt: app.live.simulator!.crowdMinute() + 60_000 });
    expect(alarm.kind).toBe('crowd');
    expect(await storeState(page, (s) => s.alarmSource)).toBe('shared');
    expect(alarm.value).toBeGreaterThanOrEqual(0.95 * VENUES[HUACHENG]!.capacity);
    await expect.poll(() => page.locator('[data-venue="huacheng"]').first().getAttribute('data-level'), { timeout: 30_000 }).toBe('alarm');

    // The heat: the page's estimate of a minute is the engine's on the same counts, and its
    // hottest hexagon, drawn in the top class, lies in the square.
    const shown = await storeState(page, (s) => {
      const d = s.crowd!.hexDensity;
      let top = 0;
      for (let h = 1; h < d.length; h++) if (d[h]! > d[top]!) top = h;
      return { at: s.crowd!.at, top, topDensity: d[top]!, venues: Array.from(s.crowd!.venuePeople), total: s.crowd!.total, visible: s.layerVisible.crowd };
    });
    const e = new CrowdEstimator(model).estimate(countMinute(model, 'nye', shown.at, 1).counts, shown.at);
    expect(shown.visible).toBe(true);
    for (let v = 0; v < VENUES.length; v++) expect(shown.venues[v]).toBeCloseTo(e.venuePeople[v]!, 3);
    expect(shown.total / e.total).toBeCloseTo(1, 9);
    expect(shown.topDensity).toBeCloseTo(e.hexDensity[shown.top]!, 0);
    const squareHexes = new Set(Array.from(model.pieceHex).filter((_, p) => model.pieceVenue[p] === HUACHENG));
    expect(squareHexes.has(shown.top)).toBe(true);
    expect(shown.topDensity).toBeGreaterThan(200_000);

    // The city from high up: the peak stands out over the evening's crowds.
    await page.evaluate(() => (window as unknown as { cantonTwin: { store: { getState(): { commandCamera(c: object): void } } } }).cantonTwin.store.getState().commandCamera({ kind: 'view', view: { lon: 113.3, lat: 22.99, height: 16_000, heading: 0, pitch: -50 } }));
    await until(() => storeState(page, (s) => s.camera !== null && s.camera.height > 12_000), 30_000, 'the camera over the city');
    await renderedFrame(page);
    saveArtifact('crowd-city-zh.png', await page.screenshot());
    await page.locator('[data-venue="huacheng"]').first().click();
    await page.getByTestId('venue-detail').waitFor();
    await page.getByTestId('venue-chart').locator('canvas').waitFor();
    await until(() => storeState(page, (s) => s.camera !== null && s.camera.height < 5000), 30_000, 'the camera over the square');
    // The venue's panel holds still while its figures change each minute: its box after each of
    // the next minutes' records is the box it had before them.
    const boxes = await venueDetailBoxes(page, 6);
    expect(boxes.minutes).toBeGreaterThanOrEqual(6);
    expect(boxes.distinct).toEqual([boxes.first]);
    await scrollIntoView(page, 'venue-detail');
    await renderedFrame(page);
    saveArtifact('crowd-nye-zh.png', await page.screenshot());
    await clickTestId(page, 'lang-switch');
    await until(() => storeState(page, (s) => s.lang === 'en'), 30_000, 'English');
    await renderedFrame(page);
    saveArtifact('crowd-nye-en.png', await page.screenshot());
    await clickTestId(page, 'lang-switch');
    await until(() => storeState(page, (s) => s.lang === 'zh-CN'), 30_000, 'Chinese again');
  }, 240_000);

  it('counts the people inside a drawn perimeter as Node does, with the nearest stations’ flow', async () => {
    const { page } = city;
    await page.evaluate(
      ([ring, point]) => {
        const store = (window as unknown as { cantonTwin: { store: { getState(): { setPlanner(p: object): void } } } }).cantonTwin.store;
        store.getState().setPlanner({ shapes: [{ id: 'S1', geometry: { type: 'Polygon', coordinates: [ring] } }, { id: 'S2', geometry: { type: 'Point', coordinates: point } }] });
      },
      [PERIMETER, CHECKPOINT] as const,
    );
    const [at, people] = await until(() => storeState(page, (s) => (s.crowdPlan.weights && s.crowdPlan.series.length > 0 ? s.crowdPlan.series.at(-1)! : null)), 30_000, 'the people inside the perimeter');
    const byIndex = new Map(Array.from({ length: model.header.hexes }, (_, h) => [hexIndex(model.hexH3, h), h]));
    const weights = areaWeights(PERIMETER, (lon, lat) => byIndex.get(latLngToCell(lat, lon, model.header.res)) ?? -1);
    const e = new CrowdEstimator(model).estimate(countMinute(model, 'nye', at, 1).counts, at);
    expect(people / peopleInside(weights, e.hexDensity)).toBeCloseTo(1, 6);
    expect(people).toBeGreaterThan(10_000);
    await expect.poll(() => page.getByTestId('plan-checkpoints').textContent()).toBe('1');
    const stations = await page.getByTestId('event-plan').locator('[data-station]').evaluateAll((els) => els.map((x) => x.getAttribute('data-station')));
    expect(stations[0]).toBe('huachengdadao');
    expect(stations).toContain('fuerzhongxin');
    await expect.poll(() => page.getByTestId('plan-people').textContent()).toMatch(/万人/);
    await scrollIntoView(page, 'event-plan');
    await renderedFrame(page);
    saveArtifact('crowd-plan-zh.png', await page.screenshot());
  }, 120_000);

  it('refuses a malformed crowd message, counted, and keeps the minutes coming', async () => {
    const { page, app } = city;
    const before = await storeState(page, (s) => ({ rejected: s.live.rejects['bad-crowd'] ?? 0, at: s.crowd!.at }));
    const client = await mqtt.connectAsync(app.live.broker.tcpUrl, { username: 'simulator', password: app.live.credentials.simulator });
    await client.publishAsync(signalTopic(TOPIC_PREFIX, 0), JSON.stringify({ ts: Date.now(), at: before.at, model: 'ffffffff', part: 0, parts: 3, first: 0, counts: [1, 2, 3] }));
    await client.publishAsync(signalTopic(TOPIC_PREFIX, 1), '{"not": "a signalling part"');
    await client.endAsync();
    await until(() => storeState(page, (s) => (s.live.rejects['bad-crowd'] ?? 0) >= 2), 30_000, 'two refusals');
    expect(app.live.ops!.parts.crowd!.stats().refused).toBeGreaterThanOrEqual(2);
    await until(() => storeState(page, (s, at0) => s.crowd!.at > at0, before.at), 30_000, 'the next minute');
    expect(city.consoleErrors).toEqual([]);
  }, 90_000);
});
