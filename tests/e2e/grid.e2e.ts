import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBuildings } from '../../src/analysis/buildingsFormat.ts';
import { CityAnalysis } from '../../src/analysis/cityAnalysis.ts';
import { decodeGrid } from '../../src/analysis/gridFormat.ts';
import { pixelDifference, renderedFrame, waitForCity } from '../../scripts/harness/browser.ts';
import { saveArtifact, storeState, appPerFile } from '../harness/app.ts';
import { PERF_MARKS } from '../../src/perf/marks.ts';

const root = join(import.meta.dirname, '..', '..');
/** Tianhe, just north of the Zhujiang New Town CBD: a dense cell. */
const PROBE = { lon: 113.3305, lat: 23.1318 };

const app = appPerFile();
let engine: CityAnalysis;
beforeAll(() => {
  // The engine, in Node, on the very files the browser is served.
  engine = new CityAnalysis(
    decodeGrid(new Uint8Array(readFileSync(join(root, 'dist/cities/guangzhou/generated/grid.bin')))),
    decodeBuildings(new Uint8Array(readFileSync(join(root, 'tiles/guangzhou/buildings.bin')))),
  );
});

describe('the management grid in Chromium', () => {
  it('draws all 18,649 cells, and a tapped cell shows the id and counts the engine gives', async () => {
    const { page, watch } = await app().open(`#cam=${PROBE.lon},${PROBE.lat},6000,0,-90&layers=districts,grid`);
    await waitForCity(page);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, PERF_MARKS.gridReady, { timeout: 120_000 });
    const timing = await page.evaluate((marks) => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { ready: performance.getEntriesByName(marks.gridReady)[0]!.startTime, load: nav.loadEventEnd, data: performance.getEntriesByName(marks.gridData)[0]!.startTime };
    }, PERF_MARKS);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, PERF_MARKS.gridStats, { timeout: 120_000 });
    const statsAt = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, PERF_MARKS.gridStats);
    console.log(
      `grid: data in the page at ${timing.data.toFixed(0)} ms, layer shown at ${timing.ready.toFixed(0)} ms ` +
        `(${(timing.ready - timing.load).toFixed(0)} ms after the load event), statistics drawn at ${statsAt.toFixed(0)} ms`,
    );
    expect(await storeState(page, (s) => {
      const l = s.layerLoad.grid;
      return l?.state === 'ready' && l.data.kind === 'grid' ? l.data.loaded.cellCount : -1;
    })).toBe(18_649);

    const box = (await page.locator('.city-scene canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const cell = engine.index.cellAt(PROBE.lon, PROBE.lat);
    const expected = engine.cellDetails(cell);
    await expect.poll(() => storeState(page, (s) => s.selection?.featureId)).toBe(expected.id);
    const info = page.getByTestId('info-panel');
    await expect.poll(() => info.innerText()).toContain(expected.id);
    expect(expected.buildingCount).toBeGreaterThan(0);
    expect(await info.innerText()).toContain(expected.buildingCount.toLocaleString('zh-CN'));
    await page.getByTestId('cell-buildings').waitFor();
    expect(await page.getByTestId('cell-buildings').innerText()).toContain(expected.buildings[0]!.id);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('recolours the cells when the choropleth statistic changes', async () => {
    const { page, watch } = await app().open('#cam=113.30,23.02,30000,0,-60&layers=districts,water,grid');
    await waitForCity(page);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, PERF_MARKS.gridStats, { timeout: 120_000 });
    await renderedFrame(page);
    const byCount = await page.screenshot();
    saveArtifact('grid-by-buildings.png', byCount);
    await page.locator('[data-metric="floorArea"]').click();
    await renderedFrame(page);
    const byArea = await page.screenshot();
    saveArtifact('grid-by-floor-area.png', byArea);
    expect(pixelDifference(byCount, byArea)).toBeGreaterThan(1);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
