/**
 * Static files from one folder, for the production server and the dev server's /tiles.
 *
 * Each request opens the file it sends and reads its size from that open handle, so a file that
 * is removed, replaced or unreadable while the server runs (a new build copied in place, a
 * deployment swapping folders, a rewritten runtime config) answers 404 or 500 and the server
 * keeps running. Nothing is indexed at start-up. Precompressed `.br` and `.gz` variants written
 * by the build are sent when the browser accepts them and they are not older than their source
 * (a source rewritten or broken since the build is sent as it is now, uncompressed). A single
 * byte range (`Range: bytes=a-b`, as the panoramas' chunk files are read) is answered 206 from
 * the file itself, uncompressed. Every handle opened is closed when its answer ends, is cut short
 * or fails, never left to the garbage collector.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import type { Stats } from 'node:fs';
import { lookup } from 'mrmime';
import { answerError, HttpError } from './errorPages.ts';

export { answerError, HttpError };

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

interface Opened {
  handle: FileHandle;
  stats: Stats;
}

/** The regular file at `path`, open, with its stats; undefined if there is none. */
async function openFile(path: string): Promise<Opened | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if (ABSENT.has((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw e;
  }
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, stats };
    await handle.close();
    return undefined;
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
}

/**
 * The precompressed variant to send for a source file: the first the browser accepts that is not
 * older than the source. The source's handle stays open for the caller to send or close.
 */
async function freshVariant(file: string, source: Stats, accepts: string): Promise<(Opened & { encoding: string }) | undefined> {
  for (const variant of VARIANTS) {
    if (!variant.accepted.test(accepts)) continue;
    const opened = await openFile(file + variant.suffix);
    if (!opened) continue;
    if (opened.stats.mtimeMs >= source.mtimeMs) return { ...opened, encoding: variant.encoding };
    await opened.handle.close();
  }
  return undefined;
}

/**
 * Streams `handle` (or its `span`) into `res` and closes it when the answer ends, fails or is cut
 * short, including when the client went away before the stream was made.
 */
function sendFile(req: IncomingMessage, res: ServerResponse, handle: FileHandle, span?: [number, number]): void {
  if (req.method === 'HEAD') {
    res.end();
    void handle.close();
    return;
  }
  // A read that fails half-way can only cut the response short; the server goes on.
  pipeline(handle.createReadStream(span ? { start: span[0], end: span[1] } : {}), res, () => undefined);
}

/** Answers a byte range of the source file: 206, or 416 when it lies outside the file. */
function sendRange(req: IncomingMessage, res: ServerResponse, { handle, stats }: Opened, type: string, range: string): void {
  const span = byteRange(range, stats.size);
  if (!span) {
    void handle.close();
    res.writeHead(416, { 'Content-Range': `bytes */${stats.size}` }).end();
    return;
  }
  res.writeHead(206, { 'Content-Type': type, 'Content-Length': span[1] - span[0] + 1, 'Content-Range': `bytes ${span[0]}-${span[1]}/${stats.size}`, 'Last-Modified': stats.mtime.toUTCString() });
  sendFile(req, res, handle, span);
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
    const source = await openFile(file);
    if (!source) return false;
    const range = req.headers.range;
    let variant: Awaited<ReturnType<typeof freshVariant>>;
    try {
      // A range is of the file's own bytes, so it is never served from a compressed variant.
      variant = range ? undefined : await freshVariant(file, source.stats, String(req.headers['accept-encoding'] ?? ''));
    } catch (e) {
      await source.handle.close();
      throw e;
    }
    if (variant) await source.handle.close();
    const sent = variant ?? source;
    const type = lookup(file) ?? 'application/octet-stream';
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', `W/"${sent.stats.size}-${Math.floor(sent.stats.mtimeMs)}${variant ? `-${variant.encoding}` : ''}"`);
    // Revalidate every time: files here are swapped in place by builds and deployments.
    res.setHeader('Cache-Control', 'no-cache');
    if (!variant) res.setHeader('Accept-Ranges', 'bytes');
    if (range) {
      sendRange(req, res, source, type, range);
      return true;
    }
    if (req.headers['if-none-match'] === res.getHeader('ETag')) {
      await sent.handle.close();
      res.writeHead(304).end();
      return true;
    }
    res.writeHead(200, {
      'Content-Type': type === 'text/html' ? 'text/html; charset=utf-8' : type,
      'Content-Length': sent.stats.size,
      'Last-Modified': sent.stats.mtime.toUTCString(),
      ...(variant ? { 'Content-Encoding': variant.encoding } : {}),
    });
    sendFile(req, res, sent.handle);
    return true;
  };
}
