/**
 * Muck-truck governance in Chromium, on the whole stack: the simulator drives the fleet on its
 * approved routes with its seeded breakers, the operations service checks every fix, and the page
 * lists the violations it publishes. A seeded off-route truck's violation is listed; tapped, its
 * evidence track and the truck's approved route are drawn in the scene, point for point.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderedFrame } from '../../scripts/harness/browser.ts';
import { openCity, saveArtifact, storeState, type AppHarness } from '../harness/app.ts';

const VIEW = '#cam=113.33,23.05,30000,0,-55&layers=districts,water,sensors,trucks';

/** The polylines the scene holds for a violation's evidence, and their point counts (tests only). */
function drawnEvidence(page: Page, id: string): Promise<number[]> {
  return page.evaluate((violation) => {
    const counts: number[] = [];
    const visit = (p: unknown): void => {
      const c = p as { length?: number; get?: (i: number) => unknown; _polylines?: { id?: { evidence?: string }; positions: unknown[] }[] };
      if (Array.isArray(c._polylines)) for (const line of c._polylines) if (line.id?.evidence === violation) counts.push(line.positions.length);
      if (typeof c.length === 'number' && typeof c.get === 'function') for (let i = 0; i < c.length; i++) visit(c.get(i));
    };
    visit(window.cantonTwin!.viewer!.scene.primitives);
    return counts;
  }, id);
}

describe('muck-truck governance in the page', () => {
  let app: AppHarness;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    ({ app, page, consoleErrors } = await openCity(VIEW, { viewport: { width: 1280, height: 800 } }, { simulate: {}, ops: {} }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists a seeded off-route truck’s violation and draws its evidence track when tapped', async () => {
    await page.getByTestId('live-tab-trucks').click();
    await expect(page.getByTestId('truck-governance').isVisible()).resolves.toBe(true);
    // The seeded detours begin within a minute of the start; the rule waits 60 s off the route.
    await expect.poll(() => storeState(page, (s) => s.violations.some((v) => v.rule === 'off-route')), { timeout: 150_000, interval: 1000 }).toBe(true);
    const id = await storeState(page, (s) => s.violations.find((v) => v.rule === 'off-route')!.id);
    // The service's own record agrees with what the page got.
    const served = app.live.ops!.stats().trucks!;
    expect(served.opened).toBeGreaterThanOrEqual(1);
    await page.locator(`button[data-violation="${id}"]`).click();
    // Open, or closed by now if the truck is back on its route: the page keeps both.
    const track = await storeState(page, (s, v) => [...s.violations, ...s.closedViolations].find((x) => x.id === v)!.track.length, id);
    expect(track).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('violation-detail').getAttribute('data-violation')).toBe(id);
    // The evidence track is in the scene with every point of the record (it grows while open).
    await expect.poll(async () => Math.max(0, ...(await drawnEvidence(page, id))), { timeout: 15_000 }).toBeGreaterThanOrEqual(track);
    expect(await page.getByTestId('evidence-points').textContent()).toMatch(/\d+/);
    await renderedFrame(page);
    saveArtifact('trucks-violation.png', await page.screenshot());
    expect(consoleErrors).toEqual([]);
  });
});
