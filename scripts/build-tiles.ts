/**
 * Builds 3D Tiles 1.1 of buildings.
 *
 *   tsx scripts/build-tiles.ts --default [--count 220000] [--seed 20261126] [--if-missing]
 *                              [--enterprises 500000] [--components 500000]
 *       the embedded Guangzhou default, generated → tiles/guangzhou, with its panoramas
 *       → tiles/guangzhou/panorama (scripts/panorama)
 *   tsx scripts/build-tiles.ts --input footprints.geojson [--crs gcj02] --out tiles/mycity
 *       real footprints: a GeoJSON FeatureCollection, or one Feature per line (.ndjson / .geojsonl)
 *
 * Ends with a report of skipped and repaired footprints (counts by reason, example ids) and a
 * summary: buildings, tiles, bytes, seconds.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDistricts } from './basemap/districts.ts';
import { buildWater } from './basemap/water.ts';
import { readEchartsGuangzhou } from './build-data.ts';
import { DEFAULT_CITY_SEED, generateCity } from './city/generateBuildings.ts';
import { buildDefaultPanorama, PANORAMA_FILES } from './panorama/buildPanorama.ts';
import { buildDefaultCrowd } from './crowd/buildCrowd.ts';
import { BuildReport, type DecodeOptions } from './tiles/footprints.ts';
import { buildTileset, decodeAll, type PipelineResult } from './tiles/pipeline.ts';
import { progressBar } from './tiles/progress.ts';
import { CROWD_MODEL_FILE } from '../src/domains/crowd/server/opsPart.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TILES_DIR = join(root, 'tiles', 'guangzhou');
export const DEFAULT_SEED = DEFAULT_CITY_SEED;
export const DEFAULT_COUNT = 220_000;

/** Reads a FeatureCollection, or newline-delimited features for inputs too big for one string. */
export async function readFeatures(path: string): Promise<unknown[]> {
  if (/\.(ndjson|geojsonl|geojsons|jsonl)$/i.test(path)) {
    const out: unknown[] = [];
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      try {
        out.push(JSON.parse(text));
      } catch {
        // Kept as a non-feature so the report counts it with its line number.
        out.push({ invalidJsonLine: line });
      }
    }
    return out;
  }
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { type?: string; features?: unknown[] };
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) throw new Error(`${path}: not a GeoJSON FeatureCollection`);
  return doc.features;
}

export async function tileFeatures(features: readonly unknown[], options: DecodeOptions, outDir: string, label: string): Promise<PipelineResult> {
  const bar = progressBar(label);
  const report = new BuildReport();
  const buildings = decodeAll(features, options, report, bar.update);
  const result = await buildTileset(buildings, report, outDir, { progress: bar.update });
  bar.end();
  return result;
}

export function printSummary(result: PipelineResult, outDir: string): void {
  console.log(`footprints: ${result.report.toText()}`);
  console.log(
    `tiles: ${result.buildings.toLocaleString('en')} buildings, ${result.tiles} tiles in ${result.levels} levels, ` +
      `${(result.bytes / 1e6).toFixed(1)} MB${result.compressedBytes ? ` (${(result.compressedBytes / 1e6).toFixed(1)} MB gzip)` : ''}, largest tile ${(result.maxTileBytes / 1e6).toFixed(2)} MB, ` +
      `${result.seconds.toFixed(1)} s → ${relative(root, outDir) || outDir}`,
  );
}

/**
 * The embedded default: generated buildings of Guangzhou, tiled into tiles/guangzhou, and the five
 * panoramas that agree with them in tiles/guangzhou/panorama, and the crowd model built on those
 * panoramas' people in tiles/guangzhou/crowd.
 */
export async function buildDefaultTiles({ ifMissing = false, count = DEFAULT_COUNT, seed = DEFAULT_SEED, outDir = DEFAULT_TILES_DIR, panorama = {} as { enterprises?: number; components?: number } } = {}): Promise<PipelineResult | undefined> {
  const tilesThere = ['tileset.json', 'buildings.bin', 'footprints.bin'].every((f) => existsSync(join(outDir, f)));
  const panoramaThere = PANORAMA_FILES.every((f) => existsSync(join(outDir, 'panorama', f)));
  const crowdThere = existsSync(join(outDir, CROWD_MODEL_FILE));
  if (ifMissing && tilesThere && panoramaThere) {
    if (!crowdThere) buildDefaultCrowd({ tilesDir: outDir });
    console.log(`tiles: up to date in ${relative(root, outDir)}`);
    return undefined;
  }
  const t0 = performance.now();
  const districts = buildDistricts(readEchartsGuangzhou());
  const city = generateCity({ seed, count, districts, water: buildWater(districts) });
  console.log(`city: generated ${city.features.length.toLocaleString('en')} buildings and ${city.parcels.length.toLocaleString('en')} street blocks (seed ${seed}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let result: PipelineResult | undefined;
  if (!ifMissing || !tilesThere) {
    result = await tileFeatures(city.features, { crs: 'wgs84' }, outDir, 'tiles');
    printSummary(result, outDir);
  }
  await buildDefaultPanorama({ tilesDir: outDir, city, seed, ...panorama });
  buildDefaultCrowd({ tilesDir: outDir });
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      default: { type: 'boolean' },
      'if-missing': { type: 'boolean' },
      count: { type: 'string' },
      seed: { type: 'string' },
      input: { type: 'string' },
      crs: { type: 'string', default: 'wgs84' },
      out: { type: 'string' },
      enterprises: { type: 'string' },
      components: { type: 'string' },
    },
  });
  if (values.default || !values.input) {
    await buildDefaultTiles({
      ifMissing: values['if-missing'] ?? false,
      count: values.count ? Number(values.count) : DEFAULT_COUNT,
      seed: values.seed ? Number(values.seed) : DEFAULT_SEED,
      outDir: values.out ? resolve(values.out) : DEFAULT_TILES_DIR,
      panorama: { enterprises: values.enterprises ? Number(values.enterprises) : undefined, components: values.components ? Number(values.components) : undefined },
    });
    return;
  }
  if (values.crs !== 'wgs84' && values.crs !== 'gcj02') throw new Error(`--crs must be wgs84 or gcj02, not ${values.crs}`);
  const outDir = resolve(values.out ?? join(root, 'tiles', 'custom'));
  const result = await tileFeatures(await readFeatures(values.input), { crs: values.crs }, outDir, 'tiles');
  printSummary(result, outDir);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
