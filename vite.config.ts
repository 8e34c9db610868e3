import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { precompress } from './scripts/build/precompress.ts';
import { answerError, staticFiles } from './server/web/staticFiles.ts';

/** Where Cesium's runtime files (Workers, Assets, ThirdParty, Widgets) live on our own origin. */
const CESIUM_BASE = 'cesium';
const cesiumBuild = 'node_modules/cesium/Build/Cesium';

/** The dev server serves the generated 3D Tiles at /tiles, as server/web/serve.ts does in production. */
function serveTiles(): Plugin {
  return {
    name: 'canton-twin:tiles',
    configureServer(server) {
      const tiles = staticFiles('tiles');
      server.middlewares.use('/tiles', (req, res, next) => {
        tiles(req, res)
          .then((sent) => sent || next())
          .catch((e: unknown) => answerError(res, e));
      });
    },
  };
}

/**
 * Cesium bundles Knockout for its widgets, and Knockout finds the global object with
 * `(0,eval)("this")` when it loads: under the server's Content-Security-Policy (no 'unsafe-eval')
 * that throws before the app starts. `globalThis` is the same object, without eval.
 */
function knockoutWithoutEval(): Plugin {
  const needle = 'this||(0,eval)("this")';
  return {
    name: 'canton-twin:knockout-without-eval',
    transform(code, id) {
      if (!/knockout-[\d.]+\.js$/.test(id)) return null;
      if (!code.includes(needle)) throw new Error(`${id}: Knockout no longer finds its global with ${needle}; check it still loads under the CSP`);
      return { code: code.replace(needle, 'globalThis'), map: null };
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    knockoutWithoutEval(),
    viteStaticCopy({
      targets: ['Workers', 'Assets', 'ThirdParty', 'Widgets'].map((dir) => ({
        src: `${cesiumBuild}/${dir}`,
        dest: CESIUM_BASE,
      })),
    }),
    precompress(),
    serveTiles(),
  ],
  define: {
    __CESIUM_BASE_URL__: JSON.stringify(`/${CESIUM_BASE}/`),
  },
  build: {
    chunkSizeWarningLimit: 6000,
    // Cesium is one large module; a separate chunk keeps the app chunk small and cacheable.
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'cesium', test: /node_modules[\\/](cesium|@cesium)/ }] },
      },
    },
  },
  server: { host: '127.0.0.1' },
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      { test: { name: 'tiles', include: ['tests/tiles/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 } },
      { test: { name: 'live', include: ['tests/live/**/*.live.ts'], testTimeout: 120_000, hookTimeout: 60_000, fileParallelism: false } },
      { test: { name: 'data', include: ['tests/data/**/*.test.ts'], testTimeout: 120_000 } },
    ],
  },
});
