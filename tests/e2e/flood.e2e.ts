/**
 * The flood-control view in Chromium, on the simulator's typhoon: a river gauge crosses its alarm
 * level, alerts appear, the live gauges flood cells that the grid highlights, a flooded cell lists
 * shelters above water, the export's rows are the listed cells, and the replay scrubs back.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/state/store.ts';
import { type AppHarness, openAlarmGroups, openCity, saveArtifact, storeState } from '../harness/app.ts';
import { countPixels, renderedFrame } from '../../scripts/harness/browser.ts';

/** One storm a minute: the river peaks about 35–45 s into each cycle. */
const CYCLE_S = 60;
/** The Pearl River through Haizhu and the old city, without the sensor points (their alarm red would blur the pixel check). */
const VIEW = '#cam=113.33,23.02,14000,10,-50&mode=flood&layers=districts,water,buildings,grid,flood';

/** Flooded cells are drawn in the choropleth's yellow-to-red ramp; nothing else on this view is that warm. */
const warm = (r: number, g: number, b: number): boolean => r > 170 && b < 110 && r - b > 110;

interface FloodProbe {
  cells: { id: string; residents: number }[];
  shelterFlooded: number[];
  source: string;
}

const probe = (page: Page): Promise<FloodProbe | null> =>
  storeState(page, (s) => s.flood.result && { cells: s.flood.result.cells.map((c) => ({ id: c.id, residents: c.residents })), shelterFlooded: Array.from(s.flood.result.shelterFlooded), source: s.flood.source });

/** In the page: a river gauge at alarm (level 2) in the sensor table. */
const gaugeAtAlarm = (s: AppState): boolean => {
  const l = Object.values(s.layerLoad).find((x) => x.state === 'ready' && x.data.kind === 'sensors');
  if (l?.state !== 'ready' || l.data.kind !== 'sensors') return false;
  const t = l.data.table;
  return t.registry.kinds.some((k, i) => k === 'water-level' && t.level[i] === 2);
};

describe('the flood-control view in Chromium', () => {
  let app: AppHarness;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    ({ app, page, consoleErrors } = await openCity(VIEW, {}, { broker: 'aedes', simulate: { scenario: 'typhoon', cycleS: CYCLE_S } }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows a gauge over its alarm level, the alert, and the cells the live gauges flood', async () => {
    await expect.poll(() => storeState(page, (s) => s.flood.status), { timeout: 60_000 }).toBe('ready');
    // A river gauge at alarm (level 2) in the page's table, and the panel counting it.
    await expect.poll(() => storeState(page, gaugeAtAlarm), { timeout: 120_000, interval: 1000 }).toBe(true);
    expect(Number((await page.getByTestId('stations-alarm').innerText()).replace(/,/g, ''))).toBeGreaterThan(0);
    // In a flood of alarms the list is grouped: open the river gauges' groups to see their rows.
    await expect
      .poll(
        async () => {
          await openAlarmGroups(page, '.flood-panel', 'water-level');
          return page.locator('.flood-panel .alert[data-severity="alarm"]').count();
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    // The live gauges flood cells with people in them.
    await expect.poll(async () => (await probe(page))?.cells.filter((c) => c.residents > 0).length ?? 0, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    expect((await probe(page))!.source).toBe('live');
    expect(Number((await page.getByTestId('people-affected').innerText()).replace(/,/g, ''))).toBeGreaterThan(0);
    await renderedFrame(page);
    saveArtifact('flood-typhoon-live.png', await page.screenshot());
    // Hold the picture still (a what-if level) to compare the highlighted cells with none.
    await page.getByTestId('flood-source-whatif').click();
    const level = page.getByTestId('what-if-level');
    await level.fill('4');
    await expect.poll(async () => (await probe(page))?.cells.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(100);
    await renderedFrame(page);
    const flooded = await page.screenshot();
    saveArtifact('flood-whatif-4m.png', flooded);
    await level.fill('0');
    await expect.poll(async () => (await probe(page))?.cells.length, { timeout: 20_000 }).toBe(0);
    await renderedFrame(page);
    const dry = await page.screenshot();
    expect(countPixels(flooded, warm)).toBeGreaterThan(countPixels(dry, warm) + 2000);
    await level.fill('3.6');
    await expect.poll(async () => (await probe(page))?.cells.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    // Tapping a river gauge's alert opens its chart, with its warning and alarm lines.
    await openAlarmGroups(page, '.flood-panel', 'water-level');
    const gaugeAlert = page.locator('.flood-panel .alert[data-alert^="WL-"]').first();
    await gaugeAlert.locator('.alert-main').click();
    const chart = page.getByTestId('sensor-chart');
    await expect.poll(async () => Number((await chart.getAttribute('data-points')) ?? 0), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await chart.locator('.threshold-alarm line').count()).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it('lists the nearest shelters above water for a flooded cell', async () => {
    const result = (await probe(page))!;
    const first = result.cells.find((c) => c.residents > 0)!;
    await page.locator(`.affected-cells [data-cell="${first.id}"]`).click();
    await expect.poll(() => page.getByTestId('info-panel').innerText()).toContain(first.id);
    const shelters = page.getByTestId('cell-shelters').locator('li');
    await expect.poll(() => shelters.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('cell-residents').innerText()).toBe(first.residents.toLocaleString('zh-CN'));
    // None of the listed shelters stands in water.
    const facilityIds = await storeState(page, (s) => {
      const l = Object.values(s.layerLoad).find((x) => x.state === 'ready' && x.data.kind === 'flood');
      return l?.state === 'ready' && l.data.kind === 'flood' ? l.data.facilities.filter((f) => f.properties.type !== 'pump').map((f) => f.properties.id) : [];
    });
    const closed = new Set(facilityIds.filter((_, i) => result.shelterFlooded[i]));
    const listed = await shelters.evaluateAll((els) => els.map((e) => e.getAttribute('data-shelter')!));
    expect(listed.some((id) => closed.has(id))).toBe(false);
    saveArtifact('flood-cell-shelters.png', await page.screenshot());
  });

  it('exports the evacuation list: the CSV rows and the GeoJSON features are the listed cells', async () => {
    const result = (await probe(page))!;
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('cell,flooded_ha,max_depth_m,flooded_buildings,residents,shelters,not_placed');
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[0])).toEqual(result.cells.map((c) => c.id));
    expect(rows.map((r) => Number(r[4]))).toEqual(result.cells.map((c) => c.residents));
    // The panel lists the same cells, in the same order.
    const listed = await page.locator('.affected-cells [data-cell]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell')));
    expect(listed).toEqual(rows.slice(0, listed.length).map((r) => r[0]));
    const [geoDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-geojson').click()]);
    const geo = JSON.parse(readFileSync((await geoDownload.path())!, 'utf8')) as { features: { properties: { cell: string }; geometry: { type: string } }[] };
    expect(geo.features.map((f) => f.properties.cell)).toEqual(result.cells.map((c) => c.id));
    expect(new Set(geo.features.map((f) => f.geometry.type))).toEqual(new Set(['MultiPolygon']));
  });

  it('replays the recorded stream: scrub back, play at 10×, and return to live with one tap', async () => {
    await page.getByTestId('flood-source-live').click();
    const slider = page.getByTestId('replay-slider');
    const [min, max] = await slider.evaluate((el: HTMLInputElement) => [Number(el.min), Number(el.max)]);
    expect(max - min).toBeGreaterThan(20_000);
    // Back to a moment 20 s into the recording.
    await slider.evaluate((el: HTMLInputElement, v: number) => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(el, String(v));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, min + 20_000);
    await expect.poll(() => storeState(page, (s) => s.replay.at)).toBe(min + 20_000);
    // The sensors shown are the past ones: nothing newer than the replay time.
    const newest = await storeState(page, (s) => Math.max(...s.replay.table!.ts));
    expect(newest).toBeLessThanOrEqual(min + 20_000);
    await page.getByTestId('replay-10x').click();
    await expect.poll(() => storeState(page, (s) => s.replay.at), { timeout: 10_000, interval: 250 }).toBeGreaterThan(min + 25_000);
    await page.getByTestId('replay-live').click();
    expect(await storeState(page, (s) => s.replay.at)).toBeNull();
    await expect.poll(() => page.getByTestId('replay-time').innerText()).toMatch(/实时|Live/);
    expect(consoleErrors).toEqual([]);
  });
});
