/**
 * `npm run bench:crowd`: the major-events crowds at the default city's scale.
 *
 * 1. In Node: the crowd model decoded; one minute counted by the simulator; one minute estimated
 *    (signalling counts → people per hexagon, cell and venue), median of 20.
 * 2. In headless Chromium on the built app with the embedded stack, New Year's Eve at one scenario
 *    minute a second:
 *    - the main-thread time to recolour the heat layer's 73,062 hexagons each minute, and the
 *      grid's 18,649 cells with the crowd statistic (the layers' own measures), p50 and p95;
 *    - the frame's CPU time (preUpdate → postRender) with the heat updating each minute, against
 *      the same minutes drawn as Cesium Entity API polygons, one per hexagon, recoloured through
 *      their ColorMaterialProperty each minute, in the same page and run. The entities are the
 *      `--entities` most crowded hexagons (default 10,000): the Entity API cannot build all 73,062
 *      in a bench's time on this machine; the ratio is per frame and per hexagon.
 * Frame rates under SwiftShader are relative only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { CrowdEstimator } from '../src/domains/crowd/estimate.ts';
import { decodeCrowdModel } from '../src/domains/crowd/crowdModel.ts';
import { PERF_MARKS } from '../src/perf/marks.ts';
import { launchBrowser, waitForCity } from '../scripts/harness/browser.ts';
import { countMinute } from '../scripts/live/crowd.ts';
import { startLiveStack } from '../scripts/live/stack.ts';
import { startServer } from '../server/web/serve.ts';
import { median } from './median.ts';
import { DEFAULT_TILES } from '../server/data/cityFiles.ts';
import { CROWD_MODEL_FILE } from '../src/domains/crowd/server/opsPart.ts';

const { values } = parseArgs({ options: { browser: { type: 'string', default: 'true' }, entities: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '20' } } });
const percentile = (xs: readonly number[], p: number): number => xs.toSorted((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))] ?? NaN;
const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

// 1. Node.
const bytes = readFileSync(join(DEFAULT_TILES, CROWD_MODEL_FILE));
let t0 = performance.now();
const model = decodeCrowdModel(bytes);
const decodeMs = performance.now() - t0;
const h = model.header;
console.log(`crowd model: ${h.hexes.toLocaleString('en')} hexagons (H3 res ${h.res}), ${h.pieces.toLocaleString('en')} pieces, ${h.sites.toLocaleString('en')} stations, ${h.cells.toLocaleString('en')} cells; ${(bytes.length / 1e6).toFixed(1)} MB decoded in ${ms(decodeMs)}`);
const estimator = new CrowdEstimator(model);
const at0 = Date.parse('2026-12-31T23:00:00+08:00');
const counting: number[] = [];
const estimating: number[] = [];
for (let k = 0; k < 20; k++) {
  t0 = performance.now();
  const { counts } = countMinute(model, 'nye', at0 + k * 60_000, 1);
  counting.push(performance.now() - t0);
  t0 = performance.now();
  estimator.estimate(counts, at0 + k * 60_000);
  estimating.push(performance.now() - t0);
}
console.log(`one minute in Node (median of 20): counted by the simulator ${ms(median(counting))}; estimated (stations → ${h.pieces.toLocaleString('en')} pieces → hexagons, cells, venues) ${ms(median(estimating))}`);

if (values.browser === 'true') await browserBench(Number(values.entities), Number(values.seconds));
process.exit(0);

interface FrameWindow {
  seconds: number;
  frames: number;
  meanMs: number;
  p95Ms: number;
  maxMs: number;
  minutes: number;
}

async function browserBench(entityCount: number, seconds: number): Promise<void> {
  const stack = await startLiveStack({ ops: {}, crowd: { model, event: 'nye', speed: 60, startAt: Date.parse('2026-12-31T22:00:00+08:00') } });
  const server = await startServer({ runtimeConfig: { mqttUrl: stack.broker.wsUrl } });
  const browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}#cam=113.3,22.99,16000,0,-50&layers=districts,water,crowd`);
    await waitForCity(page);
    await page.waitForFunction(() => {
      const s = (window as unknown as { cantonTwin: { store: { getState(): { crowdReady: boolean; crowd: unknown } } } }).cantonTwin.store.getState();
      return s.crowdReady && s.crowd !== null;
    }, undefined, { timeout: 120_000 });
    await page.evaluate(() => performance.clearMeasures());
    // tsx names the functions it compiles with a helper that the page does not have.
    await page.evaluate('globalThis.__name = (f) => f');

    const heat = await frameWindow(page, 'heat', seconds, entityCount);
    const heatMeasures = await measures(page, PERF_MARKS.crowdHeat);
    const entities = await frameWindow(page, 'entities', seconds, entityCount);
    const idle = await frameWindow(page, 'none', Math.min(10, seconds), entityCount);

    // The crowd per cell: the grid's colour table, on the same minutes.
    await page.evaluate(() => {
      performance.clearMeasures();
      (window as unknown as { cantonTwin: { store: { getState(): { setCrowdUnit(u: string): void } } } }).cantonTwin.store.getState().setCrowdUnit('cell');
    });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cellMeasures = (await measures(page, PERF_MARKS.gridColours)).slice(1);

    console.log(`heat layer, ${h.hexes.toLocaleString('en')} hexagons, recoloured each minute: main thread p50 ${ms(percentile(heatMeasures, 50))}, p95 ${ms(percentile(heatMeasures, 95))} (${heatMeasures.length} minutes)`);
    console.log(`grid crowd statistic, ${h.cells.toLocaleString('en')} cells, recoloured each minute: main thread p50 ${ms(percentile(cellMeasures, 50))}, p95 ${ms(percentile(cellMeasures, 95))} (${cellMeasures.length} minutes)`);
    const line = (name: string, w: FrameWindow): string => `  ${name}: ${w.frames} frames in ${w.seconds} s, CPU per frame mean ${ms(w.meanMs)}, p95 ${ms(w.p95Ms)}, max ${ms(w.maxMs)}; ${w.minutes} minutes applied`;
    console.log('frame cost (preUpdate → postRender, main thread), same page, same minutes:');
    console.log(line(`heat sheet, ${h.hexes.toLocaleString('en')} hexagons`, heat));
    console.log(line(`Entity API, ${entityCount.toLocaleString('en')} polygon entities`, entities));
    console.log(line('neither (the floor: districts and water)', idle));
    const perHex = (w: FrameWindow, n: number): number => (w.meanMs - idle.meanMs) / n;
    console.log(
      `  ratio: Entity API ${(entities.meanMs / heat.meanMs).toFixed(1)}× the heat sheet's CPU per frame with ${(h.hexes / entityCount).toFixed(1)}× fewer hexagons; ` +
        `above the floor, ${(perHex(entities, entityCount) * 1e3).toFixed(3)} µs vs ${(perHex(heat, h.hexes) * 1e3).toFixed(4)} µs per hexagon per frame`,
    );
  } finally {
    await browser.close();
    await server.close();
    await stack.stop();
  }
}

async function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((m) => m.duration), name);
}

/**
 * Frames for `seconds` with the heat shown (`heat`), the same minutes as polygon entities
 * (`entities`: the heat layer hidden, the `count` most crowded hexagons as entities, recoloured
 * through their material each minute), or neither.
 */
async function frameWindow(page: Page, mode: 'heat' | 'entities' | 'none', seconds: number, count: number): Promise<FrameWindow> {
  return page.evaluate(
    async ({ mode: shown, seconds: span, count: most }) => {
      type Ev = { addEventListener(f: () => void): () => void };
      type Col = { withAlpha(a: number): Col };
      interface Viewer {
        scene: { preUpdate: Ev; postRender: Ev; requestRender(): void; backgroundColor: { constructor: { fromCssColorString(s: string): Col } } };
        camera: { position: { constructor: new (x: number, y: number, z: number) => object } };
        entities: { add(e: object): { polygon: { material: { color: unknown } } }; removeAll(): void; suspendEvents(): void; resumeEvents(): void };
      }
      interface State {
        crowd: { at: number; hexDensity: Float32Array } | null;
        layerVisible: Record<string, boolean>;
        setLayerVisibility(ids: string[]): void;
        layerLoad: { crowd: { data: { mesh: { positions: Float64Array; vertexHex: Float32Array } } } };
      }
      const ct = (window as unknown as { cantonTwin: { viewer: Viewer; store: { getState(): State; subscribe(f: (s: State, p: State) => void): () => void } } }).cantonTwin;
      const { viewer, store } = ct;
      const visible = Object.keys(store.getState().layerVisible).filter((id) => store.getState().layerVisible[id] && id !== 'crowd');
      store.getState().setLayerVisibility(shown === 'heat' ? [...visible, 'crowd'] : visible);
      // The heat scale's classes (src/domains/crowd/crowdColors.ts), written out: the page does not export it.
      const breaks = [1e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5];
      const classOf = (v: number): number => (v > 0 ? breaks.filter((b) => v > b).length + 1 : 0);
      let recolour: (() => void) | null = null;
      if (shown === 'entities') {
        const { positions, vertexHex } = store.getState().layerLoad.crowd.data.mesh;
        const density = store.getState().crowd!.hexDensity;
        const order = Array.from(density.keys()).toSorted((a, b) => density[b]! - density[a]!).slice(0, most);
        const wanted = new Set(order);
        const rings = new Map<number, object[]>();
        const C3 = viewer.camera.position.constructor;
        for (let v = 0; v < vertexHex.length; v++) {
          const hex = vertexHex[v]!;
          if (!wanted.has(hex)) continue;
          let r = rings.get(hex);
          if (!r) rings.set(hex, (r = []));
          r.push(new C3(positions[3 * v]!, positions[3 * v + 1]!, positions[3 * v + 2]!));
        }
        const Color = viewer.scene.backgroundColor.constructor;
        const palette = [Color.fromCssColorString('#000000').withAlpha(0), ...['#1e3a8a', '#1d4ed8', '#0891b2', '#10b981', '#facc15', '#f97316', '#dc2626', '#d946ef'].map((c) => Color.fromCssColorString(c).withAlpha(0.6))];
        viewer.entities.suspendEvents();
        const ents = order.map((hex) => viewer.entities.add({ polygon: { hierarchy: rings.get(hex), perPositionHeight: true, material: palette[classOf(density[hex]!)] } }));
        viewer.entities.resumeEvents();
        // Built and batched before the window opens: the bench times the updates, not the build.
        const built = performance.now();
        while (performance.now() - built < 60_000) {
          viewer.scene.requestRender();
          await new Promise((r) => setTimeout(r, 200));
          if ((viewer as unknown as { dataSourceDisplay: { update(t: unknown): boolean }; clock: { currentTime: unknown } }).dataSourceDisplay.update((viewer as unknown as { clock: { currentTime: unknown } }).clock.currentTime)) break;
        }
        recolour = () => {
          const d = store.getState().crowd!.hexDensity;
          order.forEach((hex, i) => (ents[i]!.polygon.material.color = palette[classOf(d[hex]!)]));
        };
      }
      const frames: number[] = [];
      let start = 0;
      const stopPre = viewer.scene.preUpdate.addEventListener(() => (start = performance.now()));
      const stopPost = viewer.scene.postRender.addEventListener(() => {
        if (start) frames.push(performance.now() - start);
        start = 0;
      });
      let minutes = 0;
      const stopSub = store.subscribe((s, p) => {
        if (s.crowd === p.crowd) return;
        minutes++;
        recolour?.();
        viewer.scene.requestRender();
      });
      const end = performance.now() + span * 1000;
      // The scene renders on demand: one request per animation frame, as a live view's motion would.
      while (performance.now() < end) {
        viewer.scene.requestRender();
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      stopPre();
      stopPost();
      stopSub();
      if (shown === 'entities') viewer.entities.removeAll();
      const sorted = frames.toSorted((a, b) => a - b);
      return { seconds: span, frames: frames.length, meanMs: frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length), p95Ms: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0, maxMs: sorted.at(-1) ?? 0, minutes };
    },
    { mode, seconds, count },
  );
}
