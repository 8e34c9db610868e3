/**
 * The production server (scripts/serve.ts) on a throwaway dist/: files that vanish or change
 * under it, paths that try to leave the folder, precompressed variants, and the runtime config
 * that `npm start` overrides.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.ts';

let dir: string;
let server: RunningServer;
const get = (path: string, init?: RequestInit): Promise<Response> => fetch(new URL(path, server.url), init);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'canton-twin-serve-'));
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  mkdirSync(join(dir, 'tiles'));
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'dist', 'runtime-config.json'), '{ "city": "guangzhou", "lang": "en" }');
  writeFileSync(join(dir, 'dist', 'assets', 'app.js'), 'console.log(1)'.repeat(100));
  writeFileSync(join(dir, 'dist', 'assets', 'app.js.gz'), gzipSync('console.log(1)'.repeat(100)));
  writeFileSync(join(dir, 'tiles', 'tileset.json'), '{}');
  writeFileSync(join(dir, 'secret.txt'), 'outside dist');
  server = await startServer({ dist: join(dir, 'dist'), tiles: join(dir, 'tiles'), runtimeConfig: { mqttUrl: 'ws://{hostname}:18083/mqtt' } });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('production server', () => {
  it('answers 404 for a file removed while it runs, and keeps serving', async () => {
    writeFileSync(join(dir, 'dist', 'zz.json'), '{}');
    expect((await get('/zz.json')).status).toBe(200);
    rmSync(join(dir, 'dist', 'zz.json'));
    expect((await get('/zz.json')).status).toBe(404);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('sends a file replaced in place with its new length', async () => {
    writeFileSync(join(dir, 'dist', 'swap.txt'), 'short');
    expect(await (await get('/swap.txt')).text()).toBe('short');
    writeFileSync(join(dir, 'dist', 'swap.txt'), 'a much longer body');
    expect(await (await get('/swap.txt')).text()).toBe('a much longer body');
  });

  it('answers 404 for a folder, a dotfile or a path out of the folder, and 405 for a POST', async () => {
    mkdirSync(join(dir, 'dist', 'folder.json'));
    writeFileSync(join(dir, 'dist', '.env'), 'X=1');
    expect((await get('/folder.json')).status).toBe(404);
    expect((await get('/.env')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/assets/..%2f..%2fsecret.txt')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/')).status).toBe(200);
  });

  it('sends the precompressed variant the browser accepts, and revalidates with the ETag', async () => {
    const res = await get('/assets/app.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toBe('text/javascript');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)'.repeat(100));
    const etag = res.headers.get('etag')!;
    expect((await get('/assets/app.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } })).status).toBe(304);
    expect((await get('/tiles/tileset.json')).status).toBe(200);
    expect((await get('/tiles/missing.glb')).status).toBe(404);
  });

  it('answers a byte range with 206 from the file itself, never a compressed variant, and 416 past the end', async () => {
    writeFileSync(join(dir, 'tiles', 'records.chunks'), '0123456789');
    writeFileSync(join(dir, 'tiles', 'records.chunks.gz'), gzipSync('wrong: a range is of the file'));
    const part = await get('/tiles/records.chunks', { headers: { range: 'bytes=2-5', 'accept-encoding': 'gzip' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(part.headers.get('content-encoding')).toBeNull();
    expect(await part.text()).toBe('2345');
    expect(await (await get('/tiles/records.chunks', { headers: { range: 'bytes=7-' } })).text()).toBe('789');
    expect(await (await get('/tiles/records.chunks', { headers: { range: 'bytes=-3' } })).text()).toBe('789');
    const past = await get('/tiles/records.chunks', { headers: { range: 'bytes=10-12' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */10');
    expect((await get('/tiles/records.chunks', { headers: { range: 'bytes=0-1,4-5' } })).status).toBe(416);
    const whole = await get('/tiles/records.chunks', { headers: { 'accept-encoding': 'identity' } });
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
  });

  it('serves the runtime config with the overrides over the file, and without it when the file is gone', async () => {
    expect(await (await get('/runtime-config.json')).json()).toEqual({ city: 'guangzhou', lang: 'en', mqttUrl: 'ws://{hostname}:18083/mqtt' });
    rmSync(join(dir, 'dist', 'runtime-config.json'));
    expect(await (await get('/runtime-config.json')).json()).toEqual({ mqttUrl: 'ws://{hostname}:18083/mqtt' });
    writeFileSync(join(dir, 'dist', 'runtime-config.json'), '{ broken');
    const broken = await get('/runtime-config.json');
    expect(broken.status).toBe(500);
    expect((await get('/')).status).toBe(200);
  });
});
