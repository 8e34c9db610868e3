/**
 * Error pages in the language the link asks for: with city.json broken, the app's configuration
 * error page follows ?lang=en (it stayed in Chinese), and the server's own 404 does too.
 */
import { describe, expect, it } from 'vitest';
import { appPerFile } from '../harness/app.ts';

const app = appPerFile();

describe('error pages follow ?lang=', () => {
  it('shows the configuration error page of a broken city.json in the language of the link', async () => {
    const page = await app().browser.context.newPage();
    await page.route('**/cities/guangzhou/city.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{ broken' }));
    // Without ?lang= first: the page keeps a chosen language for later visits.
    for (const [query, title] of [['', '城市配置无效'], ['?lang=en', 'Invalid city configuration']] as const) {
      await page.goto(`${app().server.url}${query}`);
      await page.getByTestId('config-error').waitFor();
      expect(await page.getByTestId('config-error').innerText(), query).toContain(title);
      expect(await page.getByTestId('config-error').innerText()).toContain('cities/guangzhou/city.json');
    }
    const missing = await page.goto(`${app().server.url}no-such-file.json?lang=en`);
    expect(missing?.status()).toBe(404);
    expect(await missing?.text()).toBe('not found');
    await page.close();
  });
});
