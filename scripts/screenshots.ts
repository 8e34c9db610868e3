/**
 * The README's screenshots, taken the way a visitor sees the app (`npm run screenshots -- [--views
 * home,live] [--sizes 1280,1920,3840] [--out tests/screenshots/views]`): each view in zh-CN and
 * English, at 1280 × 800, 1920 × 1080 and 3840 × 2160 (a 4K wall: 1920 × 1080 CSS pixels at device
 * scale factor 2), or a phone's 390 × 844 (`--sizes 390`), as JPEG. One stack serves them all: Aedes, the operations service, the typhoon
 * scenario on a short cycle and New Year's Eve at Huacheng Square; a view that needs the storm
 * waits for its peak.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { decodeCrowdModel } from '../src/domains/crowd/crowdModel.ts';
import { launchBrowser, renderedFrame, waitForBuildings, waitForCity } from './harness/browser.ts';
import { startLiveStack, type LiveStack } from './live/stack.ts';
import { startServer } from '../server/web/serve.ts';
import { DEFAULT_TILES } from '../server/data/cityFiles.ts';
import { CROWD_MODEL_FILE } from '../src/domains/crowd/server/opsPart.ts';

const { values: args } = parseArgs({
  options: {
    views: { type: 'string', default: 'home,city,live,flood,planner,events,wall' },
    sizes: { type: 'string', default: '1280,1920,3840' },
    out: { type: 'string', default: 'tests/screenshots/views' },
  },
});

const SIZES: Record<string, { viewport: { width: number; height: number }; deviceScaleFactor: number; quality: number }> = {
  '1280': { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, quality: 82 },
  '1920': { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, quality: 80 },
  '3840': { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 2, quality: 70 },
  // A phone: the field inspectors' size.
  '390': { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, quality: 80 },
};

type Store = { getState(): Record<string, unknown> & { setLang(l: string): void } };
const state = <T>(page: Page, pick: string): Promise<T> => page.evaluate(`(() => { const s = window.cantonTwin.store.getState(); return ${pick}; })()`) as Promise<T>;
const until = async (page: Page, pick: string, what: string, timeoutMs = 180_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await state<boolean>(page, pick))) {
    if (Date.now() > end) throw new Error(`screenshots: waited ${timeoutMs / 1000} s for ${what}`);
    await page.waitForTimeout(500);
  }
};

interface View {
  path: string;
  /** Taps and waits once the city is drawn. */
  prepare?(page: Page, stack: LiveStack): Promise<void>;
  buildings?: boolean;
}

/** New Year's Eve from 23:15 again, a scenario minute a second, until the page shows a minute after 23:25: the square full, the countdown ahead. */
async function eveningAgain(page: Page, stack: LiveStack): Promise<void> {
  stack.simulator!.setCrowdEvent({ model, event: 'nye', speed: 60, startAt: Date.parse('2026-12-31T23:15:00+08:00') });
  // A page takes no minute older than one it has seen: open it again on the replayed evening.
  await page.reload();
  await waitForCity(page);
  await until(page, 's.crowdReady && s.crowd !== null && s.crowd.at >= Date.parse("2026-12-31T23:25:00+08:00") && s.crowd.at < Date.parse("2026-12-31T23:55:00+08:00")', 'New Year’s Eve at 23:25');
}

const AREA = 'a:113.3185,23.1185_113.3315,23.1185_113.3315,23.1275_113.3185,23.1275';
const STORM = 's.alerts.filter((a) => a.severity === "alarm").length > 20';
const VIEWS: Record<string, View> = {
  home: { path: '', buildings: true },
  city: { path: '#cam=113.32,23.12,45000,0,-90', buildings: true },
  live: {
    path: '#cam=113.33,23.02,26000,0,-55&layers=districts,water,sensors',
    prepare: (page) => until(page, STORM, 'the typhoon’s peak'),
  },
  flood: {
    path: '#mode=flood&cam=113.33,23.02,14000,10,-50',
    buildings: true,
    prepare: (page) => until(page, `${STORM} && s.flood.result !== null && s.flood.result.cells.length > 50`, 'the typhoon’s peak and its flood'),
  },
  planner: {
    path: `#cam=113.325,23.112,2200,0,-42&layers=districts,water,buildings&look=day&draw=${AREA}`,
    buildings: true,
    prepare: async (page) => {
      await page.getByTestId('planner-switch').click();
      await page.getByTestId('query-result').waitFor({ timeout: 120_000 });
    },
  },
  events: {
    path: '#cam=113.3,23.02,16000,0,-50&layers=districts,water,crowd',
    prepare: async (page, stack) => {
      await eveningAgain(page, stack);
      await page.getByTestId('live-tab-events').click();
      await page.getByTestId('venue-list').waitFor();
    },
  },
  // Not in the default list: a residential cell in Haizhu, its people, over the grid by residents (the panoramas' section).
  people: {
    path: '#cam=113.2985,23.0935,2500,0,-90&layers=districts,grid,panorama',
    prepare: async (page) => {
      await page.evaluate(() => (window as unknown as { cantonTwin: { store: { getState(): { setGridMetric(m: string): void } } } }).cantonTwin.store.getState().setGridMetric('residents'));
      const box = (await page.locator('.city-scene canvas').boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.getByTestId('panorama-people').waitFor({ timeout: 60_000 });
      // The info panel scrolls: its panorama, not the cell's rows, in view.
      await page.getByTestId('panorama').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    },
  },
  // Not in the default list: the Commerce theme's business districts on New Year's Eve, for the events section.
  commerce: {
    path: '?screen=wall#theme=commerce',
    prepare: (page, stack) => page.getByTestId('theme-bar').waitFor().then(() => eveningAgain(page, stack)),
  },
  wall: { path: '?screen=wall#theme=water', prepare: (page) => page.getByTestId('theme-bar').waitFor().then(() => until(page, STORM, 'the typhoon’s peak')) },
};

const model = decodeCrowdModel(readFileSync(join(DEFAULT_TILES, CROWD_MODEL_FILE)));
const stack = await startLiveStack({
  ops: {},
  simulate: { scenario: 'typhoon', cycleS: 240 },
  crowd: { model, event: 'nye', speed: 30, startAt: Date.parse('2026-12-31T22:40:00+08:00') },
});
const server = await startServer({ runtimeConfig: { mqttUrl: stack.broker.wsUrl } });
mkdirSync(args.out, { recursive: true });
try {
  for (const size of args.sizes.split(',')) {
    const browser = await launchBrowser(SIZES[size]!);
    try {
      for (const name of args.views.split(',')) {
        const view = VIEWS[name]!;
        const page = await browser.context.newPage();
        await page.goto(new URL(view.path, server.url).href);
        await waitForCity(page);
        await view.prepare?.(page, stack);
        for (const lang of ['zh-CN', 'en'] as const) {
          await page.evaluate((l) => (window as unknown as { cantonTwin: { store: Store } }).cantonTwin.store.getState().setLang(l), lang);
          // A second for what redraws on its own clock (the wall's charts).
          await page.waitForTimeout(1200);
          if (view.buildings) await waitForBuildings(page);
          await renderedFrame(page);
          const file = join(args.out, `${name}-${lang === 'zh-CN' ? 'zh' : 'en'}-${size}.jpg`);
          await page.screenshot({ path: file, type: 'jpeg', quality: SIZES[size]!.quality });
          console.log(file);
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
  await stack.stop();
}
