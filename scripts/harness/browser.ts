/**
 * The one place that knows how to drive Debian Chromium here (see ../shared/BROWSER.md):
 * launch flags for SwiftShader WebGL, the off-origin request guard, console error capture and
 * screenshot pixel statistics. Every browser test and benchmark goes through it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { PERF_MARKS } from '../../src/perf/marks.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

export interface BrowserSession {
  context: BrowserContext;
  close: () => Promise<void>;
}

/**
 * `reducedMotion` defaults to `reduce`: the tests and benches look at states, so the fly-in,
 * count-ups and pulses jump to their end; the look's own test turns motion back on.
 */
export async function launchBrowser(options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number; hasTouch?: boolean; reducedMotion?: 'reduce' | 'no-preference' } = {}): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'canton-twin-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    hasTouch: options.hasTouch ?? false,
    reducedMotion: options.reducedMotion ?? 'reduce',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PageWatch {
  /** Every request URL whose origin is not allowed. They are also aborted. */
  offOrigin: string[];
  requests: string[];
  consoleErrors: string[];
}

/**
 * Records all requests and console errors, and aborts any request to an origin not in
 * `allowedOrigins` so that a leak fails loudly instead of hanging on this offline machine.
 */
export async function watchPage(context: BrowserContext, page: Page, allowedOrigins: string[]): Promise<PageWatch> {
  const watch: PageWatch = { offOrigin: [], requests: [], consoleErrors: [] };
  const allowed = (url: string): boolean => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return true;
    try {
      return allowedOrigins.includes(new URL(url).origin);
    } catch {
      return false;
    }
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    return route.abort('blockedbyclient');
  });
  page.on('request', (req) => {
    watch.requests.push(req.url());
    if (!allowed(req.url())) watch.offOrigin.push(req.url());
  });
  page.on('websocket', (ws) => {
    const url = ws.url().replace(/^ws/, 'http');
    if (!allowed(url)) watch.offOrigin.push(ws.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => watch.consoleErrors.push(`pageerror: ${err.message}`));
  // Every Content-Security-Policy violation becomes a console error, which the tests refuse.
  await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))");
  return watch;
}

export interface PixelStats {
  width: number;
  height: number;
  meanLuminance: number;
  luminanceVariance: number;
}

/** Luminance statistics of a PNG (or of one rectangle of it). */
export function pixelStats(png: Buffer, rect?: { x: number; y: number; width: number; height: number }): PixelStats {
  const img = PNG.sync.read(png);
  const r = rect ?? { x: 0, y: 0, width: img.width, height: img.height };
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let x = r.x; x < r.x + r.width; x++) {
      const i = (y * img.width + x) * 4;
      const l = 0.2126 * img.data[i]! + 0.7152 * img.data[i + 1]! + 0.0722 * img.data[i + 2]!;
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  const mean = sum / n;
  return { width: img.width, height: img.height, meanLuminance: mean, luminanceVariance: sumSq / n - mean * mean };
}

/** How many pixels of a PNG pass a colour test. */
export function countPixels(png: Buffer, test: (r: number, g: number, b: number) => boolean): number {
  const img = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (test(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) n++;
  return n;
}

/** Mean absolute per-channel difference of two same-sized PNGs, 0–255. */
export function pixelDifference(a: Buffer, b: Buffer): number {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  if (pa.width !== pb.width || pa.height !== pb.height) throw new Error('screenshots differ in size');
  let diff = 0;
  for (let i = 0; i < pa.data.length; i += 4) {
    diff += Math.abs(pa.data[i]! - pb.data[i]!) + Math.abs(pa.data[i + 1]! - pb.data[i + 1]!) + Math.abs(pa.data[i + 2]! - pb.data[i + 2]!);
  }
  return diff / ((pa.data.length / 4) * 3);
}

/**
 * Resolves once the city is on screen: config loaded, every layer settled, globe tiles loaded,
 * and a frame drawn after that. Waits on the scene's own state, never on a fixed sleep.
 */
export async function waitForCity(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const ct = window.cantonTwin!;
      const state = ct?.store?.getState();
      const scene = ct?.viewer?.scene;
      if (!state?.city || !scene) return false;
      if (Object.values(state.layerLoad).some((l) => l.state === 'loading')) return false;
      if (!scene.globe.tilesLoaded) return false;
      for (let i = 0; i < scene.primitives.length; i++) {
        const p = scene.primitives.get(i);
        // A hidden collection is not updated, so its primitives never become ready.
        if (p.show === false) continue;
        for (let j = 0; j < (p.length ?? 0); j++) if (p.get?.(j).ready === false) return false;
      }
      return true;
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
  await renderedFrame(page);
}

/** Asks the scene for a frame and resolves after it was drawn. */
export async function renderedFrame(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const scene = window.cantonTwin!.viewer!.scene;
        const remove = scene.postRender.addEventListener(() => {
          remove();
          requestAnimationFrame(() => resolve());
        });
        scene.requestRender();
      }),
  );
}

/** Resolves once the buildings tileset has drawn its first complete view and nothing is pending. */
export async function waitForBuildings(page: Page, timeoutMs = 150_000): Promise<number> {
  await page.waitForFunction(
    (mark) => {
      const state = window.cantonTwin!.store!.getState();
      return performance.getEntriesByName(mark).length > 0 && state.scene.modelPending === 0;
    },
    PERF_MARKS.buildingsFirstView,
    { timeout: timeoutMs, polling: 250 },
  );
  await renderedFrame(page);
  return page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, PERF_MARKS.buildingsFirstView);
}
