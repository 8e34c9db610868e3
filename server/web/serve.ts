/**
 * The production web server: the built app from dist/ and the 3D Tiles from tiles/, on one
 * origin. Files are served with precompressed .br/.gz variants when the build wrote them, and a
 * file that vanishes or cannot be read answers 404 or 500 without stopping the server
 * (server/staticFiles.ts).
 *
 * `runtimeConfig` overrides fields of dist/runtime-config.json as served, so `npm start` can tell
 * the page which broker ports it chose without rewriting files in dist/.
 *
 * Every answer, files, API and errors alike, carries strict headers: a Content-Security-Policy
 * (scripts and workers from this origin only; connections to this origin and the brokers the
 * runtime config names, nothing else; no framing), X-Content-Type-Options, Referrer-Policy,
 * X-Frame-Options and same-origin resource and opener policies. Only GET and HEAD reach files
 * (405 otherwise), and the server's own error answers follow the page's `?lang=`
 * (server/errorPages.ts).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerError, HttpError, isLang, requestLang, sendError, type Lang } from './errorPages.ts';
import { staticFiles } from './staticFiles.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export const RUNTIME_CONFIG_PATH = '/runtime-config.json';

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

export interface ServerOptions {
  host?: string;
  port?: number;
  dist?: string;
  tiles?: string;
  /** Fields served in /runtime-config.json over those of the file in dist/. */
  runtimeConfig?: Record<string, unknown>;
  /** A folder whose files are sent in place of dist/'s at the same paths (a larger sensor registry: live/scaledRegistry.ts). */
  overlay?: string;
  /** An API mounted on this origin (the operations service's /api/ops/); answers false to pass. */
  api?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** dist/runtime-config.json with the overrides laid over it; the file may be absent. */
async function runtimeConfigWith(dist: string, overrides: Record<string, unknown>): Promise<string> {
  let file: unknown = {};
  try {
    file = JSON.parse(await readFile(join(dist, RUNTIME_CONFIG_PATH), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new HttpError(500, `runtime-config.json in the build is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return JSON.stringify({ ...(typeof file === 'object' && file !== null ? file : {}), ...overrides });
}

/**
 * What the server takes from the runtime config at start: the brokers a page from it may connect
 * to (the config's `mqttUrl` and `brokers`, and the city's own default; `{hostname}` stays a
 * template, filled per request), and the deployment's language for its error answers.
 */
async function pageSettings(dist: string, overrides: Record<string, unknown>): Promise<{ brokers: string[]; lang: Lang }> {
  let runtime: Record<string, unknown> = {};
  try {
    runtime = JSON.parse(await runtimeConfigWith(dist, overrides)) as Record<string, unknown>;
  } catch {
    runtime = overrides;
  }
  const urls = [runtime.mqttUrl, ...(Array.isArray(runtime.brokers) ? runtime.brokers : [])];
  const city = typeof runtime.city === 'string' && /^[a-z][a-z0-9-]*$/.test(runtime.city) ? runtime.city : 'guangzhou';
  try {
    const cityConfig = JSON.parse(await readFile(join(dist, 'cities', city, 'city.json'), 'utf8')) as { mqtt?: { url?: unknown } };
    urls.push(cityConfig.mqtt?.url);
  } catch {
    // No city file in this build: the page will say so itself.
  }
  return { brokers: urls.filter((u): u is string => typeof u === 'string' && /^wss?:\/\/[^\s;,']+$/.test(u)), lang: isLang(runtime.lang) ? runtime.lang : 'zh-CN' };
}

/**
 * The host a request names, for `{hostname}` in the policy's broker URLs: only a plain host name
 * or address, so that a forged Host header cannot write into the policy; else the server's own.
 */
export function requestHostname(header: string | undefined, fallback: string): string {
  const hostname = (header ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^[A-Za-z0-9.-]{1,253}$|^[0-9A-Fa-f:.]{2,45}$/.test(hostname) ? hostname : fallback;
}

/** Headers on every answer, files, API and errors alike. */
function strictHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  // Nothing here is for other sites' pages to embed or to hold a window on.
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** The page's Content-Security-Policy, with `{hostname}` in broker URLs as the request's host. */
export function contentSecurityPolicy(brokers: readonly string[], hostname: string): string {
  const connect = [...new Set(brokers.map((b) => originOf(b.replaceAll('{hostname}', hostname))).filter((o) => o !== null))];
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets Cesium's decoders compile WebAssembly; it allows no JavaScript eval.
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const dist = options.dist ?? join(root, 'dist');
  const app = staticFiles(dist);
  const overlay = options.overlay ? staticFiles(options.overlay) : null;
  const tiles = staticFiles(options.tiles ?? join(root, 'tiles'));
  const settings = await pageSettings(dist, options.runtimeConfig ?? {});
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    strictHeaders(res, contentSecurityPolicy(settings.brokers, requestHostname(req.headers.host, host)));
    if (options.api && (await options.api(req, res))) return;
    // Everything past the API is read-only: a write to a file's path is refused, not answered with the file.
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET and HEAD');
    const path = req.url?.split('?')[0];
    if (options.runtimeConfig && path === RUNTIME_CONFIG_PATH) {
      const body = await runtimeConfigWith(dist, options.runtimeConfig);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    let found: boolean;
    if (req.url?.startsWith('/tiles/')) {
      req.url = req.url.slice('/tiles'.length);
      found = await tiles(req, res);
    } else found = (await overlay?.(req, res)) || (await app(req, res));
    if (!found) sendError(res, 404, requestLang(req.url, settings.lang));
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => answerError(res, e, requestLang(req.url, settings.lang)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env.PORT ?? 8080);
  const server = await startServer({ port, host: process.env.HOST ?? '127.0.0.1' });
  console.log(`Canton Twin: ${server.url}`);
}
