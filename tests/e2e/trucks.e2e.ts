/**
 * Muck-truck governance in Chromium, on the whole stack: the simulator drives the fleet on its
 * approved routes with its seeded breakers, the operations service checks every fix, and the page
 * lists the violations it publishes. A seeded off-route truck's violation is listed; tapped, its
 * evidence track and the truck's approved route are drawn in the scene, point for point.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderedFrame } from '../../scripts/harness/browser.ts';
import { openCity, saveArtifact, signIn, storeState, type AppHarness } from '../harness/app.ts';

const PASSWORD = 'zhang-duty-pw';
const VIEW = '#cam=113.33,23.05,30000,0,-55&layers=districts,water,sensors,trucks';

/** The point counts of the scene's polylines tagged `key: value` in their id (a violation's evidence, a replayed day). */
function drawnPolylines(page: Page, key: 'evidence' | 'replay', value: string): Promise<number[]> {
  return page.evaluate(([k, v]) => {
    const counts: number[] = [];
    const visit = (p: unknown): void => {
      const c = p as { length?: number; get?: (i: number) => unknown; _polylines?: { id?: Record<string, unknown>; positions: unknown[] }[] };
      if (Array.isArray(c._polylines)) for (const line of c._polylines) if (line.id?.[k] === v) counts.push(line.positions.length);
      if (typeof c.length === 'number' && typeof c.get === 'function') for (let i = 0; i < c.length; i++) visit(c.get(i));
    };
    visit(window.cantonTwin!.viewer!.scene.primitives);
    return counts;
  }, [key, value] as const);
}

describe('muck-truck governance in the page', () => {
  let app: AppHarness;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    ({ app, page, consoleErrors } = await openCity(VIEW, { viewport: { width: 1280, height: 800 } }, { simulate: {}, ops: {}, logins: [{ name: 'zhang', role: 'operator', password: PASSWORD }] }));
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
    // The list filtered to the rule, as a duty officer would: in a busy hour the newest fill it.
    await page.locator('button[data-rule-filter="off-route"]').click();
    await page.locator(`button[data-violation="${id}"]`).click();
    // Open, or closed by now if the truck is back on its route: the page keeps both.
    const track = await storeState(page, (s, v) => [...s.violations, ...s.closedViolations].find((x) => x.id === v)!.track.length, id);
    expect(track).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('violation-detail').getAttribute('data-violation')).toBe(id);
    // The evidence track is in the scene with every point of the record (it grows while open).
    await expect.poll(async () => Math.max(0, ...(await drawnPolylines(page, 'evidence', id))), { timeout: 15_000 }).toBeGreaterThanOrEqual(track);
    expect(await page.getByTestId('evidence-points').textContent()).toMatch(/\d+/);
    await renderedFrame(page);
    saveArtifact('trucks-violation.png', await page.screenshot());
    expect(consoleErrors).toEqual([]);
  });

  it('replays the truck’s day for a signed-in duty officer: its track from the service, drawn and played', async () => {
    const id = await storeState(page, (s) => s.selectedViolation!);
    const truck = id.split(':')[0]!;
    await expect(page.getByTestId('replay-day').count()).resolves.toBe(0);
    await signIn(page, 'zhang', PASSWORD);
    await page.getByTestId('live-tab-trucks').click();
    // Signed in, the counts are the day's, from the service's database.
    await expect.poll(() => page.getByTestId('count-scope').textContent(), { timeout: 15_000 }).toBe('今日累计');
    const button = page.locator(`button[data-violation="${id}"]`);
    if ((await page.getByTestId('violation-detail').count()) === 0) await button.click();
    await page.getByTestId('replay-day').click();
    await expect.poll(() => storeState(page, (s) => s.truckDay?.truck ?? null), { timeout: 15_000 }).toBe(truck);
    const points = await storeState(page, (s) => s.truckDay!.points.length);
    // One fix per 15 s since the stack started, more than a minute ago.
    expect(points).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => Math.max(0, ...(await drawnPolylines(page, 'replay', truck))), { timeout: 15_000 }).toBe(points);
    const start = await storeState(page, (s) => s.truckDayAt!);
    await page.getByTestId('day-play').click();
    await expect.poll(() => storeState(page, (s, t0) => s.truckDayAt! > t0, start), { timeout: 10_000 }).toBe(true);
    await renderedFrame(page);
    saveArtifact('trucks-replay.png', await page.screenshot());
    expect(consoleErrors).toEqual([]);
  });
});
