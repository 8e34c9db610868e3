/**
 * Serves the built app (dist/) with the production server and opens it in the shared browser
 * harness, with the off-origin guard and console capture already attached.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.ts';
import { launchBrowser, watchPage, type BrowserSession, type PageWatch } from './browser.ts';

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

export interface AppHarness {
  server: RunningServer;
  browser: BrowserSession;
  origin: string;
  open: (path?: string, extraOrigins?: string[]) => Promise<{ page: Page; watch: PageWatch }>;
  close: () => Promise<void>;
}

export async function startApp(options: Parameters<typeof launchBrowser>[0] = {}): Promise<AppHarness> {
  if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
  const server = await startServer();
  const browser = await launchBrowser(options);
  const origin = new URL(server.url).origin;
  return {
    server,
    browser,
    origin,
    open: async (path = '', extraOrigins = []) => {
      const page = await browser.context.newPage();
      const watch = await watchPage(browser.context, page, [origin, ...extraOrigins]);
      await page.goto(`${server.url}${path}`);
      return { page, watch };
    },
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Serves the app and opens the browser once for a test file, and closes both after it. Returns a
 * getter: the harness exists only once the file's beforeAll has run.
 */
export function appPerFile(options: Parameters<typeof launchBrowser>[0] = {}): () => AppHarness {
  let app: AppHarness | undefined;
  beforeAll(async () => {
    app = await startApp(options);
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

/** Reads a value from the app's store through the console handle. */
export async function storeState<T>(page: Page, pick: string): Promise<T> {
  return page.evaluate((expr) => {
    const state = (window as unknown as { cantonTwin: { store: { getState(): unknown } } }).cantonTwin.store.getState();
    return new Function('s', `return (${expr});`)(state) as T;
  }, pick);
}
