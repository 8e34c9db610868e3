/**
 * Footprints → 3D Tiles 1.1: decode and repair (footprints.ts), split into a quadtree
 * (quadtree.ts), extrude each tile's buildings into a glb with per-building features and
 * metadata (tileContent.ts), and write tileset.json.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBuildings } from '../../src/analysis/buildingsFormat.ts';
import { encodeFootprints } from '../../src/analysis/footprintsFormat.ts';
import { BUILDING_USES } from '../../src/analysis/buildingUses.ts';
import { precompressDir } from '../build/precompress.ts';
import { BuildReport, decodeBuilding, signedArea, type Building, type DecodeOptions } from './footprints.ts';
import { enuFrame, metresPerDegree } from './geo.ts';
import { buildQuadtree, walk, type QuadNode, type QuadtreeOptions } from './quadtree.ts';
import { writeTileContent } from './tileContent.ts';

export const DEFAULT_QUADTREE: QuadtreeOptions = { leafMax: 700, keepPerTile: 250, maxLevel: 14 };

export interface PipelineResult {
  buildings: number;
  tiles: number;
  bytes: number;
  /** Total of the .gz files, when written. */
  compressedBytes: number | undefined;
  maxTileBytes: number;
  levels: number;
  seconds: number;
  report: BuildReport;
}

export type Progress = (done: number, total: number, phase: string) => void;

const RAD = Math.PI / 180;
const toRadians = (r: QuadNode['region']): number[] => [r[0] * RAD, r[1] * RAD, r[2] * RAD, r[3] * RAD, r[4], r[5]];

/** Decodes features one by one, so a huge input never needs a second copy in memory. */
export function decodeAll(features: readonly unknown[], options: DecodeOptions, report: BuildReport, progress?: Progress): Building[] {
  const out: Building[] = [];
  features.forEach((f, i) => {
    const b = decodeBuilding(f, i, options, report);
    if (b) out.push(b);
    progress?.(i + 1, features.length, 'decode');
  });
  return out;
}

/** Footprint area in m², planar at the building's latitude (holes subtracted). */
function footprintAreaM2(b: Building, lat: number): number {
  const mpd = metresPerDegree(lat);
  let area = 0;
  for (const poly of b.polygons) poly.forEach((ring, r) => (area += (r === 0 ? 1 : -1) * Math.abs(signedArea(ring)) * mpd.x * mpd.y));
  return area;
}

const uriOf = (node: QuadNode): string => `content/${node.level}/${node.x}_${node.y}.glb`;

export async function buildTileset(
  buildings: Building[],
  report: BuildReport,
  outDir: string,
  options: { quadtree?: QuadtreeOptions; progress?: Progress; compress?: boolean } = {},
): Promise<PipelineResult> {
  const t0 = performance.now();
  if (buildings.length === 0) throw new Error('no valid buildings to tile');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'content'), { recursive: true });

  // Planar centroids in metres around the data's centre, only for splitting space.
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const centroids = new Float64Array(buildings.length * 2);
  const lonLat = new Float64Array(buildings.length * 2);
  buildings.forEach((b, i) => {
    const ring = b.polygons[0]![0]!;
    let x = 0, y = 0;
    for (const p of ring) {
      x += p[0];
      y += p[1];
    }
    lonLat[2 * i] = x / ring.length;
    lonLat[2 * i + 1] = y / ring.length;
    w = Math.min(w, lonLat[2 * i]!);
    e = Math.max(e, lonLat[2 * i]!);
    s = Math.min(s, lonLat[2 * i + 1]!);
    n = Math.max(n, lonLat[2 * i + 1]!);
  });
  const centreLon = (w + e) / 2;
  const centreLat = (s + n) / 2;
  const mpd = metresPerDegree(centreLat);
  for (let i = 0; i < buildings.length; i++) {
    centroids[2 * i] = (lonLat[2 * i]! - centreLon) * mpd.x;
    centroids[2 * i + 1] = (lonLat[2 * i + 1]! - centreLat) * mpd.y;
  }
  const size = Math.max((e - w) * mpd.x, (n - s) * mpd.y, 1) * 1.0001;
  const tree = buildQuadtree(buildings, centroids, { minX: -size / 2, minY: -size / 2, size }, options.quadtree ?? DEFAULT_QUADTREE);
  const frame = enuFrame(centreLon, centreLat);

  const nodes = [...walk(tree)];
  let bytes = 0;
  let maxTileBytes = 0;
  let done = 0;
  for (const node of nodes) {
    const content = node.content.map((i) => buildings[i]!);
    const cLon = content.reduce((a, _, k) => a + lonLat[2 * node.content[k]!]!, 0) / content.length;
    const cLat = content.reduce((a, _, k) => a + lonLat[2 * node.content[k]! + 1]!, 0) / content.length;
    const tile = await writeTileContent(content, frame.toEnu, frame.toEnu(cLon, cLat, 0));
    mkdirSync(join(outDir, 'content', String(node.level)), { recursive: true });
    writeFileSync(join(outDir, uriOf(node)), tile.glb);
    bytes += tile.glb.byteLength;
    maxTileBytes = Math.max(maxTileBytes, tile.glb.byteLength);
    done += content.length;
    options.progress?.(done, buildings.length, 'tiles');
  }

  // Geometric error halves with each level and is 0 at the leaves: a tile's error is about the
  // size of the detail its children add.
  const rootError = size / 16;
  const tileJson = (node: QuadNode): Record<string, unknown> => {
    return {
      boundingVolume: { region: toRadians(node.region) },
      geometricError: node.children.length === 0 ? 0 : rootError / 2 ** node.level,
      refine: 'ADD',
      content: { uri: uriOf(node) },
      ...(node.children.length ? { children: node.children.map(tileJson) } : {}),
    };
  };
  const root = { ...tileJson(tree), transform: frame.matrix };
  const tileset = {
    asset: { version: '1.1', generator: 'Canton Twin tiler (scripts/tiles)' },
    geometricError: rootError * 2,
    root,
  };
  const json = JSON.stringify(tileset);
  writeFileSync(join(outDir, 'tileset.json'), json);
  bytes += json.length;
  // The analysis engine's view of the same buildings: centroid, height, floor area, use, id.
  const rows = encodeBuildings({
    count: buildings.length,
    lonLat,
    height: Float32Array.from(buildings, (b) => b.height),
    floorArea: Float32Array.from(buildings, (b, i) => footprintAreaM2(b, lonLat[2 * i + 1]!) * Math.max(1, b.floors)),
    use: Uint8Array.from(buildings, (b) => BUILDING_USES.indexOf(b.use)),
    ids: buildings.map((b) => b.id),
  });
  writeFileSync(join(outDir, 'buildings.bin'), rows);
  bytes += rows.byteLength;
  // Their footprints, in the same order, for the planner's ray casting (sunlight, sight lines).
  const footprints = encodeFootprints(buildings.map((b) => b.polygons.flat()), centreLon, centreLat);
  writeFileSync(join(outDir, 'footprints.bin'), footprints);
  bytes += footprints.byteLength;
  // gzip only: brotli at a useful quality costs more time than the whole tiling.
  const compressed = (options.compress ?? true) ? precompressDir(outDir, { brotli: false, gzipLevel: 6, minBytes: 1024 }).after : undefined;
  const levels = Math.max(...nodes.map((nd) => nd.level)) + 1;
  return { buildings: buildings.length, tiles: nodes.length, bytes, compressedBytes: compressed, maxTileBytes, levels, seconds: (performance.now() - t0) / 1000, report };
}
