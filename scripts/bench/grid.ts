/**
 * `npm run bench:grid`: point → cell on the default 18,649-cell grid, 1,000,000 random points
 * over its extent. Prints points per second for the engine (raster + exact fallback) and, in the
 * same run, for a naive loop of Turf booleanPointInPolygon over all cells (timed on a sample and
 * extrapolated, as it would take hours), and the ratio.
 */
import * as turf from '@turf/turf';
import { parseArgs } from 'node:util';
import { buildDistricts } from '../basemap/districts.ts';
import { GRID_SEED, readEchartsGuangzhou } from '../build-data.ts';
import { mulberry32 } from '../city/random.ts';
import { generateGrid, GUANGZHOU_GRID_CELLS } from '../grid/generateGrid.ts';
import { decodeGrid, encodeGrid } from '../../src/analysis/gridFormat.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { cellGeometry } from '../../src/analysis/gridMesh.ts';

const { values } = parseArgs({ options: { points: { type: 'string', default: '1000000' }, naive: { type: 'string', default: '300' } } });
const N = Number(values.points);
const SAMPLE = Number(values.naive);

const bytes = encodeGrid(generateGrid(buildDistricts(readEchartsGuangzhou()), { count: GUANGZHOU_GRID_CELLS, seed: GRID_SEED }));
const grid = decodeGrid(bytes);
let t0 = performance.now();
const index = new GridIndex(grid);
const buildMs = performance.now() - t0;

const rnd = mulberry32(1);
const [w, s, e, n] = index.extent;
const points = new Float64Array(2 * N);
for (let i = 0; i < N; i++) {
  points[2 * i] = w + (e - w) * rnd();
  points[2 * i + 1] = s + (n - s) * rnd();
}

// Warm up the JIT on a slice, then time the whole batch; best of three.
index.cellsAt(points.subarray(0, 20_000));
const out = new Int32Array(N);
let best = Infinity;
for (let round = 0; round < 3; round++) {
  t0 = performance.now();
  index.cellsAt(points, out);
  best = Math.min(best, performance.now() - t0);
}
const enginePerSecond = N / (best / 1000);
let inside = 0;
for (const c of out) if (c >= 0) inside++;

const features = Array.from({ length: index.cellCount }, (_, c) => turf.feature(cellGeometry(grid, c)));
t0 = performance.now();
let agree = 0;
for (let i = 0; i < SAMPLE; i++) {
  const p = [points[2 * i]!, points[2 * i + 1]!];
  let found = -1;
  for (let c = 0; c < features.length; c++) {
    if (turf.booleanPointInPolygon(p, features[c]!)) {
      found = c;
      break;
    }
  }
  if (found === out[i]) agree++;
}
const naivePerSecond = SAMPLE / ((performance.now() - t0) / 1000);

console.log('bench:grid');
console.log(`  grid              ${index.cellCount.toLocaleString('en')} cells, grid.bin ${(bytes.byteLength / 1024).toFixed(0)} KB`);
console.log(`  index build       ${buildMs.toFixed(0)} ms, raster + edge lists ${(index.rasterBytes / 2 ** 20).toFixed(1)} MiB, ${(index.edgeShare * 100).toFixed(1)} % edge pixels`);
console.log(`  engine            ${N.toLocaleString('en')} points in ${best.toFixed(0)} ms = ${(enginePerSecond / 1e6).toFixed(2)} M points/s (${((inside / N) * 100).toFixed(0)} % inside the city)`);
console.log(`  naive Turf loop   ${SAMPLE} points sampled = ${naivePerSecond.toFixed(0)} points/s (would take ${(N / naivePerSecond / 60).toFixed(0)} min for ${N.toLocaleString('en')}); agrees with the engine on ${agree}/${SAMPLE}`);
console.log(`  ratio             ${Math.round(enginePerSecond / naivePerSecond).toLocaleString('en')} × the naive loop`);
console.log(`  target            ≥ 3,000,000 points/s and ≥ 3,000 ×: ${enginePerSecond >= 3e6 && enginePerSecond / naivePerSecond >= 3000 ? 'met' : 'NOT met'}`);
