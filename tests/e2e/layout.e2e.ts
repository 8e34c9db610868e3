/**
 * No control covers another, and no label is cut off: each view (city, flood, planner, kiosk) in
 * both languages on a laptop (1280 × 800), a full-HD wall (1920 × 1080) and a 4K wall
 * (3840 × 2160 at device scale factor 2), with live data flowing so the flood view's replay bar
 * shows. Boxes are the elements' bounding rectangles; a label is clipped when its content is
 * wider than its box.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppHarness } from '../harness/app.ts';

type Lang = 'zh-CN' | 'en';
type View = 'city' | 'flood' | 'planner' | 'kiosk' | 'kiosk-flood';

const SIZES = [
  { name: '1280×800', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  { name: '1920×1080', viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 },
  { name: '3840×2160 @2', viewport: { width: 3840, height: 2160 }, deviceScaleFactor: 2 },
];

/** Runs in the page: every overlap and clipped label among the controls that stay on screen. */
function layoutProblems(): string[] {
  // page.evaluate sends this function's source alone, so its helpers must live inside it.
  // oxlint-disable-next-line unicorn/consistent-function-scoping
  const shown = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  // oxlint-disable-next-line unicorn/consistent-function-scoping
  const label = (el: Element): string => {
    const id = el.getAttribute('data-testid');
    return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 24)}"`;
  };
  const groups = ['.top-bar h1', '.top-actions button', '[data-testid="replay-bar"]', '.panel', '.status-bar', '.nav-controls', '.tour-caption'];
  const boxes = new Map<Element, DOMRect>();
  for (const selector of groups) for (const el of document.querySelectorAll(selector)) if (shown(el)) boxes.set(el, el.getBoundingClientRect());
  const problems: string[] = [];
  const list = [...boxes];
  for (const [el, r] of list) {
    if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) problems.push(`${label(el)} leaves the window`);
  }
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [a, ra] = list[i]!;
      const [b, rb] = list[j]!;
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 0.5 && h > 0.5) problems.push(`${label(a)} overlaps ${label(b)} by ${w.toFixed(0)}×${h.toFixed(0)} px`);
    }
  }
  // Buttons anywhere on screen, and the rows that lay controls side by side.
  for (const el of document.querySelectorAll('button, .replay-bar, .top-actions, .status-bar')) {
    if (shown(el) && el.scrollWidth > el.clientWidth + 1) problems.push(`${label(el)} is clipped: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
  }
  return problems;
}

async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

async function setLang(page: Page, lang: Lang): Promise<void> {
  await page.waitForFunction((l) => {
    if (document.documentElement.lang === l) return true;
    (document.querySelector('[data-testid="lang-switch"]') as HTMLButtonElement | null)?.click();
    return document.documentElement.lang === l;
  }, lang);
}

async function setView(page: Page, view: View): Promise<void> {
  const flood = view === 'flood' || view === 'kiosk-flood';
  const mode = page.getByTestId('mode-switch');
  if ((await mode.getAttribute('aria-pressed')) !== String(flood)) await mode.click();
  if (!view.startsWith('kiosk')) {
    const planner = page.getByTestId('planner-switch');
    if ((await planner.getAttribute('aria-pressed')) !== String(view === 'planner')) await planner.click();
  }
  // The replay bar shows once the recorded stream holds a reading.
  if (flood) await page.getByTestId('replay-bar').waitFor();
  else await page.getByTestId('replay-bar').waitFor({ state: 'detached' });
  await settled(page);
}

describe.each(SIZES)('layout at $name', ({ viewport, deviceScaleFactor }) => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startApp({ viewport, deviceScaleFactor }, { simulate: { scenario: 'normal' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each<[string, View[]]>([
    ['', ['city', 'flood', 'planner']],
    ['kiosk=1&', ['kiosk', 'kiosk-flood']],
  ])('keeps every control clear and every label whole (%s)', async (query, views) => {
    const { page, watch } = await app.open(`?${query}lang=zh-CN#layers=districts,water`);
    await page.getByTestId('app-title').waitFor();
    const found: string[] = [];
    for (const lang of ['zh-CN', 'en'] as const) {
      await setLang(page, lang);
      for (const view of views) {
        await setView(page, view);
        for (const p of await page.evaluate(layoutProblems)) found.push(`${view} ${lang}: ${p}`);
      }
    }
    expect(found).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
