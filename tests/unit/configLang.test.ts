/**
 * The app's configuration error page speaks the language the link asks for: with city.json (or
 * the runtime config) broken, loadConfig still says which language the page is in, from ?lang=
 * or from the runtime config, so the error page is not left in the default Chinese. Served by
 * the production server from a throwaway build folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/web/serve.ts';
import { loadConfig } from '../../src/config/loadConfig.ts';
import type { CitySchema } from '../../src/config/citySchema.ts';

let dir: string;
let server: RunningServer;
// Never reached: every case here fails before the city is parsed.
const unreachable = z.never() as unknown as CitySchema;
const at = (query: string): Location => new URL(`${server.url}${query}`) as unknown as Location;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'canton-config-lang-'));
  mkdirSync(join(dir, 'cities', 'guangzhou'), { recursive: true });
  writeFileSync(join(dir, 'cities', 'guangzhou', 'city.json'), '{ broken');
  server = await startServer({ dist: dir, tiles: dir });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the configuration error page language', () => {
  it("follows ?lang= when city.json is broken, else the runtime config's lang, else the default", async () => {
    writeFileSync(join(dir, 'runtime-config.json'), '{ "city": "guangzhou" }');
    const en = await loadConfig(at('?lang=en'), unreachable);
    expect(en).toMatchObject({ ok: false, file: 'cities/guangzhou/city.json', lang: 'en' });
    expect(await loadConfig(at('?lang=zh-CN'), unreachable)).toMatchObject({ ok: false, lang: 'zh-CN' });
    expect(await loadConfig(at(''), unreachable)).toMatchObject({ ok: false, lang: undefined });
    writeFileSync(join(dir, 'runtime-config.json'), '{ "city": "guangzhou", "lang": "en" }');
    expect(await loadConfig(at(''), unreachable)).toMatchObject({ ok: false, lang: 'en' });
  });

  it('follows ?lang= when the runtime config itself is broken', async () => {
    writeFileSync(join(dir, 'runtime-config.json'), '{ broken');
    expect(await loadConfig(at('?lang=en'), unreachable)).toMatchObject({ ok: false, file: 'runtime-config.json', lang: 'en' });
  });
});
