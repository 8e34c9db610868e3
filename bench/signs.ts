/**
 * bench:signs: the vital signs on the one-screen wall, in headless Chromium.
 *   npm run bench:signs [-- --seconds 30 --broker aedes|mosquitto]
 *
 * Runs the stack as `npm start` does: the simulator publishes the 5,200 sensors at their
 * intervals and the departments' 3,000-odd signs at their cadences (11,000 series with the
 * districts'), and the operations service derives the live-feed signs every 5 s. The wall is
 * opened on a theme, and for `seconds` the page's own timeline is read:
 *   - main-thread time spent applying sign batches and on the cards' and charts' once-a-second
 *     passes (staleness), redraws included (the `signs-apply` measures), per second: the target
 *     is under 4 ms/s;
 *   - renders of the wall's React components in that time (the charts redraw without any);
 *   - the longest main-thread task (PerformanceObserver longtask);
 * then a river gauge's chart, the hand-drawn SVG the app keeps against the same chart in ECharts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../server/web/serve.ts';
import { startLiveStack } from '../scripts/live/stack.ts';
import type { BrokerName } from '../server/mqtt/brokers.ts';
import { launchBrowser, waitForCity, watchPage } from '../scripts/harness/browser.ts';
import { opsApi } from '../server/ops/http.ts';
import { PERF_MARKS } from '../src/perf/marks.ts';

const root = join(import.meta.dirname, '..');
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
  const signsBefore = live.simulator!.signsPublished() + (live.ops!.parts.signs!.stats().derivedPublished);
  await page.waitForTimeout(seconds * 1000);
  const b = await sample();
  const signsSent = live.simulator!.signsPublished() + live.ops!.parts.signs!.stats().derivedPublished - signsBefore;
  const span = (b.at - a.at) / 1000;
  const catalogue = await page.evaluate('(() => { const t = window.cantonTwin.store.getState().signs; return { indicators: t.catalogue.indicators.length, series: t.series.length }; })()') as { indicators: number; series: number };
  const rows: [string, string][] = [
    ['broker', v.broker!],
    ['indicators (series with the districts\')', `${catalogue.indicators.toLocaleString('en')} (${catalogue.series.toLocaleString('en')})`],
    ['sensors', live.simulator ? '5,200 at their intervals' : '-'],
    ['window', `${span.toFixed(1)} s`],
    ['signs published', `${signsSent.toLocaleString('en')} (${(signsSent / span).toFixed(1)}/s)`],
    ['messages received by the page (signs and sensors)', `${((b.received - a.received) / span).toFixed(0)}/s`],
    ['passes: sign batches, and the cards\' and charts\' 1 s ticks', `${b.batches - a.batches} (${((b.batches - a.batches) / span).toFixed(2)}/s)`],
    ['main-thread time applying signs, charts and cards included', `${((b.applyMs - a.applyMs) / span).toFixed(2)} ms/s (target < 4 ms/s)`],
    ['mean per pass', `${((b.applyMs - a.applyMs) / Math.max(1, b.batches - a.batches)).toFixed(2)} ms`],
    ['wall React renders in the window', String(b.renders - a.renders)],
    ['longest main-thread task in the window', `${b.longest.toFixed(0)} ms`],
    ['console errors', String(watch.consoleErrors.length)],
  ];
  // The river gauge's chart: the hand-drawn SVG the app keeps against the same chart in ECharts
  // (line, rain bars, two threshold lines), on a blank page of its own, for 120 and 720 points
  // (20 minutes and 2 hours of 10 s readings): main-thread time per redraw. The SVG's paint
  // comes after and is not counted; ECharts draws its canvas inside setOption.
  const bare = await browser.context.newPage();
  await bare.setContent('<div id="box" style="width:320px;height:150px"></div>');
  await bare.addScriptTag({ path: join(root, 'node_modules/echarts/dist/echarts.min.js') });
  for (const n of [120, 720]) {
    const r = (await bare.evaluate(`(() => {
      const n = ${n}, rounds = 20, t0 = Date.now() - n * 10000;
      const line = Array.from({ length: n }, (_, k) => [t0 + k * 10000, 1 + Math.sin(k / 30)]);
      const bars = Array.from({ length: n }, (_, k) => [t0 + k * 10000, 5 + 5 * Math.cos(k / 20)]);
      const box = document.getElementById('box');
      const svg = () => {
        let d = '', rects = '';
        for (let k = 0; k < n; k++) {
          const x = 34 + (k / n) * 256;
          d += (k ? 'L' : 'M') + x.toFixed(1) + ',' + (130 - line[k][1] * 40).toFixed(1);
          rects += '<rect x="' + (x - 1.5).toFixed(1) + '" width="3" y="' + (130 - bars[k][1] * 4).toFixed(1) + '" height="' + (bars[k][1] * 4).toFixed(1) + '"/>';
        }
        box.innerHTML = '<svg viewBox="0 0 320 150">' + rects + '<line x1="34" x2="290" y1="60" y2="60"/><line x1="34" x2="290" y1="40" y2="40"/><path d="' + d + '" fill="none" stroke="#38bdf8"/></svg>';
        box.getBoundingClientRect();
      };
      let a = performance.now();
      for (let r = 0; r < rounds; r++) svg();
      const svgMs = (performance.now() - a) / rounds;
      const ech = (renderer) => {
        box.innerHTML = '';
        const c = echarts.init(box, null, { renderer });
        const option = () => ({ animation: false, grid: { left: 6, right: 34, top: 10, bottom: 4, containLabel: true }, xAxis: { type: 'time' }, yAxis: [{ type: 'value', min: 0 }, { type: 'value', min: 0, show: false }],
          series: [{ type: 'bar', yAxisIndex: 1, barMaxWidth: 3, data: bars }, { type: 'line', showSymbol: false, data: line.map(([t, v]) => [t, v + Math.random() * 0.01]), markLine: { symbol: 'none', data: [{ yAxis: 2.2 }, { yAxis: 2.8 }] } }] });
        c.setOption(option());
        const b = performance.now();
        for (let r = 0; r < rounds; r++) c.setOption(option());
        const ms = (performance.now() - b) / rounds;
        c.dispose();
        return ms;
      };
      return { svgMs, echartsMs: ech('svg'), canvasMs: ech('canvas') };
    })()`)) as { svgMs: number; echartsMs: number; canvasMs: number };
    rows.push([`gauge chart redraw, ${n} points: SVG (kept) vs ECharts svg | canvas`, `${r.svgMs.toFixed(2)} ms vs ${r.echartsMs.toFixed(2)} | ${r.canvasMs.toFixed(2)} ms (ECharts ${(r.echartsMs / r.svgMs).toFixed(1)}× | ${(r.canvasMs / r.svgMs).toFixed(1)}× the SVG)`]);
  }
  await bare.close();
  console.log('\nbench:signs, headless Chromium (SwiftShader): CPU-side figures\n');
  for (const [k, val] of rows) console.log(`  ${k.padEnd(66)} ${val}`);
} finally {
  await browser.close();
  await live.stop();
  await server.close();
}
