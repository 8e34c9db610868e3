/**
 * The look's cost, in one page and one run (`npm run bench:look -- [--seconds 15] [--runs 2]`):
 * the frame's main-thread CPU time (Cesium's preUpdate → postRender) at the home view, with the
 * city model drawn
 *   - in the dark look with its building shader (the default),
 *   - in the dark look with the shader taken off (the plain style: the same colours, unlit by it),
 *   - in the day look (Cesium's sun and shadows),
 * each for the same seconds with a frame asked for on every animation frame, after a few seconds
 * of frames not counted (a new look compiles its shaders in its first frames). It prints each
 * window's CPU per frame and frames drawn, and the shader's ratio to the plain style. Under
 * SwiftShader the GPU's work is done on other threads of the CPU as well, so frames drawn are
 * relative figures only.
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchBrowser, waitForBuildings, waitForCity } from '../scripts/harness/browser.ts';
import { startLiveStack } from '../scripts/live/stack.ts';
import { startServer } from '../server/web/serve.ts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, runs: { type: 'string', default: '2' } } });
const seconds = Number(args.seconds);
const runs = Number(args.runs);

type Style = 'shader' | 'plain' | 'day';
interface FrameWindow {
  frames: number;
  meanMs: number;
  medianMs: number;
  p95Ms: number;
}
/** Seconds of frames drawn and not counted after each change of look: the first frames compile its shaders. */
const WARM_UP_S = 4;

const ms = (v: number): string => `${v.toFixed(2)} ms`;

/** Sets the look through the store, and for `plain` takes the shader off the tileset (a bench may reach in). */
async function setStyle(page: Page, style: Style): Promise<void> {
  await page.evaluate((s) => {
    const ct = (window as unknown as { cantonTwin: { store: { getState(): { setLook(l: string): void } }; viewer: { scene: { primitives: unknown; requestRender(): void } } } }).cantonTwin;
    ct.store.getState().setLook(s === 'day' ? 'day' : 'dark');
    const visit = (c: { length?: number; get?: (i: number) => unknown }): void => {
      for (let i = 0; i < (c.length ?? 0); i++) {
        const p = c.get!(i) as { customShader?: unknown; colorBlendMode?: number; length?: number };
        if ('colorBlendMode' in p) {
          if (s === 'plain') p.customShader = undefined;
        } else if (p.length !== undefined) visit(p as never);
      }
    };
    visit(ct.viewer.scene.primitives as never);
    ct.viewer.scene.requestRender();
  }, style);
}

async function frameWindow(page: Page, span: number): Promise<FrameWindow> {
  return page.evaluate(async (sec) => {
    type Ev = { addEventListener(f: () => void): () => void };
    const scene = (window as unknown as { cantonTwin: { viewer: { scene: { preUpdate: Ev; postRender: Ev; requestRender(): void } } } }).cantonTwin.viewer.scene;
    const frames: number[] = [];
    let start = 0;
    const stopPre = scene.preUpdate.addEventListener(() => (start = performance.now()));
    const stopPost = scene.postRender.addEventListener(() => {
      if (start) frames.push(performance.now() - start);
      start = 0;
    });
    const end = performance.now() + sec * 1000;
    while (performance.now() < end) {
      scene.requestRender();
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    stopPre();
    stopPost();
    const sorted = frames.toSorted((a, b) => a - b);
    return {
      frames: frames.length,
      meanMs: frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length),
      medianMs: sorted[sorted.length >> 1] ?? 0,
      p95Ms: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0,
    };
  }, span);
}

const stack = await startLiveStack({ simulate: false });
const server = await startServer({ runtimeConfig: { mqttUrl: stack.broker.wsUrl } });
const browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}#cam=113.3195,23.081,1250,-4,-15&layers=districts,water,buildings`);
  await waitForCity(page);
  await waitForBuildings(page);
  // tsx names the functions it compiles with a helper that the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  console.log(`home view, 1280 × 800, ${seconds} s a window, ${runs} runs; frame CPU = preUpdate → postRender on the main thread`);
  for (let run = 1; run <= runs; run++) {
    const result = {} as Record<Style, FrameWindow>;
    // Plain before day: the day look puts the shader back when it changes the look.
    for (const style of ['shader', 'plain', 'day'] as const) {
      await setStyle(page, style);
      await waitForBuildings(page);
      await frameWindow(page, WARM_UP_S);
      result[style] = await frameWindow(page, seconds);
      if (style === 'plain') await setStyle(page, 'shader');
    }
    const line = (name: string, w: FrameWindow): string => `  ${name}: ${w.frames} frames, CPU per frame median ${ms(w.medianMs)}, mean ${ms(w.meanMs)}, p95 ${ms(w.p95Ms)}`;
    console.log(`run ${run}:`);
    console.log(line('dark look, building shader', result.shader));
    console.log(line('dark look, plain (no shader)', result.plain));
    console.log(line('day look, sun and shadows', result.day));
    console.log(
      `  ratio shader / plain: CPU per frame ${(result.shader.medianMs / result.plain.medianMs).toFixed(2)}× (median), ${(result.shader.meanMs / result.plain.meanMs).toFixed(2)}× (mean); frames drawn ${(result.shader.frames / result.plain.frames).toFixed(2)}×`,
    );
  }
} finally {
  await browser.close();
  await server.close();
  await stack.stop();
}
