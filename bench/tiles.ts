/**
 * `npm run bench:tiles`: the tiling pipeline on 1,000,000 generated footprints (or --count N).
 * Prints buildings per second through decode → quadtree → glb → tileset.json → gzip, the peak
 * resident memory of the process, and the output size. Generation is timed apart: it is not part
 * of the pipeline a real data set goes through.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDistricts } from '../scripts/basemap/districts.ts';
import { buildWater } from '../scripts/basemap/water.ts';
import { readEchartsGuangzhou } from '../scripts/build-data.ts';
import { DEFAULT_SEED } from '../scripts/build-tiles.ts';
import { generateBuildings } from '../scripts/city/generateBuildings.ts';
import { BuildReport } from '../scripts/tiles/footprints.ts';
import { buildTileset, decodeAll } from '../scripts/tiles/pipeline.ts';
import { progressBar } from '../scripts/tiles/progress.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, keep: { type: 'boolean' } } });
const count = Number(values.count);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const g0 = performance.now();
const districts = buildDistricts(readEchartsGuangzhou());
const features = generateBuildings({ seed: DEFAULT_SEED, count, districts, water: buildWater(districts) });
const generateSeconds = (performance.now() - g0) / 1000;
console.log(`generated ${features.length.toLocaleString('en')} footprints in ${generateSeconds.toFixed(1)} s (not part of the pipeline figure)`);

const out = mkdtempSync(join(tmpdir(), 'canton-twin-bench-tiles-'));
const bar = progressBar('bench');
const t0 = performance.now();
const report = new BuildReport();
const buildings = decodeAll(features, { crs: 'wgs84' }, report);
const decodeSeconds = (performance.now() - t0) / 1000;
const result = await buildTileset(buildings, report, out, { progress: bar.update });
const seconds = (performance.now() - t0) / 1000;
bar.end();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log('\nbench:tiles');
console.log(`  footprints         ${features.length.toLocaleString('en')} (${report.skippedTotal} skipped)`);
console.log(`  pipeline time      ${seconds.toFixed(1)} s (decode ${decodeSeconds.toFixed(1)} s, tiles + gzip ${result.seconds.toFixed(1)} s)`);
console.log(`  buildings / s      ${Math.round(result.buildings / seconds).toLocaleString('en')}`);
console.log(`  peak memory (RSS)  ${(peakRss / 2 ** 30).toFixed(2)} GiB, generation included`);
console.log(`  output             ${result.tiles} tiles in ${result.levels} levels, ${(result.bytes / 1e6).toFixed(0)} MB raw, ${((result.compressedBytes ?? 0) / 1e6).toFixed(0)} MB gzip, largest tile ${(result.maxTileBytes / 1e6).toFixed(2)} MB`);
console.log(`  target             1,000,000 in ≤ 120 s and ≤ 4 GB: ${result.buildings >= 1_000_000 && seconds <= 120 && peakRss <= 4 * 2 ** 30 ? 'met' : 'NOT met'}`);
if (values.keep) console.log(`  kept in ${out}`);
else rmSync(out, { recursive: true, force: true });
