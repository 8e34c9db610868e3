/**
 * Takes a screenshot of the built app, the way the end-to-end tests see it:
 *   npx tsx tests/screenshot.ts '#cam=113.345,23.075,2500,-30,-25' out.png [width height]
 * Waits for the city and, when shown, the buildings to finish loading.
 */
import { startServer } from '../server/web/serve.ts';
import { launchBrowser, waitForBuildings, waitForCity, watchPage } from '../scripts/harness/browser.ts';

const [hash = '', out = 'tests/artifacts/screenshot.png', width = '1280', height = '800'] = process.argv.slice(2);
const server = await startServer();
const browser = await launchBrowser({ viewport: { width: Number(width), height: Number(height) } });
try {
  const page = await browser.context.newPage();
  const watch = await watchPage(browser.context, page, [new URL(server.url).origin]);
  await page.goto(`${server.url}${hash}`);
  await waitForCity(page);
  if (!hash.includes('layers=') || hash.includes('buildings')) await waitForBuildings(page);
  await page.screenshot({ path: out });
  console.log(`${out}; off-origin requests ${watch.offOrigin.length}, console errors ${watch.consoleErrors.length}`);
} finally {
  await browser.close();
  await server.close();
}
