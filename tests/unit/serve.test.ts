/**
 * The production server (server/web/serve.ts) on a throwaway dist/: files that vanish or change
 * under it, paths that try to leave the folder, precompressed variants and their sources, the
 * runtime config that `npm start` overrides, writes refused, files closed after abandoned
 * requests, error answers in the page's language, and the strict headers on every answer.
 */
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/web/serve.ts';

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

  it('refuses every write with 405 and Allow, the runtime config included, and still answers HEAD', async () => {
    writeFileSync(join(dir, 'dist', 'runtime-config.json'), '{ "city": "guangzhou", "lang": "en" }');
    for (const method of ['PUT', 'POST', 'DELETE', 'PATCH']) {
      const res = await get('/runtime-config.json', { method, body: method === 'DELETE' ? undefined : '{"mqttUrl":"ws://evil/"}' });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow'), method).toBe('GET, HEAD');
    }
    expect((await get('/assets/app.js', { method: 'PUT', body: 'x' })).status).toBe(405);
    const head = await get('/runtime-config.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('closes the file of every request the client abandons, without waiting for the garbage collector', async () => {
    const big = join(dir, 'tiles', 'big.bin');
    writeFileSync(big, Buffer.alloc(8 << 20, 7));
    const openOnBig = (): number =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === big;
        } catch {
          return false; // the descriptor closed while listed
        }
      }).length;
    const { port } = new URL(server.url);
    // Some go away at once, before the server has opened the file; some once the answer has begun.
    const abandoned = Array.from({ length: 12 }, (_, i) => new Promise<void>((done) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /tiles/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
        if (i % 2 === 0) socket.destroy();
        else socket.once('data', () => socket.destroy());
      });
      socket.on('close', () => done());
    }));
    await Promise.all(abandoned);
    await expect.poll(openOnBig, { timeout: 5000 }).toBe(0);
    expect((await get('/tiles/big.bin', { method: 'HEAD' })).status).toBe(200);
  });

  it('sends a precompressed variant only while it is not older than its source, and none without a source', async () => {
    const city = join(dir, 'dist', 'city.json');
    const body = JSON.stringify({ name: 'guangzhou', pad: 'x'.repeat(2000) });
    writeFileSync(city, body);
    writeFileSync(`${city}.br`, brotliCompressSync(body));
    writeFileSync(`${city}.gz`, gzipSync(body));
    const fresh = await get('/city.json', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(fresh.headers.get('content-encoding')).toBe('br');
    expect(await fresh.text()).toBe(body);
    // The source is rewritten (here: broken) after the build wrote its twins.
    writeFileSync(city, '{ broken');
    const later = new Date(Date.now() + 60_000);
    utimesSync(city, later, later);
    for (const accept of ['br, gzip', 'gzip', 'identity']) {
      const res = await get('/city.json', { headers: { 'accept-encoding': accept } });
      expect(res.headers.get('content-encoding'), accept).toBeNull();
      expect(await res.text(), accept).toBe('{ broken');
    }
    rmSync(city);
    expect((await get('/city.json', { headers: { 'accept-encoding': 'br, gzip' } })).status).toBe(404);
  });

  it("answers its errors in the page's language: ?lang= first, else the deployment's", async () => {
    // This build's runtime config says English.
    const plain = await get('/missing.json');
    expect(plain.status).toBe(404);
    expect(plain.headers.get('content-language')).toBe('en');
    expect(await plain.text()).toBe('not found');
    const zh = await get('/missing.json?lang=zh-CN');
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(await zh.text()).toBe('未找到该文件');
    expect(await (await get('/missing.json?lang=en')).text()).toBe('not found');
    expect(await (await get('/%E0%A4%A?lang=zh-CN')).text()).toBe('请求格式错误');
    expect(await (await get('/?lang=zh-CN', { method: 'POST' })).text()).toBe('只接受 GET 和 HEAD 请求');
    // A language the app does not have falls back to the deployment's.
    expect(await (await get('/missing.json?lang=fr')).text()).toBe('not found');
  });
});

describe('strict headers', () => {
  let api: RunningServer;
  beforeAll(async () => {
    api = await startServer({
      dist: join(dir, 'dist'),
      tiles: join(dir, 'tiles'),
      runtimeConfig: { mqttUrl: 'ws://{hostname}:18083/mqtt' },
      api: async (req, res) => {
        if (!req.url?.startsWith('/api/')) return false;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        return true;
      },
    });
  });
  afterAll(() => api?.close());
  const at = (path: string, init?: RequestInit): Promise<Response> => fetch(new URL(path, api.url), init);
  /** The policy sent for a request whose Host header is `host` (fetch sends its own Host). */
  const cspFor = (host: string): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const { port } = new URL(api.url);
      request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
        res.resume();
        resolve(String(res.headers['content-security-policy']));
      })
        .on('error', reject)
        .end();
    });

  it('are on files, API answers and error answers alike', async () => {
    const answers = { file: await at('/'), api: await at('/api/x'), missing: await at('/missing'), malformed: await at('/%E0%A4%A'), write: await at('/', { method: 'POST' }) };
    expect(Object.values(answers).map((r) => r.status)).toEqual([200, 200, 404, 400, 405]);
    for (const [what, res] of Object.entries(answers)) {
      expect(res.headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy'), what).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), what).toBe('same-origin');
      expect(res.headers.get('x-frame-options'), what).toBe('DENY');
      expect(res.headers.get('cross-origin-resource-policy'), what).toBe('same-origin');
      expect(res.headers.get('cross-origin-opener-policy'), what).toBe('same-origin');
    }
  });

  it('put only a plain host name from the Host header into the policy', async () => {
    expect(await cspFor('twin.example:8080')).toContain('connect-src \'self\' ws://twin.example:18083;');
    const forged = await cspFor("x;script-src:80");
    expect(forged).not.toContain('x;script-src');
    expect(forged).toContain("connect-src 'self' ws://127.0.0.1:18083;");
  });
});

