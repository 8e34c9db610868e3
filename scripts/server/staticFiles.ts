/**
 * Static files from one folder, for the production server and the dev server's /tiles.
 *
 * Each request opens the file it sends and reads its size from that open handle, so a file that
 * is removed, replaced or unreadable while the server runs (a new build copied in place, a
 * deployment swapping folders, a rewritten runtime config) answers 404 or 500 and the server
 * keeps running. Nothing is indexed at start-up. Precompressed `.br` and `.gz` variants written
 * by the build are sent when the browser accepts them. A single byte range (`Range: bytes=a-b`,
 * as the panoramas' chunk files are read) is answered 206 from the file itself, uncompressed.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { lookup } from 'mrmime';

const VARIANTS = [
  { suffix: '.br', encoding: 'br', accepted: /\bbr\b/ },
  { suffix: '.gz', encoding: 'gzip', accepted: /\bgzip\b/ },
] as const;

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes: [start, end] inclusive, or null if unsatisfiable. */
export function byteRange(header: string, size: number): [number, number] | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    return n > 0 && size > 0 ? [Math.max(0, size - n), size - 1] : null;
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start <= end && start < size ? [start, end] : null;
}

/** Errors that mean "no such file here", as opposed to a file that exists and cannot be read. */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG']);

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The file a URL path names under `root`, or undefined for paths that leave it or name dotfiles. */
export function fileUnder(root: string, url: string | undefined): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    throw new HttpError(400, 'malformed URL');
  }
  if (pathname.includes('\0')) throw new HttpError(400, 'malformed URL');
  if (pathname.endsWith('/')) pathname += 'index.html';
  if (pathname.split('/').some((part) => part.startsWith('.'))) return undefined;
  const file = resolve(root, `.${pathname}`);
  return file.startsWith(root + sep) ? file : undefined;
}

async function openFile(path: string): Promise<FileHandle | undefined> {
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isFile()) return handle;
    await handle.close();
    return undefined;
  } catch (e) {
    if (ABSENT.has((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw e;
  }
}

/**
 * Sends the file the request names, if there is one; resolves false when there is none (the
 * caller answers 404 or passes on), and rejects with an HttpError or an I/O error otherwise.
 */
export function staticFiles(dir: string): StaticHandler {
  const root = resolve(dir);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET and HEAD');
    const file = fileUnder(root, req.url);
    if (!file) return false;
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const range = req.headers.range;
    // A range is of the file's own bytes, so it is never served from a compressed variant.
    for (const variant of [...(range ? [] : VARIANTS.filter((v) => v.accepted.test(accepts))), undefined]) {
      const handle = await openFile(variant ? file + variant.suffix : file);
      if (!handle) continue;
      try {
        const stats = await handle.stat();
        const etag = `W/"${stats.size}-${Math.floor(stats.mtimeMs)}${variant ? `-${variant.encoding}` : ''}"`;
        const type = lookup(file) ?? 'application/octet-stream';
        res.setHeader('Vary', 'Accept-Encoding');
        res.setHeader('ETag', etag);
        // Revalidate every time: files here are swapped in place by builds and deployments.
        res.setHeader('Cache-Control', 'no-cache');
        if (!variant) res.setHeader('Accept-Ranges', 'bytes');
        if (range && !variant) {
          const span = byteRange(range, stats.size);
          if (!span) {
            await handle.close();
            res.writeHead(416, { 'Content-Range': `bytes */${stats.size}` }).end();
            return true;
          }
          res.writeHead(206, { 'Content-Type': type, 'Content-Length': span[1] - span[0] + 1, 'Content-Range': `bytes ${span[0]}-${span[1]}/${stats.size}`, 'Last-Modified': stats.mtime.toUTCString() });
          if (req.method === 'HEAD') {
            await handle.close();
            res.end();
            return true;
          }
          const stream = handle.createReadStream({ start: span[0], end: span[1] });
          stream.on('error', () => res.destroy());
          // A client that goes away (a panned view's records) closes the file now, not at GC.
          res.on('close', () => stream.destroy());
          stream.pipe(res);
          return true;
        }
        if (req.headers['if-none-match'] === etag) {
          await handle.close();
          res.writeHead(304).end();
          return true;
        }
        res.writeHead(200, {
          'Content-Type': type === 'text/html' ? 'text/html; charset=utf-8' : type,
          'Content-Length': stats.size,
          'Last-Modified': stats.mtime.toUTCString(),
          ...(variant ? { 'Content-Encoding': variant.encoding } : {}),
        });
        if (req.method === 'HEAD') {
          await handle.close();
          res.end();
          return true;
        }
        const stream = handle.createReadStream();
        // A read that fails half-way can only cut the response short; the server goes on.
        stream.on('error', () => res.destroy());
        // A client that goes away (an abandoned tile) closes the file now, not at GC.
        res.on('close', () => stream.destroy());
        stream.pipe(res);
        return true;
      } catch (e) {
        await handle.close().catch(() => undefined);
        throw e;
      }
    }
    return false;
  };
}

/** Ends a request whose handler failed: the status it asked for, or 500, and never a crash. */
export function answerError(res: ServerResponse, e: unknown): void {
  const status = e instanceof HttpError ? e.status : 500;
  if (status === 500) console.error(`server: ${e instanceof Error ? e.message : String(e)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(status === 405 ? { Allow: 'GET, HEAD' } : {}) });
  res.end(status === 500 ? 'server error' : e instanceof Error ? e.message : String(e));
}
