/**
 * Touch in Chromium through CDP (Input.dispatchTouchEvent), as on a touch table: a pinch zooms the
 * camera, and an area drawn by taps returns the counts the analysis engine gives for that area.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBuildings } from '../../src/analysis/buildingsFormat.ts';
import { CityAnalysis } from '../../src/analysis/cityAnalysis.ts';
import { decodeGrid } from '../../src/analysis/gridFormat.ts';
import { queryCity } from '../../src/domains/planner/planner.ts';
import { BUILDING_USES } from '../../src/analysis/buildingUses.ts';
import { openCity, saveArtifact, storeState, type AppHarness } from '../harness/app.ts';
import { renderedFrame } from '../../scripts/harness/browser.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** Straight down over Tianhe, where the generated city is dense. */
const VIEW = '#cam=113.325,23.125,4000,0,-89.9&layers=districts,water,buildings,grid';

type TouchPoint = { x: number; y: number; id?: number };

async function touch(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', points: TouchPoint[]): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, i) => ({ x: p.x, y: p.y, id: p.id ?? i, radiusX: 8, radiusY: 8, force: 1 })) });
}

async function tap(cdp: CDPSession, page: Page, x: number, y: number): Promise<void> {
  await touch(cdp, 'touchStart', [{ x, y }]);
  await page.waitForTimeout(60);
  await touch(cdp, 'touchEnd', []);
  await page.waitForTimeout(250);
}

describe('touch input in Chromium (CDP touch events)', () => {
  let app: AppHarness;
  let page: Page;
  let cdp: CDPSession;

  beforeAll(async () => {
    ({ app, page } = await openCity(VIEW, { hasTouch: true }));
    cdp = await page.context().newCDPSession(page);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('zooms in with a two-finger pinch', async () => {
    const before = await storeState(page, (s) => s.camera!);
    const cx = 640;
    const cy = 420;
    await touch(cdp, 'touchStart', [
      { x: cx - 40, y: cy },
      { x: cx + 40, y: cy },
    ]);
    for (let k = 1; k <= 10; k++) {
      await touch(cdp, 'touchMove', [
        { x: cx - 40 - 22 * k, y: cy },
        { x: cx + 40 + 22 * k, y: cy },
      ]);
      await page.waitForTimeout(30);
    }
    await touch(cdp, 'touchEnd', []);
    await expect.poll(async () => (await storeState(page, (s) => s.camera!)).height, { timeout: 20_000 }).toBeLessThan(before.height * 0.8);
  });

  it('turns the view with a two-finger twist', async () => {
    const before = await storeState(page, (s) => s.heading);
    const [cx, cy, r] = [640, 420, 120];
    const at = (deg: number): TouchPoint[] => {
      const a = (deg * Math.PI) / 180;
      return [
        { x: cx - r * Math.cos(a), y: cy - r * Math.sin(a) },
        { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) },
      ];
    };
    await touch(cdp, 'touchStart', at(0));
    for (let k = 1; k <= 12; k++) {
      await touch(cdp, 'touchMove', at(5 * k));
      await page.waitForTimeout(30);
    }
    await touch(cdp, 'touchEnd', []);
    const turned = (h: number): number => Math.abs(((h - before + 540) % 360) - 180);
    await expect.poll(async () => turned(await storeState(page, (s) => s.heading)), { timeout: 20_000 }).toBeGreaterThan(10);
  });

  it('draws an area with taps and gets the same counts as the analysis engine', async () => {
    await page.getByTestId('planner-switch').tap();
    await page.getByTestId('tool-polygon').tap();
    for (const [x, y] of [
      [520, 320],
      [780, 330],
      [760, 560],
      [540, 540],
    ] as const) {
      await tap(cdp, page, x, y);
    }
    expect(await storeState(page, (s) => s.planner.draft.length)).toBe(4);
    await page.getByTestId('draw-finish').tap();
    await expect.poll(() => storeState(page, (s) => s.planner.result !== null), { timeout: 30_000 }).toBe(true);
    await renderedFrame(page);
    saveArtifact('touch-planner.png', await page.screenshot());
    const polygon = await storeState(page, (s) => s.planner.shapes[0]!.geometry);
    const shown = { buildings: Number((await page.getByTestId('query-buildings').innerText()).replace(/,/g, '')), cells: Number((await page.getByTestId('query-cells').innerText()).replace(/,/g, '')) };
    // The same polygon through the engine, here in Node, from the files the page loaded.
    const city = new CityAnalysis(decodeGrid(new Uint8Array(readFileSync(join(ROOT, 'public/cities/guangzhou/generated/grid.bin')))), decodeBuildings(new Uint8Array(readFileSync(join(ROOT, 'tiles/guangzhou/buildings.bin')))));
    const expected = queryCity(city, polygon, 0, null, BUILDING_USES.length)!;
    expect(expected.buildingCount).toBeGreaterThan(0);
    expect(shown).toEqual({ buildings: expected.buildingCount, cells: expected.cells.length });
  });
});
