/** Builds the default city's crowd model beside its panoramas: tiles/guangzhou/crowd/model.bin. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { decodeGrid } from '../../src/analysis/gridFormat.ts';
import { insideArea } from '../../src/analysis/pointInPolygon.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { decodePanoramaCells } from '../../src/domains/panorama/panoramaFormat.ts';
import { buildCrowdModel } from '../../src/domains/crowd/buildCrowdModel.ts';
import { encodeCrowdModel, type CrowdModel } from '../../src/domains/crowd/crowdModel.ts';
import { CROWD_MODEL_FILE } from '../../src/domains/crowd/server/opsPart.ts';
import { VENUES } from '../../src/domains/crowd/venues.ts';
import { GENERATED_DIR } from '../build-data.ts';


/** Whether a point lies in the city's water (generated/water.geojson: the river's channels, no bridges). */
export function readWater(path = join(GENERATED_DIR, 'water.geojson')): (lon: number, lat: number) => boolean {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
  const areas = doc.features.map((f) => insideArea(f.geometry as Parameters<typeof insideArea>[0]));
  return (lon, lat) => areas.some((inside) => inside(lon, lat));
}

/** The default city's crowd model, in memory: the grid's cells, the panoramas' people, the venues and the water. */
export function defaultCrowdModel(o: { tilesDir: string; gridPath?: string; waterPath?: string }): CrowdModel {
  const index = new GridIndex(decodeGrid(readFileSync(o.gridPath ?? join(GENERATED_DIR, 'grid.bin'))));
  const { figures } = decodePanoramaCells(readFileSync(join(o.tilesDir, 'panorama', 'cells.bin')));
  return buildCrowdModel({ index, residents: figures.column('people.residents'), daytime: figures.column('people.daytime'), venues: VENUES, inWater: readWater(o.waterPath) });
}

export function buildDefaultCrowd(o: { tilesDir: string; gridPath?: string }): CrowdModel {
  const t0 = performance.now();
  const model = defaultCrowdModel(o);
  const out = join(o.tilesDir, CROWD_MODEL_FILE);
  mkdirSync(dirname(out), { recursive: true });
  const bytes = encodeCrowdModel(model);
  writeFileSync(out, bytes);
  // Served precompressed where the browser accepts it (server/web/staticFiles.ts), as any CDN would.
  writeFileSync(`${out}.gz`, gzipSync(bytes, { level: 9 }));
  const h = model.header;
  console.log(`crowd: ${h.hexes.toLocaleString('en')} H3 hexagons (res ${h.res}), ${h.pieces.toLocaleString('en')} pieces, ${h.sites.toLocaleString('en')} stations, ${h.venues.length} venues; ${(bytes.length / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${relative(process.cwd(), out)}`);
  return model;
}

