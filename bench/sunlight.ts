/**
 * `npm run bench:sunlight`: sunlight hours over one home's facade grid (about 500 points, one row
 * a storey) on 大寒日, 96 steps of 5 minutes, against the default city's buildings around it.
 *
 * In Node, in one run: the engine (rays walked through the prisms' grid index) against the naive
 * ray test of every building in the same site, with their answers compared point by point and step
 * by step. Then in headless Chromium on the built app: the time from the planner's ask to the
 * answer from the analysis worker (footprints fetch, site, rays, reply), cold and warm.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeBuildings } from '../src/analysis/buildingsFormat.ts';
import { decodeFootprints } from '../src/analysis/footprintsFormat.ts';
import { LocalFrame } from '../src/domains/planner/prisms.ts';
import { runPlannerJob, shadowReachM } from '../src/domains/planner/plannerJobs.ts';
import { buildSite, footprintRings } from '../src/domains/planner/site.ts';
import { facadeGrid, sunlitSteps, sunSteps, SUNLIGHT_RULES } from '../src/domains/planner/sunlightHours.ts';
import { DEFAULT_SUNLIGHT } from '../src/domains/planner/sunlightReport.ts';
import { launchBrowser, waitForCity } from '../scripts/harness/browser.ts';
import { startServer } from '../server/web/serve.ts';
import { median } from './median.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, browser: { type: 'string', default: 'true' } } });
const root = join(import.meta.dirname, '..');
const tiles = join(root, 'tiles', 'guangzhou');
if (!existsSync(join(tiles, 'footprints.bin'))) throw new Error('tiles/guangzhou/footprints.bin is missing: run `npm run tiles` first');
const rows = decodeBuildings(readFileSync(join(tiles, 'buildings.bin')));
const footprints = decodeFootprints(readFileSync(join(tiles, 'footprints.bin')));
const rule = SUNLIGHT_RULES[0]!;
const YEAR = 2027;

// The home nearest Tianhe Sports Centre whose facade grid has 450–550 points.
const near = new LocalFrame(113.324, 23.137);
const homes = Array.from({ length: rows.count }, (_, b) => b)
  .filter((b) => rows.use[b] === 0)
  .map((b) => ({ b, d: Math.hypot(near.x(rows.lonLat[2 * b]!), near.y(rows.lonLat[2 * b + 1]!)) }))
  .toSorted((x, y) => x.d - y.d);
const home = homes.find(({ b }) => {
  const ring = footprintRings(footprints, near, b)[0];
  const n = ring ? facadeGrid(ring, rows.height[b]!, DEFAULT_SUNLIGHT.spacingM).points.count : 0;
  return n >= 450 && n <= 550;
})?.b;
if (home === undefined) throw new Error('no home with a facade grid of 450–550 points');
const id = rows.id(home);
const lon = rows.lonLat[2 * home]!;
const lat = rows.lonLat[2 * home + 1]!;
const reach = shadowReachM(rows, { proposed: [], demolished: [] }, lon, lat, rule, YEAR);
const site = buildSite(rows, footprints, { lon, lat, radiusM: reach, proposed: [], demolished: new Set() });
const prism = site.set.prisms[site.ids.indexOf(id)]!;
const { points } = facadeGrid(prism.rings[0]!, prism.height, DEFAULT_SUNLIGHT.spacingM);
const sun = sunSteps(rule, lat, YEAR, DEFAULT_SUNLIGHT.stepMinutes);
console.log(`home ${id}: ${rows.height[home]!.toFixed(0)} m, ${points.count} facade points × ${sun.count} steps = ${(points.count * sun.count).toLocaleString('en')} rays; ${site.set.prisms.length.toLocaleString('en')} buildings within ${reach.toFixed(0)} m`);

const time = <T>(f: () => T): { ms: number; value: T } => {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
};
// Warm the JIT, then the best of three for the engine; the naive test once (it takes long).
sunlitSteps(site.set, { ...points, count: 20 }, sun);
let engine: { ms: number; value: Uint32Array } = { ms: Infinity, value: new Uint32Array() };
for (let r = 0; r < 3; r++) {
  site.set.tests = 0;
  const t = time(() => sunlitSteps(site.set, points, sun));
  if (t.ms < engine.ms) engine = t;
}
const engineTests = site.set.tests;
site.set.tests = 0;
const naive = time(() => sunlitSteps(site.set, points, sun, undefined, true));
const same = engine.value.length === naive.value.length && engine.value.every((v, i) => v === naive.value[i]);
console.log(`engine (grid index): ${engine.ms.toFixed(1)} ms, ${(engineTests / (points.count * sun.count)).toFixed(1)} prism tests per ray`);
console.log(`naive (every building): ${naive.ms.toFixed(1)} ms, ${(site.set.tests / (points.count * sun.count)).toFixed(0)} prism tests per ray`);
console.log(`ratio: ${(naive.ms / engine.ms).toFixed(0)}× faster; answers ${same ? 'identical' : 'DIFFERENT'} (${points.count} points × ${sun.count} steps)`);
const job = time(() => runPlannerJob(rows, footprints, { proposed: [], demolished: [] }, { kind: 'sunBuilding', buildingId: id, rule: rule.id, year: YEAR, state: 'proposed' }));
console.log(`whole job in Node (site of ${reach.toFixed(0)} m + rays): ${job.ms.toFixed(1)} ms`);
if (!same) process.exitCode = 1;

if (values.browser === 'true') {
  if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}#cam=${lon},${lat - 0.004},600,0,-35&layers=districts,water,buildings`);
    await waitForCity(page);
    // The analysis worker has its buildings once the grid statistics are in.
    await page.waitForFunction(() => window.cantonTwin!.store!.getState().gridStats !== null, undefined, { timeout: 120_000 });
    // Plain script text: tsx would wrap a named function in a helper the page does not have.
    const askScript = `(async (buildingId) => {
      const store = window.cantonTwin.store;
      store.getState().setProposals({ ask: null });
      const t0 = performance.now();
      store.getState().setProposals({ ask: { kind: 'sunBuilding', buildingId } });
      for (;;) {
        const p = store.getState().proposals;
        if (!p.busy && p.answer?.kind === 'sunBuilding' && p.answered === p.ask) return performance.now() - t0;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })(${JSON.stringify(id)})`;
    const ask = (): Promise<number> => page.evaluate(askScript) as Promise<number>;
    const cold = await ask();
    const warm: number[] = [];
    for (let r = 0; r < Number(values.runs); r++) warm.push(await ask());
    console.log(`Chromium, ask → answer through the analysis worker: cold ${cold.toFixed(0)} ms (footprints.bin fetched and decoded), warm median ${median(warm).toFixed(0)} ms over ${warm.length} (target under 1 s)`);
  } finally {
    await browser.close();
    await server.close();
  }
}
