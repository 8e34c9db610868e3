/**
 * `npm run bench:grid`: point → cell on the default 18,649-cell grid, 1,000,000 random points
 * over its extent. Prints points per second for the engine (raster + exact fallback) and, in the
 * same run, for a naive loop of Turf booleanPointInPolygon over all cells (timed on a sample and
 * extrapolated, as it would take hours), and the ratio.
 *
 * Then, in headless Chromium on the built app (`--loads N` cold starts, `--loads 0` to skip):
 * how long after the page's load event the grid layer is on screen, and, as the baseline in the
 * same browser, how long the Cesium Entity API takes to show the same cells (one polygon entity
 * per cell).
 */
import * as turf from '@turf/turf';
import { parseArgs } from 'node:util';
import { buildDistricts } from '../scripts/basemap/districts.ts';
import { GRID_SEED, readEchartsGuangzhou } from '../scripts/build-data.ts';
import { mulberry32 } from '../scripts/city/random.ts';
import { generateGrid, GUANGZHOU_GRID_CELLS } from '../scripts/grid/generateGrid.ts';
import { decodeGrid, encodeGrid } from '../src/analysis/gridFormat.ts';
import { GridIndex } from '../src/analysis/gridIndex.ts';
import { cellGeometry } from '../src/analysis/gridMesh.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../server/web/serve.ts';
import { median } from './median.ts';
import type { Page } from 'playwright-core';
import { launchBrowser, watchPage, type BrowserSession } from '../scripts/harness/browser.ts';
import { PERF_MARKS } from '../src/perf/marks.ts';

const { values } = parseArgs({
  options: { points: { type: 'string', default: '1000000' }, naive: { type: 'string', default: '300' }, loads: { type: 'string', default: '5' }, entities: { type: 'string', default: 'true' } },
});
const N = Number(values.points);
const SAMPLE = Number(values.naive);

const bytes = encodeGrid(generateGrid(buildDistricts(readEchartsGuangzhou()), { count: GUANGZHOU_GRID_CELLS, seed: GRID_SEED }));
const grid = decodeGrid(bytes);
let t0 = performance.now();
const index = new GridIndex(grid);
const buildMs = performance.now() - t0;

const rnd = mulberry32(1);
const [w, s, e, n] = index.extent;
const points = new Float64Array(2 * N);
for (let i = 0; i < N; i++) {
  points[2 * i] = w + (e - w) * rnd();
  points[2 * i + 1] = s + (n - s) * rnd();
}

// Warm up the JIT on a slice, then time the whole batch; best of three.
index.cellsAt(points.subarray(0, 20_000));
const out = new Int32Array(N);
let best = Infinity;
for (let round = 0; round < 3; round++) {
  t0 = performance.now();
  index.cellsAt(points, out);
  best = Math.min(best, performance.now() - t0);
}
const enginePerSecond = N / (best / 1000);
let inside = 0;
for (const c of out) if (c >= 0) inside++;

const features = Array.from({ length: index.cellCount }, (_, c) => turf.feature(cellGeometry(grid, c)));
t0 = performance.now();
let agree = 0;
for (let i = 0; i < SAMPLE; i++) {
  const p = [points[2 * i]!, points[2 * i + 1]!];
  let found = -1;
  for (let c = 0; c < features.length; c++) {
    if (turf.booleanPointInPolygon(p, features[c]!)) {
      found = c;
      break;
    }
  }
  if (found === out[i]) agree++;
}
const naivePerSecond = SAMPLE / ((performance.now() - t0) / 1000);

console.log('bench:grid');
console.log(`  grid              ${index.cellCount.toLocaleString('en')} cells, grid.bin ${(bytes.byteLength / 1024).toFixed(0)} KB`);
console.log(`  index build       ${buildMs.toFixed(0)} ms, raster + edge lists ${(index.rasterBytes / 2 ** 20).toFixed(1)} MiB, ${(index.edgeShare * 100).toFixed(1)} % edge pixels`);
console.log(`  engine            ${N.toLocaleString('en')} points in ${best.toFixed(0)} ms = ${(enginePerSecond / 1e6).toFixed(2)} M points/s (${((inside / N) * 100).toFixed(0)} % inside the city)`);
console.log(`  naive Turf loop   ${SAMPLE} points sampled = ${naivePerSecond.toFixed(0)} points/s (would take ${(N / naivePerSecond / 60).toFixed(0)} min for ${N.toLocaleString('en')}); agrees with the engine on ${agree}/${SAMPLE}`);
console.log(`  ratio             ${Math.round(enginePerSecond / naivePerSecond).toLocaleString('en')} × the naive loop`);
console.log(`  target            ≥ 3,000,000 points/s and ≥ 3,000 ×: ${enginePerSecond >= 3e6 && enginePerSecond / naivePerSecond >= 3000 ? 'met' : 'NOT met'}`);

const LOADS = Number(values.loads);
const verdict = (xs: number[]): string => (Math.max(...xs) <= 3000 ? 'met on every load' : median(xs) <= 3000 ? 'met at the median, not on every load' : 'NOT met');
if (LOADS > 0) {
  if (!existsSync(join(import.meta.dirname, '..', 'dist', 'index.html'))) throw new Error('dist/ is missing: run "npm run build" first');
  // A broker nobody answers on: these benchmarks measure the scene, not the feed.
  const server = await startServer({ runtimeConfig: { mqttUrl: 'ws://127.0.0.1:9/mqtt' } });
  const path = '#cam=113.3305,23.1318,6000,0,-90&layers=districts,grid';
  /** Opens the grid view in a new page and reads its marks once the grid is on screen. */
  const openGrid = async (browser: BrowserSession): Promise<{ page: Page; load: number; data: number; ready: number }> => {
    const page = await browser.context.newPage();
    await watchPage(browser.context, page, [new URL(server.url).origin]);
    await page.goto(server.url + path);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, PERF_MARKS.gridReady, { timeout: 120_000 });
    // No named functions inside: tsx would wrap them in a helper the page lacks.
    const t = await page.evaluate((marks) => ({
      load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      data: performance.getEntriesByName(marks.gridData)[0]!.startTime,
      ready: performance.getEntriesByName(marks.gridReady)[0]!.startTime,
    }), PERF_MARKS);
    return { page, ...t };
  };
  try {
    console.log('browser (headless Chromium, SwiftShader software WebGL): each round a fresh browser (cold: no HTTP cache, no compiled shaders), then a second visit in it (warm)');
    const cold: number[] = [];
    const warm: number[] = [];
    for (let k = 0; k < LOADS; k++) {
      const browser = await launchBrowser();
      try {
        const first = await openGrid(browser);
        cold.push(first.ready - first.load);
        if (k === 0 && values.entities === 'true') await entityBaseline(first.page, first.ready - first.data);
        await first.page.close();
        const second = await openGrid(browser);
        warm.push(second.ready - second.load);
        console.log(
          `  round ${k + 1}: cold: load event ${first.load.toFixed(0)} ms, grid data in the page ${first.data.toFixed(0)} ms, grid on screen ${first.ready.toFixed(0)} ms = ${(first.ready - first.load).toFixed(0)} ms after the load event; ` +
            `warm: ${(second.ready - second.load).toFixed(0)} ms after it`,
        );
      } finally {
        await browser.close();
      }
    }
    console.log(`  grid layer ready after the load event, cold: median ${median(cold).toFixed(0)} ms, max ${Math.max(...cold).toFixed(0)} ms over ${LOADS} loads → target ≤ 3,000 ms ${verdict(cold)}`);
    console.log(`  grid layer ready after the load event, warm: median ${median(warm).toFixed(0)} ms, max ${Math.max(...warm).toFixed(0)} ms over ${LOADS} loads → target ≤ 3,000 ms ${verdict(warm)}`);
  } finally {
    await server.close();
  }
}

/**
 * The same cells as polygon entities, one per cell, in the page that just drew the grid: the
 * Cesium Entity API batches them in its own workers and shows them when all are ready.
 */
async function entityBaseline(page: Page, gridMs: number): Promise<void> {
  const limitMs = 300_000;
  const timing = await page.evaluate(async (limit) => {
    interface Viewer {
      camera: { position: { constructor: { fromDegreesArrayHeights(a: number[]): unknown[] } } };
      scene: { backgroundColor: { constructor: { fromCssColorString(s: string): { withAlpha(a: number): unknown } } }; requestRender(): void };
      entities: { suspendEvents(): void; resumeEvents(): void; add(e: object): unknown };
      dataSourceDisplay: { update(time: unknown): boolean };
      clock: { currentTime: unknown };
    }
    const ct = (window as unknown as { cantonTwin: { viewer: Viewer; store: { getState(): { layerLoad: { grid: { data: { loaded: { grid: { cellRingStart: Uint32Array; ringPointStart: Uint32Array; coords: Float64Array } } } } } } } } }).cantonTwin;
    const viewer = ct.viewer;
    const cells = ct.store.getState().layerLoad.grid.data.loaded.grid;
    // Cesium's classes, reached through objects the page already has: the app does not export them.
    const Cartesian3 = viewer.camera.position.constructor;
    const fill = viewer.scene.backgroundColor.constructor.fromCssColorString('#fd8d3c').withAlpha(0.8);
    const start = performance.now();
    viewer.entities.suspendEvents();
    for (let c = 0; c + 1 < cells.cellRingStart.length; c++) {
      const outer = cells.cellRingStart[c]!;
      const ring: number[] = [];
      for (let p = cells.ringPointStart[outer]!; p < cells.ringPointStart[outer + 1]!; p++) ring.push(cells.coords[2 * p]!, cells.coords[2 * p + 1]!, 30);
      viewer.entities.add({ polygon: { hierarchy: Cartesian3.fromDegreesArrayHeights(ring), material: fill, perPositionHeight: true } });
    }
    viewer.entities.resumeEvents();
    const created = performance.now() - start;
    for (;;) {
      viewer.scene.requestRender();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // True once every entity's geometry is batched and ready to draw (the display's `ready` flag
      // stays true from the empty start, so it cannot tell).
      if (viewer.dataSourceDisplay.update(viewer.clock.currentTime)) return { created, shown: performance.now() - start };
      if (performance.now() - start > limit) return { created, shown: null };
    }
  }, limitMs);
  const shown = timing.shown === null ? `not shown within ${limitMs / 1000} s` : `${timing.shown.toFixed(0)} ms`;
  console.log(`  baseline, Cesium Entity API, same cells as 18,649 polygon entities in the same page: created in ${timing.created.toFixed(0)} ms on the main thread, all ready to draw after ${shown}`);
  if (timing.shown !== null) console.log(`  ratio: data in the page → on screen, grid layer ${gridMs.toFixed(0)} ms vs entities ${timing.shown.toFixed(0)} ms = ${(timing.shown / gridMs).toFixed(1)}× (the layer's time includes compiling its shader)`);
}
