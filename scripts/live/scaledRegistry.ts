/**
 * A larger sensor registry than the default's 5,200, for `--sensors N` (npm start, the simulator,
 * bench:live). It is generated once from the city's own generated districts, water and grid, into
 * an overlay folder under var/ whose files the server sends in place of the bundle's (serve.ts
 * `overlay`): the page, the simulator and the operations service then read the same registry, and
 * dist/ stays as built.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { decodeGrid } from '../../src/analysis/gridFormat.ts';
import { DEFAULT_SENSOR_TOTAL, generateSensors } from './generateSensors.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATED = join(root, 'public/cities/guangzhou/generated');
/** The registry's path under the served folder, as city.json names it. */
const REGISTRY_PATH = 'cities/guangzhou/generated/sensors.geojson';

export interface ScaledRegistry {
  /** The registry file the simulator and the service read. */
  file: string;
  /** The folder to serve over dist/, or null for the default registry (served from the bundle). */
  overlay: string | null;
}

export function scaledRegistry(total: number = DEFAULT_SENSOR_TOTAL): ScaledRegistry {
  if (total === DEFAULT_SENSOR_TOTAL) return { file: join(GENERATED, 'sensors.geojson'), overlay: null };
  const overlay = join(root, 'var', 'sensors', String(total));
  const file = join(overlay, REGISTRY_PATH);
  const grid = join(GENERATED, 'grid.bin');
  // Regenerated when the city's data is newer: the sensors' cells must be the grid's.
  if (existsSync(file) && existsSync(`${file}.br`) && statSync(file).mtimeMs >= statSync(grid).mtimeMs) return { file, overlay };
  const t0 = performance.now();
  const doc = generateSensors({
    districts: JSON.parse(readFileSync(join(GENERATED, 'districts.geojson'), 'utf8')),
    water: JSON.parse(readFileSync(join(GENERATED, 'water.geojson'), 'utf8')),
    grid: decodeGrid(readFileSync(grid)),
    total,
  });
  const text = Buffer.from(JSON.stringify(doc));
  mkdirSync(dirname(file), { recursive: true });
  // Written beside and renamed, so that a run stopped half-way leaves no truncated registry.
  writeFileSync(`${file}.br.part`, brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }));
  writeFileSync(`${file}.part`, text);
  renameSync(`${file}.br.part`, `${file}.br`);
  renameSync(`${file}.part`, file);
  console.log(`sensors: ${total.toLocaleString('en')} sensors (${(text.length / 1048576).toFixed(1)} MiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${file}`);
  return { file, overlay };
}
