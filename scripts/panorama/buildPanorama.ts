/** Generates the default city's panoramas beside its tiles: tiles/guangzhou/panorama. */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeBuildings } from '../../src/analysis/buildingsFormat.ts';
import { decodeGrid } from '../../src/analysis/gridFormat.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { GENERATED_DIR } from '../build-data.ts';
import type { CityParcel, BuildingFeature } from '../city/generateBuildings.ts';
import { DEFAULT_PANORAMA, generatePanorama } from './generatePanorama.ts';
import { writePanorama } from './writePanorama.ts';

export const PANORAMA_FILES = ['cells.bin', 'enterprises.chunks', 'parcels.chunks', 'components.chunks', 'services.chunks', 'cases.chunks'];

const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;

export async function buildDefaultPanorama(o: { tilesDir: string; city: { features: BuildingFeature[]; parcels: CityParcel[] }; seed: number; enterprises?: number; components?: number; cases?: number; gridPath?: string }): Promise<void> {
  const t0 = performance.now();
  const grid = decodeGrid(readFileSync(o.gridPath ?? join(GENERATED_DIR, 'grid.bin')));
  const index = new GridIndex(grid);
  const buildings = decodeBuildings(readFileSync(join(o.tilesDir, 'buildings.bin')));
  const cells = index.cellsAt(buildings.lonLat);
  const floors = new Map(o.city.features.map((f) => [f.properties.id, f.properties.floors]));
  const options = { ...DEFAULT_PANORAMA, seed: o.seed ^ 0x50414e4f, ...(o.enterprises === undefined ? {} : { enterprises: o.enterprises }), ...(o.components === undefined ? {} : { components: o.components }), ...(o.cases === undefined ? {} : { cases: o.cases }) };
  const rows = generatePanorama(
    {
      buildings,
      buildingDistrict: (i) => (cells[i]! >= 0 ? grid.districts[grid.district[cells[i]!]!]! : ''),
      floorsOf: (id) => floors.get(id) ?? 1,
      parcels: o.city.parcels,
      cellAt: (lon, lat) => index.cellAt(lon, lat),
    },
    options,
  );
  const t1 = performance.now();
  const outDir = join(o.tilesDir, 'panorama');
  const report = writePanorama(outDir, index, { buildings }, rows, { asOfMs: options.asOfMs, source: 'Generated (scripts/panorama), consistent with the generated buildings' });
  console.log(
    `panorama: ${Object.entries(report.records).map(([s, n]) => `${n.toLocaleString('en')} ${s} (${mb(report.bytes[s as keyof typeof report.bytes])}${report.outside[s as keyof typeof report.outside] ? `, ${report.outside[s as keyof typeof report.outside]} outside the grid` : ''})`).join(', ')}; ` +
      `cells.bin ${mb(report.bytes.cells)}; generated in ${((t1 - t0) / 1000).toFixed(1)} s, written in ${((performance.now() - t1) / 1000).toFixed(1)} s → ${relative(process.cwd(), outDir)}`,
  );
}
