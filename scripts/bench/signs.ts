/**
 * bench:signs: the vital signs on the one-screen wall, in headless Chromium.
 *   npm run bench:signs [-- --seconds 30 --broker aedes|mosquitto]
 *
 * Runs the stack as `npm start` does: the simulator publishes the 5,200 sensors at their
 * intervals and the departments' 3,000-odd signs at their cadences (11,000 series with the
 * districts'), and the operations service derives the live-feed signs every 5 s. The wall is
 * opened on a theme, and for `seconds` the page's own timeline is read:
 *   - main-thread time spent applying sign batches, the cards and charts redrawn included
 *     (the `signs-apply` measures), per second: the target is under 4 ms/s;
 *   - renders of the wall's React components in that time (the charts redraw without any);
 *   - the longest main-thread task (PerformanceObserver longtask).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../serve.ts';
import { startLiveStack } from '../live/stack.ts';
import type { BrokerName } from '../live/brokers.ts';
import { launchBrowser, waitForCity, watchPage } from '../harness/browser.ts';
import { opsApi } from '../ops/http.ts';
import { PERF_MARKS } from '../../src/perf/marks.ts';

const root = join(import.meta.dirname, '..', '..');
const { values: v } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, broker: { type: 'string', default: 'aedes' }, theme: { type: 'string', default: 'water' } } });
if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
const seconds = Number(v.seconds);

const live = await startLiveStack({ broker: v.broker as BrokerName, ops: {} });
const server = await startServer({ runtimeConfig: { mqttUrl: live.broker.wsUrl }, api: opsApi(live.ops!, live.usersDir) });
const browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
try {
  const page = await browser.context.newPage();
  const watch = await watchPage(browser.context, page, [new URL(server.url).origin, new URL(live.broker.wsUrl.replace(/^ws/, 'http')).origin]);
  await page.addInitScript(`
    window.__longest = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask', buffered: true });
  `);
  await page.goto(`${server.url}?screen=wall#theme=${v.theme}`);
  await waitForCity(page);
  await page.waitForFunction(() => (window.cantonTwin?.store?.getState().signs?.version ?? 0) > 2, undefined, { timeout: 60_000 });
  // Let the first burst of retained signs settle, then measure a quiet window of ordinary traffic.
  await page.waitForTimeout(5000);
  const sample = (): Promise<{ applyMs: number; batches: number; renders: number; version: number; received: number; longest: number; at: number }> =>
    page.evaluate(
      `(() => {
        const m = performance.getEntriesByName(${JSON.stringify(PERF_MARKS.signsApply)});
        const s = window.cantonTwin.store.getState();
        return { applyMs: m.reduce((a, e) => a + e.duration, 0), batches: m.length, renders: performance.getEntriesByName(${JSON.stringify(PERF_MARKS.wallRender)}).length, version: s.signs.version, received: s.live.received, longest: window.__longest, at: performance.now() };
      })()`,
    );
  await page.evaluate('window.__longest = 0');
  const a = await sample();
  const signsBefore = live.simulator!.signsPublished() + (live.ops!.signs!.stats().derivedPublished);
  await page.waitForTimeout(seconds * 1000);
  const b = await sample();
  const signsSent = live.simulator!.signsPublished() + live.ops!.signs!.stats().derivedPublished - signsBefore;
  const span = (b.at - a.at) / 1000;
  const catalogue = await page.evaluate('(() => { const t = window.cantonTwin.store.getState().signs; return { indicators: t.catalogue.indicators.length, series: t.series.length }; })()') as { indicators: number; series: number };
  const rows: [string, string][] = [
    ['broker', v.broker!],
    ['indicators (series with the districts\')', `${catalogue.indicators.toLocaleString('en')} (${catalogue.series.toLocaleString('en')})`],
    ['sensors', live.simulator ? '5,200 at their intervals' : '-'],
    ['window', `${span.toFixed(1)} s`],
    ['signs published', `${signsSent.toLocaleString('en')} (${(signsSent / span).toFixed(1)}/s)`],
    ['messages received by the page (signs and sensors)', `${((b.received - a.received) / span).toFixed(0)}/s`],
    ['sign batches applied', `${b.batches - a.batches} (${((b.batches - a.batches) / span).toFixed(2)}/s)`],
    ['main-thread time applying signs, charts and cards included', `${((b.applyMs - a.applyMs) / span).toFixed(2)} ms/s (target < 4 ms/s)`],
    ['mean per batch', `${((b.applyMs - a.applyMs) / Math.max(1, b.batches - a.batches)).toFixed(2)} ms`],
    ['wall React renders in the window', String(b.renders - a.renders)],
    ['longest main-thread task in the window', `${b.longest.toFixed(0)} ms`],
    ['console errors', String(watch.consoleErrors.length)],
  ];
  console.log('\nbench:signs, headless Chromium (SwiftShader): CPU-side figures\n');
  for (const [k, val] of rows) console.log(`  ${k.padEnd(60)} ${val}`);
} finally {
  await browser.close();
  await live.stop();
  await server.close();
}
