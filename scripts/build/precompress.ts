import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|geojson|svg|wasm|glb|b3dm|txt|xml|bin)$/;

export interface PrecompressOptions {
  /** Brotli is smaller but slow to write; browsers only ask for it over HTTPS. */
  brotli: boolean;
  gzipLevel: number;
  minBytes: number;
}

/** Writes .gz (and .br) twins of every compressible file under `dir` that is worth compressing. */
export function precompressDir(dir: string, options: PrecompressOptions = { brotli: true, gzipLevel: 9, minBytes: 1024 }): { files: number; before: number; after: number } {
  const totals = { files: 0, before: 0, after: 0 };
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (COMPRESSIBLE.test(name)) {
        const data = readFileSync(path);
        if (data.length < options.minBytes) continue;
        const gz = gzipSync(data, { level: options.gzipLevel });
        writeFileSync(`${path}.gz`, gz);
        let smallest = gz.length;
        if (options.brotli) {
          const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } });
          writeFileSync(`${path}.br`, br);
          smallest = br.length;
        }
        totals.files++;
        totals.before += data.length;
        totals.after += smallest;
      }
    }
  };
  walk(dir);
  return totals;
}

/**
 * Precompresses the build so that server/web/serve.ts (server/web/staticFiles.ts) can send .br or .gz as the browser
 * allows, without compressing on every request.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'canton-twin:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const t = precompressDir(outDir);
      this.info(`precompressed ${t.files} files: ${(t.before / 1e6).toFixed(1)} MB → ${(t.after / 1e6).toFixed(1)} MB brotli`);
    },
  };
}
