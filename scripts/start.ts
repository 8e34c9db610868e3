/**
 * `npm start`: everything the embedded Guangzhou default needs, in one process.
 *   1. generates the city data from npm packages when it is missing;
 *   2. generates the city's buildings and tiles them into tiles/guangzhou when missing;
 *   3. builds the app when dist/ is missing or older than its sources;
 *   4. serves the app and the tiles on http://127.0.0.1:8080/ (PORT and HOST override).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { buildData } from './build-data.ts';
import { buildDefaultTiles } from './build-tiles.ts';
import { startServer } from './serve.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), s.mtimeMs);
}

function appIsStale(): boolean {
  const built = join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p));
  return Math.max(...sources.filter(existsSync).map(newestMtime)) > statSync(built).mtimeMs;
}

buildData({ ifMissing: true });
await buildDefaultTiles({ ifMissing: true });
if (appIsStale()) {
  console.log('app: building…');
  await build({ root, logLevel: 'warn' });
}
const server = await startServer({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? '127.0.0.1' });
console.log(`\nCanton Twin is running: ${server.url}\nPress Ctrl+C to stop.`);
