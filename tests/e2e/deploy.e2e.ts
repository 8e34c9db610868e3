/**
 * The app as people deploy it. `npm start` on ports other than the defaults must point the page
 * at the broker it started (the served runtime config carries the port), and a plain static
 * deployment of dist/ with the tiles beside it must load with no console error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/mqtt/brokers.ts';
import { storeState } from '../harness/app.ts';
import { launchBrowser, waitForCity, watchPage, type BrowserSession } from '../../scripts/harness/browser.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const VIEW = '#cam=113.33,23.02,26000,0,-55&layers=districts,water,sensors';

/** Starts `npm start`'s script and resolves with the URL it prints once everything is up. */
function npmStart(env: Record<string, string>): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /Canton Twin is running: (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was up:\n${output}`)));
  });
  return { child, url, output: () => output };
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('deployments', () => {
  let browser: BrowserSession | undefined;
  let started: ReturnType<typeof npmStart> | undefined;
  afterAll(async () => {
    await browser?.close();
    if (started) await stopped(started.child);
  });

  it('npm start on other ports: the page finds the broker it started and live data arrives', async () => {
    const [port, mqttPort, wsPort] = [await freePort(), await freePort(), await freePort()];
    started = npmStart({ PORT: String(port), MQTT_PORT: String(mqttPort), MQTT_WS_PORT: String(wsPort) });
    const url = await started.url;
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    expect(started.output()).toContain(`ws://127.0.0.1:${wsPort}/mqtt`);
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    // Only the app and the broker on the chosen port may be reached: no ?mqtt= in the link.
    const watch = await watchPage(browser.context, page, [new URL(url).origin, `http://127.0.0.1:${wsPort}`]);
    await page.goto(new URL(VIEW, url).href);
    await expect.poll(() => storeState(page, (s) => s.live.connection), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => storeState(page, (s) => s.live.received), { timeout: 30_000 }).toBeGreaterThan(1000);
    // The worker's WebSocket is not a page request: read the config that pointed it there.
    expect(await page.evaluate(async () => ((await (await fetch('/runtime-config.json')).json()) as { mqttUrl?: string }).mqttUrl)).toBe(`ws://{hostname}:${wsPort}/mqtt`);
    expect(watch.offOrigin).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
    await stopped(started.child);
  });

  it('a plain static deployment of dist/ with the tiles beside it loads with 0 console errors', async () => {
    // The deployment: every entry of dist/ and tiles/ linked into one folder, served by a
    // static server that knows nothing of the app (Vite's preview server, no config).
    const site = mkdtempSync(join(tmpdir(), 'canton-twin-site-'));
    for (const name of readdirSync(join(ROOT, 'dist'))) symlinkSync(join(ROOT, 'dist', name), join(site, name));
    symlinkSync(join(ROOT, 'tiles'), join(site, 'tiles'));
    const server = await preview({ configFile: false, root: ROOT, logLevel: 'silent', build: { outDir: site }, preview: { host: '127.0.0.1', port: await freePort(), strictPort: true } });
    try {
      const origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
      browser ??= await launchBrowser();
      const page = await browser.context.newPage();
      // The shipped city.json names a broker on the page's host at 8083; none runs here, and a
      // refused WebSocket is the live panel's to show, not a console error.
      const watch = await watchPage(browser.context, page, [origin, new URL(origin).origin.replace(/:\d+$/, ':8083')]);
      const failed: string[] = [];
      page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)));
      await page.goto(`${origin}/${VIEW}`);
      await waitForCity(page);
      expect(failed).toEqual([]);
      expect(watch.offOrigin).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
      rmSync(site, { recursive: true, force: true });
    }
  });
});
