import { describe, expect, it } from 'vitest';
import { pixelDifference, renderedFrame, waitForBuildings, waitForCity } from '../../scripts/harness/browser.ts';
import { saveArtifact, storeState, appPerFile } from '../harness/app.ts';

const app = appPerFile();

describe('the city model in Chromium', () => {
  it('streams the default tileset compressed, and picks Canton Tower where it stands', async () => {
    // Straight down on Canton Tower's true position, 900 m above its top.
    const { page, watch } = await app().open('#cam=113.3186,23.1089,1500,0,-90&layers=districts,water,buildings');
    const encodings = new Set<string>();
    page.on('response', (res) => {
      if (res.url().endsWith('.glb')) encodings.add(res.headers()['content-encoding'] ?? 'identity');
    });
    await waitForCity(page);
    const firstView = await waitForBuildings(page);
    console.log(`buildings: first view loaded ${firstView.toFixed(0)} ms after navigation start`);
    expect(encodings).toEqual(new Set(['gzip']));

    const box = (await page.locator('.city-scene canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => storeState(page, (s) => s.selection?.featureId)).toBe('canton-tower');
    expect(await page.getByTestId('info-title').innerText()).toContain('广州塔');
    expect(await page.getByTestId('info-panel').innerText()).toContain('600.0 m');
    expect(watch.offOrigin).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('recolours the buildings when the style changes, and filters them by height', async () => {
    const { page, watch } = await app().open('#cam=113.345,23.075,2500,-30,-25&layers=districts,water,buildings');
    await waitForCity(page);
    await waitForBuildings(page);
    const byHeight = await page.screenshot();
    saveArtifact('buildings-by-height.png', byHeight);

    await page.locator('[data-color-by="use"]').click();
    await renderedFrame(page);
    await waitForBuildings(page);
    const byUse = await page.screenshot();
    saveArtifact('buildings-by-use.png', byUse);
    expect(pixelDifference(byHeight, byUse)).toBeGreaterThan(1);
    expect(await page.getByTestId('building-legend').innerText()).toContain('住宅');

    await page.getByTestId('height-min').fill('300');
    await renderedFrame(page);
    const tallOnly = await page.screenshot();
    saveArtifact('buildings-over-300m.png', tallOnly);
    expect(pixelDifference(byUse, tallOnly)).toBeGreaterThan(1);
    expect(await storeState(page, (s) => s.buildingStyle.minHeight)).toBe(300);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
