/**
 * The production web server: the built app from dist/ and the 3D Tiles from tiles/, on one
 * origin. Files are served with precompressed .br/.gz variants when the build wrote them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

export async function startServer(options: { host?: string; port?: number; dist?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const app = sirv(options.dist ?? join(root, 'dist'), { etag: true, gzip: true, brotli: true, single: false });
  const tiles = sirv(join(root, 'tiles'), { etag: true, gzip: true, brotli: true, dev: true });
  const server: Server = createServer((req, res) => {
    const notFound = (): void => {
      res.statusCode = 404;
      res.end('not found');
    };
    if (req.url?.startsWith('/tiles/')) {
      req.url = req.url.slice('/tiles'.length);
      tiles(req, res, notFound);
    } else {
      app(req, res, notFound);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env.PORT ?? 8080);
  const server = await startServer({ port, host: process.env.HOST ?? '127.0.0.1' });
  console.log(`Canton Twin: ${server.url}`);
}
