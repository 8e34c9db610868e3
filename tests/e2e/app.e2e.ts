import { describe, expect, it } from 'vitest';
import { pixelDifference, pixelStats, renderedFrame, waitForCity } from '../../scripts/harness/browser.ts';
import { saveArtifact, storeState, appPerFile } from '../harness/app.ts';
import { PERF_MARKS } from '../../src/perf/marks.ts';

/** The city's bounds from public/cities/guangzhou/city.json. */
const BOUNDS = { west: 112.95, south: 22.5, east: 114.07, north: 23.94 };

const app = appPerFile();

describe('the built app in Chromium', () => {
  it('draws Guangzhou offline, over the city, with no console errors', async () => {
    const t0 = Date.now();
    const { page, watch } = await app().open();
    await waitForCity(page);
    const firstView = Date.now() - t0;
    const firstFrame = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? -1, PERF_MARKS.firstFrame);
    expect(firstFrame).toBeGreaterThan(0);
    const png = await page.screenshot();
    saveArtifact('guangzhou-home.png', png);
    const stats = pixelStats(png);
    console.log(`first frame ${firstFrame.toFixed(0)} ms after navigation start; full view after ${firstView} ms; luminance variance ${stats.luminanceVariance.toFixed(0)}`);
    // A black or empty globe is near 0; the district basemap is in the thousands.
    expect(stats.luminanceVariance).toBeGreaterThan(300);
    // Only the scene area, away from the panels, must not be blank either.
    expect(pixelStats(png, { x: 400, y: 300, width: 480, height: 300 }).luminanceVariance).toBeGreaterThan(100);

    const camera = await storeState(page, (s) => s.camera!);
    expect(camera.lon).toBeGreaterThan(BOUNDS.west);
    expect(camera.lon).toBeLessThan(BOUNDS.east);
    expect(camera.lat).toBeGreaterThan(BOUNDS.south);
    expect(camera.lat).toBeLessThan(BOUNDS.north);
    expect(camera.height).toBeLessThan(100_000);

    const layers = await storeState(page, (s) => Object.fromEntries(Object.entries(s.layerLoad).map(([k, v]) => [k, v.state])));
    expect(layers).toEqual({ districts: 'ready', water: 'ready', buildings: 'ready', grid: 'ready', sensors: 'ready', trucks: 'ready', flood: 'ready', panorama: 'ready', crowd: 'ready', cases: 'ready' });
    // The only other address the page may talk to is its MQTT broker.
    await expect.poll(() => storeState(page, (s) => s.live.connection)).toBe('connected');
    expect(watch.requests.length).toBeGreaterThan(10);
    expect(watch.offOrigin).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('switches the UI between Chinese and English', async () => {
    const { page, watch } = await app().open();
    await page.getByTestId('layer-panel').waitFor();
    await expect.poll(() => page.getByTestId('app-title').innerText()).toContain('广州数字孪生');
    expect(await page.getByTestId('layer-panel').innerText()).toContain('行政区');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('app-title').innerText()).toContain('Canton Twin');
    expect(await page.getByTestId('layer-panel').innerText()).toContain('Districts');
    expect(await page.getByTestId('layer-panel').innerText()).not.toContain('行政区');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The choice survives a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('app-title').innerText()).toContain('Canton Twin');
    await page.getByTestId('lang-switch').click();
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('restores the camera and the layers from a URL hash', async () => {
    const hash = '#cam=113.3245,23.05,12000,20,-40&layers=districts';
    const { page, watch } = await app().open(hash);
    await waitForCity(page);
    const camera = await storeState(page, (s) => s.camera!);
    expect(camera.lon).toBeCloseTo(113.3245, 4);
    expect(camera.lat).toBeCloseTo(23.05, 4);
    expect(camera.height).toBeCloseTo(12000, -1);
    expect(camera.heading).toBeCloseTo(20, 1);
    expect(camera.pitch).toBeCloseTo(-40, 1);
    expect(await page.locator('input[data-layer="water"]').isChecked()).toBe(false);
    expect(await page.locator('input[data-layer="districts"]').isChecked()).toBe(true);
    expect(new URL(page.url()).hash).toBe(hash);

    // Moving the camera writes the new view back into the hash, and that link reopens it.
    await page.getByTestId('zoom-in').click();
    await expect.poll(() => new URL(page.url()).hash).not.toBe(hash);
    const moved = new URL(page.url()).hash;
    const cameraAfterZoom = await storeState(page, (s) => s.camera!);
    expect(cameraAfterZoom.height).toBeLessThan(camera.height * 0.8);
    const second = await app().open(moved);
    await waitForCity(second.page);
    const reopened = await storeState(second.page, (s) => s.camera!);
    expect(reopened.height).toBeCloseTo(cameraAfterZoom.height, -1);
    expect(reopened.lon).toBeCloseTo(cameraAfterZoom.lon, 4);
    expect(watch.consoleErrors).toEqual([]);
    expect(second.watch.consoleErrors).toEqual([]);
    await second.page.close();
    await page.close();
  });

  it('picks a district by tapping it and shows its details', async () => {
    // Straight down over Haizhu, so the centre of the screen is that point.
    const { page, watch } = await app().open('#cam=113.32,23.08,20000,0,-90&layers=districts,water');
    await waitForCity(page);
    const box = (await page.locator('.city-scene canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('info-title').innerText()).toBe('海珠区');
    expect(await page.getByTestId('info-panel').innerText()).toContain('440105');
    await renderedFrame(page);
    const selected = await page.screenshot();
    await page.getByRole('button', { name: '关闭' }).click();
    await renderedFrame(page);
    // The highlight is drawn in the scene, not only listed in the panel.
    expect(pixelDifference(selected, await page.screenshot())).toBeGreaterThan(2);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('toggles a layer off and on, visibly', async () => {
    const { page } = await app().open('#cam=113.30,23.10,15000,0,-90&layers=districts,water');
    await waitForCity(page);
    const withWater = await page.screenshot();
    await page.locator('label:has(input[data-layer="water"])').click();
    await renderedFrame(page);
    expect(new URL(page.url()).hash).toContain('layers=districts');
    expect(new URL(page.url()).hash).not.toContain('water');
    expect(pixelDifference(withWater, await page.screenshot())).toBeGreaterThan(0.5);
    await page.close();
  });

  it('shows a clear error page that names the bad field of a broken city.json', async () => {
    const page = await app().browser.context.newPage();
    await page.route('**/cities/guangzhou/city.json', async (route) => {
      const res = await route.fetch();
      const doc = (await res.json()) as { home: { height: unknown } };
      doc.home.height = 'very high';
      await route.fulfill({ response: res, json: doc });
    });
    await page.goto(app().server.url);
    await page.getByTestId('config-error').waitFor();
    expect(await page.getByTestId('config-error-field').allInnerTexts()).toEqual(['home.height']);
    expect(await page.getByTestId('config-error').innerText()).toContain('城市配置无效');
    await page.close();
  });
});
