/**
 * The look in Chromium, with motion on (the other browser tests ask for less): the first load
 * flies in to the home view; the dark look's buildings are lit by their shader and the day look's
 * by the sun, with shadows, and the link keeps the look; the districts are borders until their
 * fills are asked for, and still take a tap; figures count up and end on their value.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { pixelDifference, renderedFrame, waitForBuildings, waitForCity } from '../../scripts/harness/browser.ts';
import { appPerFile, saveArtifact, storeState } from '../harness/app.ts';

const app = appPerFile({ reducedMotion: 'no-preference' });

/** Mean luminance (0–255) of a strip of the sky, between the title and the top bar's buttons. */
function skyLuminance(png: Buffer): number {
  const { width, data } = PNG.sync.read(png);
  let sum = 0;
  let n = 0;
  for (let y = 2; y < 10; y++) {
    for (let x = 240; x < 780; x++) {
      const i = 4 * (y * width + x);
      sum += 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
      n++;
    }
  }
  return sum / n;
}

describe('the look', () => {
  it('flies in on a first visit and settles at the home view; a shared link opens where it points', async () => {
    const { page, watch } = await app().open('');
    await page.waitForFunction(() => performance.getEntriesByName('canton-twin:fly-in-done').length === 1, undefined, { timeout: 30_000 });
    const home = await storeState(page, (s) => s.city!.home);
    const camera = await page.evaluate(() => {
      const c = window.cantonTwin!.viewer!.camera;
      return { height: c.positionCartographic.height, pitch: (c.pitch * 180) / Math.PI };
    });
    expect(camera.height).toBeCloseTo(home.height, -1);
    expect(camera.pitch).toBeCloseTo(home.pitch, 0);
    await page.close();

    const shared = await app().open('#cam=113.3,23.1,5000,0,-60');
    await waitForCity(shared.page);
    expect(await shared.page.evaluate(() => performance.getEntriesByName('canton-twin:fly-in-done').length)).toBe(0);
    expect(watch.consoleErrors).toEqual([]);
    await shared.page.close();
  });

  it('lights the buildings by shader in the dark look and by the sun by day, and keeps the look in the link', async () => {
    const { page, watch } = await app().open('#cam=113.3265,23.1105,900,-30,-20&layers=districts,water,buildings');
    await waitForCity(page);
    await waitForBuildings(page);
    const tileset = () =>
      page.evaluate(() => {
        const { primitives } = window.cantonTwin!.viewer!.scene;
        const found: { shader: boolean; blend: number }[] = [];
        const visit = (c: { length?: number; get?: (i: number) => unknown }): void => {
          for (let i = 0; i < (c.length ?? 0); i++) {
            const p = c.get!(i) as { customShader?: unknown; colorBlendMode?: number; length?: number };
            if ('colorBlendMode' in p) found.push({ shader: p.customShader !== undefined, blend: p.colorBlendMode! });
            else if (p.length !== undefined) visit(p as never);
          }
        };
        visit(primitives as never);
        return { tilesets: found, shadows: window.cantonTwin!.viewer!.shadows, look: document.documentElement.dataset.look };
      });
    // Cesium3DTileColorBlendMode: HIGHLIGHT 0, REPLACE 1.
    expect(await tileset()).toEqual({ tilesets: [{ shader: true, blend: 1 }], shadows: false, look: 'dark' });
    const dark = await page.screenshot();
    saveArtifact('look-dark.png', dark);
    expect(await page.getByTestId('building-legend').locator('.swatch').first().evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(242, 252, 255)');

    await page.getByTestId('look-switch').click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('look=day');
    expect(await tileset()).toEqual({ tilesets: [{ shader: false, blend: 0 }], shadows: true, look: 'day' });
    await renderedFrame(page);
    await waitForBuildings(page);
    const day = await page.screenshot();
    saveArtifact('look-day.png', day);
    expect(await page.getByTestId('building-legend').locator('.swatch').first().evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 77, 79)');
    // The day's sky is light, the night's dark.
    const [darkL, dayL] = [skyLuminance(dark), skyLuminance(day)];
    console.log(`sky luminance: dark look ${darkL.toFixed(0)}, day look ${dayL.toFixed(0)}`);
    expect(darkL).toBeLessThan(30);
    expect(dayL).toBeGreaterThan(150);

    // The link brings the look with it.
    const link = await page.evaluate(() => window.location.href);
    const again = await app().open(new URL(link).hash);
    await waitForCity(again.page);
    expect(await storeState(again.page, (s) => s.look)).toBe('day');
    await again.page.close();

    await page.getByTestId('look-switch').click();
    await expect.poll(() => tileset()).toEqual({ tilesets: [{ shader: true, blend: 1 }], shadows: false, look: 'dark' });
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('draws the districts as borders until their fills are asked for, and a tap still picks one', async () => {
    const { page, watch } = await app().open('#cam=113.32,23.08,20000,0,-90&layers=districts');
    await waitForCity(page);
    await renderedFrame(page);
    const borders = await page.screenshot();
    await page.getByTestId('district-fills').click();
    await renderedFrame(page);
    const filled = await page.screenshot();
    saveArtifact('look-district-fills.png', filled);
    expect(pixelDifference(borders, filled)).toBeGreaterThan(3);
    await page.getByTestId('district-outlines').click();
    await renderedFrame(page);
    expect(pixelDifference(borders, await page.screenshot())).toBeLessThan(0.5);

    // Haizhu, with its fill standing back.
    const box = (await page.locator('.city-scene canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => storeState(page, (s) => s.selection?.featureId)).toBe('440105');
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('counts a figure up from zero to its value', async () => {
    // Every text the first figure of the area query shows, recorded from the page's start.
    await app().browser.context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { figureTexts: string[] }).figureTexts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="query-result"] .figure-shown')?.textContent ?? null;
        if (text !== null && text !== seen.at(-1)) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const area = 'a:113.318,23.118_113.332,23.118_113.332,23.128_113.318,23.128';
    const { page, watch } = await app().open(`#cam=113.325,23.123,3000,0,-90&layers=districts,water,buildings&draw=${area}`);
    await waitForCity(page);
    await page.getByTestId('planner-switch').click();
    const final = page.getByTestId('query-buildings');
    await final.waitFor({ state: 'attached', timeout: 60_000 });
    const recorded = () => page.evaluate(() => (window as unknown as { figureTexts: string[] }).figureTexts);
    const settled = await final.innerText();
    await expect.poll(async () => (await recorded()).at(-1), { timeout: 5000 }).toBe(settled);
    const values = (await recorded()).map((t) => Number(t.replace(/,/g, '')));
    console.log(`count-up: ${values.length} figures drawn on the way to ${settled}`);
    expect(values[0]).toBe(0);
    expect(values.length).toBeGreaterThan(2);
    expect(values.every((v, i) => i === 0 || v >= values[i - 1]!)).toBe(true);
    expect(Number(settled.replace(/,/g, ''))).toBeGreaterThan(10);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
