/**
 * The vital signs and the one-screen wall in Chromium, with the simulator publishing the
 * departments' signs and the operations service deriving the live-feed ones: a theme tap sets the
 * layers, the grid statistic, the camera and the key figures; a district tap filters the charts;
 * search finds a sign by name; a sign whose feed falls silent turns stale. Screenshots of the wall
 * at 1920 × 1080 and 3840 × 2160 are saved.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser, renderedFrame, waitForCity, watchPage } from '../../scripts/harness/browser.ts';
import { startServer } from '../../server/web/serve.ts';
import { opsApi } from '../../server/ops/http.ts';
import { appPerFile, saveArtifact, storeState } from '../harness/app.ts';

const app = appPerFile({ viewport: { width: 1920, height: 1080 } }, { ops: {} });

const keyFigures = (page: Page): Promise<string[]> => page.locator('[data-testid="kpi-card"]').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.indicator!));
const visible = (page: Page): Promise<string[]> => storeState(page, (s) => Object.keys(s.layerVisible).filter((id) => s.layerVisible[id]).toSorted());

async function openWall(path: string): Promise<{ page: Page; errors: string[] }> {
  const { page, watch } = await app().open(path);
  await waitForCity(page);
  await page.getByTestId('theme-bar').waitFor();
  return { page, errors: watch.consoleErrors };
}

describe('the one-screen wall', () => {
  it('applies a theme’s preset with one tap: layers, grid statistic, camera and key figures', async () => {
    const { page, errors } = await openWall('?screen=wall');
    const presets = await storeState(page, (s) => Object.fromEntries(s.signs!.catalogue.themes.map((t) => [t.id, t.preset])));
    for (const theme of ['water', 'construction']) {
      const preset = presets[theme]!;
      await page.locator(`.theme-bar button[data-theme="${theme}"]`).click();
      await expect.poll(() => page.getByTestId('wall').getAttribute('data-theme')).toBe(theme);
      await expect.poll(() => visible(page)).toEqual(preset.layers.toSorted());
      expect(await storeState(page, (s) => s.gridMetric)).toBe(preset.gridMetric);
      await expect.poll(() => storeState(page, (s) => s.camera && [s.camera.lon, s.camera.lat, s.camera.height]), { timeout: 20_000 }).toEqual([
        expect.closeTo(preset.camera.lon, 2),
        expect.closeTo(preset.camera.lat, 2),
        expect.closeTo(preset.camera.height, -3),
      ]);
      expect(await keyFigures(page)).toEqual(preset.key.slice(0, 6));
      expect(page.url()).toContain(`theme=${theme}`);
      // The figures arrive: every key card leaves "no data" (derived ones within a 5 s cycle).
      await expect.poll(() => page.locator('[data-testid="kpi-card"][data-state="nodata"]').count(), { timeout: 20_000 }).toBe(0);
    }
    // The trend chart has points, partly from the service's history.
    await expect.poll(async () => Number(await page.locator('[data-testid="trend-chart"] .chart-box').getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(1);
    await renderedFrame(page);
    saveArtifact('wall-1920.png', await page.screenshot());
    await page.setViewportSize({ width: 3840, height: 2160 });
    await renderedFrame(page);
    const box = (await page.getByTestId('theme-bar').locator('button').first().boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(80); // the wall scales with the screen: 44 px × 2
    saveArtifact('wall-3840.png', await page.screenshot());
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters every chart to a district tapped in the scene', async () => {
    // Straight down over Haizhu: the centre of the scene is in the district.
    const { page, errors } = await openWall('?screen=wall#cam=113.32,23.08,20000,0,-90&layers=districts,water&theme=water');
    expect(await page.getByTestId('wall').getAttribute('data-theme')).toBe('water');
    await expect.poll(() => page.locator('[data-testid="kpi-card"][data-state="nodata"]').count(), { timeout: 20_000 }).toBe(0);
    const box = (await page.locator('.city-scene canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('wall').getAttribute('data-district')).toBe('440105');
    expect(await page.getByTestId('district-filter').innerText()).toContain('海珠区');
    for (const chart of ['theme-health', 'trend-chart']) await expect.poll(() => page.locator(`[data-testid="${chart}"] .chart-box`).getAttribute('data-district')).toBe('440105');
    // A district-level key figure now shows Haizhu's series, and its value is that series' value.
    const card = page.locator('[data-testid="kpi-card"][data-indicator="WAT-0001"]');
    await expect.poll(() => card.getAttribute('data-district')).toBe('440105');
    const slot = Number(await card.getAttribute('data-slot'));
    const series = await storeState(page, (s, k) => ({ district: s.signs!.series[k]!.district, value: s.signs!.value[k] }), slot);
    expect(series.district).toBe('440105');
    await expect.poll(async () => Number(await card.getAttribute('data-value'))).toBe(series.value);
    const cityValue = await storeState(page, (s) => s.signs!.value[s.signs!.slot('WAT-0001', null)]);
    expect(series.value).toBeLessThan(cityValue!); // a district's share of the city's total
    // Clearing the filter returns the charts to the city.
    await page.getByTestId('district-filter').click();
    await expect.poll(() => card.getAttribute('data-district')).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds a sign by its Chinese or English name and shows its definition, owner, bands and history', async () => {
    const { page, errors } = await openWall('?screen=wall');
    await page.getByTestId('search-signs').click();
    await page.locator('[data-testid="sign-search"] input').fill('最高河道水位');
    await page.locator('.search-results button[data-indicator="WAT-9001"]').click();
    const detail = page.getByTestId('sign-detail');
    expect(await detail.getByTestId('sign-department').innerText()).toBe('市水务局');
    expect(await detail.getByTestId('sign-bands').innerText()).toContain('2.8');
    await expect.poll(() => detail.getByTestId('sign-latest').getAttribute('data-state'), { timeout: 15_000 }).toBe('normal');
    await expect.poll(async () => Number(await page.locator('[data-testid="sign-history"] .chart-box').getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(1);
    await page.locator('[data-testid="sign-search"] input').fill('Mains pressure');
    expect(await page.locator('.search-results button').first().innerText()).toContain('管网压力');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a broken catalogue entry by name, and shows the rest', async () => {
    // A copy of the build whose catalogue has one indicator with its bands the wrong way round.
    const dist = mkdtempSync(join(tmpdir(), 'canton-dist-'));
    const browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
    try {
      cpSync(join(import.meta.dirname, '../../dist'), dist, { recursive: true });
      const file = join(dist, 'cities/guangzhou/generated/signs.json');
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { indicators: { id: string; bands: { warning: number; alarm: number } }[] };
      const broken = doc.indicators.find((i) => i.id === 'WAT-0002')!;
      broken.bands = { warning: broken.bands.alarm, alarm: broken.bands.warning };
      writeFileSync(file, JSON.stringify(doc));
      rmSync(`${file}.br`, { force: true });
      rmSync(`${file}.gz`, { force: true });
      const server = await startServer({ dist, runtimeConfig: { mqttUrl: app().live.broker.wsUrl }, api: opsApi(app().live.ops!, app().live.usersDir) });
      try {
        const page = await browser.context.newPage();
        const watch = await watchPage(browser.context, page, [new URL(server.url).origin, new URL(app().live.broker.wsUrl.replace(/^ws/, 'http')).origin]);
        await page.goto(`${server.url}?screen=wall#theme=water`);
        await waitForCity(page);
        await page.getByTestId('theme-bar').waitFor();
        await expect.poll(() => page.getByTestId('status-bar').innerText()).toContain('indicator WAT-0002 (bands.alarm: must be');
        const refused = await storeState(page, (s) => ({ refused: s.signRefusals.map((r) => r.entry), count: s.signs!.catalogue.indicators.length, has: s.signs!.catalogue.byId.has('WAT-0002') }));
        expect(refused).toEqual({ refused: ['indicator WAT-0002'], count: doc.indicators.length - 1, has: false });
        expect(watch.consoleErrors).toEqual([]);
      } finally {
        await server.close();
      }
    } finally {
      await browser.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('marks a derived sign stale when its feed falls silent', async () => {
    const { page } = await openWall('?screen=wall&theme=water');
    await page.locator('.theme-bar button[data-theme="water"]').click();
    const card = page.locator('[data-testid="kpi-card"][data-indicator="WAT-9001"]');
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 20_000 }).toBe('normal');
    // The operations service stops deriving: the figure is 5 s old, then 15 s, then stale.
    app().live.ops!.kill();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('stale');
    expect(await card.locator('.kpi-state').innerText()).toBe('数据过期');
    // A department's sign, from the simulator, is still fresh.
    expect(await page.locator('[data-testid="kpi-card"][data-indicator="WAT-0001"]').getAttribute('data-state')).not.toBe('stale');
    await page.close();
  });
});
