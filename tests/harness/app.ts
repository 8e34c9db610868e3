/**
 * Serves the built app (dist/) with the production server and opens it in the shared browser
 * harness, with the off-origin guard and console capture already attached.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppState } from '../../src/state/store.ts';
import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type RunningServer } from '../../server/web/serve.ts';
import { launchBrowser, waitForCity, watchPage, type BrowserSession, type PageWatch } from '../../scripts/harness/browser.ts';
import { startLiveStack, type LiveStack, type LiveStackOptions } from '../../scripts/live/stack.ts';
import { opsApi } from '../../server/ops/http.ts';

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

export interface AppHarness {
  server: RunningServer;
  /** The MQTT broker (and simulator, when asked for) the page is pointed at. */
  live: LiveStack;
  browser: BrowserSession;
  origin: string;
  open: (path?: string, extraOrigins?: string[]) => Promise<{ page: Page; watch: PageWatch }>;
  close: () => Promise<void>;
}

type BrowserOptions = Parameters<typeof launchBrowser>[0];

/**
 * Serves the app, starts a broker on free ports (by default embedded Aedes with no simulator, so
 * the scene stays still) and opens the browser. Every page is pointed at that broker.
 */
/**
 * The stack's options, and whether the operations service builds the public enterprise register
 * (500,000 rows, about 12 s of CPU on this machine): only the panorama test searches it, so the
 * others do not pay for it beside their browser.
 */
export type HarnessLiveOptions = LiveStackOptions & { enterprises?: boolean };

export async function startApp(options: BrowserOptions = {}, liveOptions: HarnessLiveOptions = { simulate: false }): Promise<AppHarness> {
  if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
  const live = await startLiveStack(liveOptions);
  // The page learns its broker from the served runtime config, as in a deployment (no ?mqtt= link).
  const server = await startServer({ runtimeConfig: { mqttUrl: live.broker.wsUrl }, api: live.ops ? opsApi(live.ops, live.usersDir, liveOptions.enterprises ? { panoramaDir: join(import.meta.dirname, '..', '..', 'tiles', 'guangzhou', 'panorama') } : {}) : undefined });
  const browser = await launchBrowser(options);
  const origin = new URL(server.url).origin;
  const brokerOrigin = new URL(live.broker.wsUrl.replace(/^ws/, 'http')).origin;
  return {
    server,
    live,
    browser,
    origin,
    open: async (path = '', extraOrigins = []) => {
      const page = await browser.context.newPage();
      const watch = await watchPage(browser.context, page, [origin, brokerOrigin, ...extraOrigins]);
      await page.goto(new URL(path, server.url).href);
      return { page, watch };
    },
    close: async () => {
      await browser.close();
      await live.stop();
      await server.close();
    },
  };
}

/** A harness with one page open on the city, drawn and settled. */
export interface OpenCity {
  app: AppHarness;
  page: Page;
  consoleErrors: string[];
}

/** Starts the harness (see startApp), opens `path` and waits until the city is on screen. */
export async function openCity(path: string, options: BrowserOptions = {}, liveOptions?: HarnessLiveOptions): Promise<OpenCity> {
  const app = await startApp(options, liveOptions);
  const { page, watch } = await app.open(path);
  await waitForCity(page);
  return { app, page, consoleErrors: watch.consoleErrors };
}

/**
 * Serves the app and opens the browser once for a test file, and closes both after it. Returns a
 * getter: the harness exists only once the file's beforeAll has run.
 */
export function appPerFile(options: BrowserOptions = {}, liveOptions?: HarnessLiveOptions): () => AppHarness {
  let app: AppHarness | undefined;
  beforeAll(async () => {
    app = await startApp(options, liveOptions);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the app harness is not started yet');
    return app;
  };
}

export function saveArtifact(name: string, data: Buffer | string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, name);
  writeFileSync(file, data);
  return file;
}

/**
 * Reads the app's store in the page, typed: `pick` is checked against AppState here and runs
 * there, so it may use only its arguments (the state, and `arg`, passed as JSON).
 */
export async function storeState<T, A = undefined>(page: Page, pick: (s: AppState, arg: A) => T, arg?: A): Promise<T> {
  return page.evaluate(`(${pick.toString()})(window.cantonTwin.store.getState(), ${JSON.stringify(arg ?? null)})`) as Promise<T>;
}

/**
 * Opens the alarm groups inside `scope` (those of one sensor kind, if given) so that their rows
 * are on the page: in an alarm flood the list shows groups first.
 */
export async function openAlarmGroups(page: Page, scope: string, kind?: string): Promise<void> {
  const closed = page.locator(`${scope} [data-testid="alarm-group"]${kind ? `[data-group$="/${kind}"]` : ''} .group-head[aria-expanded="false"]`);
  for (let n = await closed.count(); n > 0; n = await closed.count()) await closed.first().click();
}

/** Signs a duty officer in through the page's own form, and waits for the new login's connection. */
export async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByTestId('sign-in').click();
  await page.locator('[data-testid="sign-in-form"] input[name="username"]').fill(name);
  await page.locator('[data-testid="sign-in-form"] input[name="password"]').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await expect.poll(() => storeState(page, (s) => s.operator), { timeout: 15_000 }).toBe(name);
  await expect.poll(() => storeState(page, (s) => s.live.connection), { timeout: 15_000 }).toBe('connected');
}

/**
 * Scrolls a panel's element into view in one round trip to the page. Playwright's
 * `scrollIntoViewIfNeeded` first waits for the element to be stable over animation frames, then
 * scrolls, over several DevTools round trips; with the crowd replay under SwiftShader each round
 * trip waited for a frame of 0.5–1.5 s (the GPU process held both cores), and the action timed out
 * on a box that was measured unchanged over 13 frames.
 */
export async function scrollIntoView(page: Page, testId: string): Promise<void> {
  await onElement(page, testId, 'scrollIntoView');
}

/**
 * Clicks a button in one round trip to the page, for the same reason as scrollIntoView: after a
 * click, Playwright also waits for any navigation the click scheduled, over further round trips;
 * with the crowd replay under SwiftShader that wait ran past 30 s on a 2-core machine.
 */
export async function clickTestId(page: Page, testId: string): Promise<void> {
  await onElement(page, testId, 'click');
}

async function onElement(page: Page, testId: string, action: 'click' | 'scrollIntoView'): Promise<void> {
  const found = await page.evaluate(
    ([id, what]) => {
      const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      if (what === 'click') el?.click();
      else el?.scrollIntoView({ block: 'nearest' });
      return el !== null;
    },
    [testId, action] as const,
  );
  if (!found) throw new Error(`no element with data-testid="${testId}" to ${action === 'click' ? 'click' : 'scroll into view'}`);
}
