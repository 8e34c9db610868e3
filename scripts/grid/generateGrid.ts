/**
 * The embedded default management grid: exactly `count` cells (18,649 for Guangzhou) that tile the
 * 11 districts with no gap and no overlap.
 *
 * Method: each district gets a share of the cells by its area times a density weight (small cells
 * in the dense core, large ones in the rural north and south); seeds are scattered inside it,
 * thicker near its centre; the Voronoi diagram of the seeds (d3-delaunay, in local metres) is
 * clipped by the district. Voronoi cells of one district tile its bounding box, so after clipping
 * they tile the district; districts share their borders exactly in the source, so the cells of
 * neighbouring districts meet without gaps.
 */
import * as turf from '@turf/turf';
import { Delaunay } from 'd3-delaunay';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { packRings, pointInRings } from '../../src/analysis/pointInPolygon.ts';
import type { PackedGrid } from '../../src/analysis/gridFormat.ts';
import type { DistrictProperties } from '../../src/sources/basemapSchemas.ts';
import { metresPerDegree } from '../tiles/geo.ts';
import { mulberry32 } from '../city/random.ts';
import { weldTJunctions } from './weld.ts';

export const GUANGZHOU_GRID_CELLS = 18_649;

/** Cells per km², relative: the core districts are managed in far finer cells. */
export const GRID_DENSITY: Record<string, number> = {
  '440104': 40, // Yuexiu
  '440103': 24, // Liwan
  '440105': 22, // Haizhu
  '440106': 18, // Tianhe
  '440111': 5, // Baiyun
  '440113': 5, // Panyu
  '440112': 3.5, // Huangpu
  '440114': 2, // Huadu
  '440118': 1.4, // Zengcheng
  '440115': 1.4, // Nansha
  '440117': 0.8, // Conghua
};

/** Splits `total` by weight so that the parts are whole numbers that add up exactly. */
export function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).toSorted((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]!++;
  }
  return out;
}

type Rings = Position[][];

function polygonsOf(g: Polygon | MultiPolygon): Rings[] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

interface Cell {
  district: number;
  /** Polygons, each outer ring then holes, closed GeoJSON rings in degrees. */
  polygons: Rings[];
  centroid: [number, number];
}

export function generateGrid(districts: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>, options: { count: number; seed: number }): PackedGrid {
  const features = districts.features;
  const counts = apportion(features.map((f) => f.properties.areaKm2 * (GRID_DENSITY[f.properties.adcode] ?? 1)), options.count);
  const cells: Cell[] = [];
  features.forEach((district, d) => {
    cells.push(...districtCells(district, d, counts[d]!, options.seed + d));
  });

  // Number the cells of each district from north-west to south-east, in 1 km bands.
  const serial = new Uint16Array(cells.length);
  const order = cells.map((_, i) => i);
  order.sort((a, b) => {
    const ca = cells[a]!;
    const cb = cells[b]!;
    return ca.district - cb.district || Math.floor((24 - ca.centroid[1]) * 111) - Math.floor((24 - cb.centroid[1]) * 111) || ca.centroid[0] - cb.centroid[0];
  });
  const next = new Map<number, number>();
  const sorted = order.map((i) => cells[i]!);
  sorted.forEach((c, k) => {
    const n = (next.get(c.district) ?? 0) + 1;
    next.set(c.district, n);
    serial[k] = n;
  });

  const closed = sorted.flatMap((c) => c.polygons.flatMap((p) => p));
  weldTJunctions(closed);
  const rings = closed.map((r) => r.slice(0, -1));
  const cellRingStart = new Uint32Array(sorted.length + 1);
  let r = 0;
  sorted.forEach((c, i) => {
    cellRingStart[i] = r;
    r += c.polygons.reduce((a, p) => a + p.length, 0);
  });
  cellRingStart[sorted.length] = r;
  const { coords, ringStarts } = packRings(rings);
  return {
    districts: features.map((f) => f.properties.adcode),
    district: Uint8Array.from(sorted.map((c) => c.district)),
    serial,
    cellRingStart,
    ringPointStart: ringStarts,
    coords,
  };
}

function districtCells(district: Feature<Polygon | MultiPolygon, DistrictProperties>, d: number, n: number, seed: number): Cell[] {
  const rnd = mulberry32(seed);
  const [w, s, e, nth] = turf.bbox(district);
  const mpd = metresPerDegree((s + nth) / 2);
  const polys = polygonsOf(district.geometry);
  const packed = polys.map((p) => packRings(p));
  const inside = (lon: number, lat: number): boolean => packed.some((p) => pointInRings(p.coords, p.ringStarts, 0, p.ringStarts.length - 1, lon, lat));
  const [cx, cy] = district.properties.label;
  const reach = Math.max((e - w) * mpd.x, (nth - s) * mpd.y) / 2;

  // Seeds: rejection sampling, twice as likely near the district's centre as at its edge.
  const seeds: number[] = [];
  while (seeds.length < 2 * n) {
    const lon = w + (e - w) * rnd();
    const lat = s + (nth - s) * rnd();
    const r = Math.hypot((lon - cx) * mpd.x, (lat - cy) * mpd.y) / reach;
    if (rnd() > 1 / (1 + r)) continue;
    if (inside(lon, lat)) seeds.push((lon - w) * mpd.x, (lat - s) * mpd.y);
  }
  const width = (e - w) * mpd.x;
  const height = (nth - s) * mpd.y;
  const voronoi = Delaunay.from(Array.from({ length: n }, (_, i) => [seeds[2 * i]!, seeds[2 * i + 1]!] as [number, number])).voronoi([-1, -1, width + 1, height + 1]);
  const toDeg = (p: [number, number] | number[]): Position => [w + p[0]! / mpd.x, s + p[1]! / mpd.y];

  // Border segments of the district, indexed, to find the cells that need clipping.
  const segs: [Position, Position][] = polys.flatMap((p) => p.flatMap((ring) => ring.slice(1).map((b, i) => [ring[i]!, b] as [Position, Position])));
  const index = new Flatbush(segs.length);
  for (const [a, b] of segs) index.add(Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!));
  index.finish();

  const out: Cell[] = [];
  for (let i = 0; i < n; i++) {
    const poly = voronoi.cellPolygon(i);
    if (!poly) continue;
    const ring = poly.map(toDeg);
    const xs = ring.map((p) => p[0]!);
    const ys = ring.map((p) => p[1]!);
    const crossesBorder = index.search(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)).length > 0;
    let polygons: Rings[];
    if (!crossesBorder) polygons = [[ring]];
    else {
      // Clip the district to the cell's box first: intersecting with a few dozen vertices instead of
      // thousands is what keeps generation to seconds. The cell lies inside its box, so the result
      // is the same.
      const pad = 1e-6;
      const local = turf.bboxClip(district as Feature<Polygon | MultiPolygon>, [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad]) as Feature<Polygon | MultiPolygon>;
      const clipped = turf.intersect(turf.featureCollection([turf.polygon([ring]), local]));
      if (!clipped) continue;
      polygons = polygonsOf(clipped.geometry);
    }
    const seedLonLat = toDeg([seeds[2 * i]!, seeds[2 * i + 1]!]);
    out.push({ district: d, polygons, centroid: [seedLonLat[0]!, seedLonLat[1]!] });
  }
  return out;
}
