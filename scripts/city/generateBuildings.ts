/**
 * The embedded default city: a deterministic, seeded Guangzhou of building footprints.
 *
 * - Buildings stand inside the real district borders, never on the Pearl River (the generated
 *   water area), and never on a landmark's plot.
 * - Space is cut into 1.6 km neighbourhoods, each with its own street-grid angle; streets cut
 *   each neighbourhood into blocks, and each block is built up in one of a few typologies
 *   (residential towers, old town, urban village, industry, public, CBD offices).
 * - How many buildings each district gets is set by `DISTRICT_PROFILES`: densest in Yuexiu,
 *   Tianhe, Haizhu and Liwan, sparse in Conghua and Nansha. Within a district, blocks near its
 *   centres are built first.
 *
 * Output is GeoJSON features, fed to the tiler through the same decoder as real data.
 */
import { bboxClip, polygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { packRings, pointInRings } from '../../src/analysis/pointInPolygon.ts';
import type { DistrictProperties, WaterProperties } from '../../src/sources/basemapSchemas.ts';
import type { BuildingUse } from '../tiles/footprints.ts';
import { metresPerDegree } from '../tiles/geo.ts';
import { LANDMARK_CLEARANCE_M, LANDMARKS, type Landmark } from './landmarks.ts';
import { between, cellSeed, mulberry32, pick, type Random } from './random.ts';

export type Typology = 'towers' | 'cbd' | 'oldtown' | 'village' | 'industrial' | 'public' | 'commercial';

interface Profile {
  /** Share of the default 220,000 buildings. */
  share: number;
  blockM: number;
  streetM: number;
  mix: Partial<Record<Typology, number>>;
  /** Village houses here are rural (low) rather than urban villages (mid-rise). */
  rural?: boolean;
  /** Distance over which the chance of building falls off from the district's centres, metres. */
  spreadM: number;
}

const CORE_MIX = { towers: 0.45, oldtown: 0.2, village: 0.17, public: 0.08, commercial: 0.1 };
export const DISTRICT_PROFILES: Record<string, Profile> = {
  '440104': { share: 0.1, blockM: 150, streetM: 20, spreadM: 6000, mix: { towers: 0.3, oldtown: 0.45, village: 0.05, public: 0.1, commercial: 0.1 } }, // Yuexiu
  '440103': { share: 0.077, blockM: 150, streetM: 20, spreadM: 6000, mix: { towers: 0.35, oldtown: 0.35, village: 0.15, public: 0.07, commercial: 0.08 } }, // Liwan
  '440105': { share: 0.127, blockM: 160, streetM: 22, spreadM: 8000, mix: CORE_MIX }, // Haizhu
  '440106': { share: 0.136, blockM: 170, streetM: 24, spreadM: 9000, mix: CORE_MIX }, // Tianhe
  '440111': { share: 0.159, blockM: 220, streetM: 18, spreadM: 9000, mix: { towers: 0.35, village: 0.32, industrial: 0.22, public: 0.05, commercial: 0.06 } }, // Baiyun
  '440113': { share: 0.136, blockM: 220, streetM: 18, spreadM: 10000, mix: { towers: 0.4, village: 0.28, industrial: 0.22, public: 0.05, commercial: 0.05 } }, // Panyu
  '440112': { share: 0.082, blockM: 240, streetM: 20, spreadM: 9000, mix: { towers: 0.3, village: 0.25, industrial: 0.35, public: 0.05, commercial: 0.05 } }, // Huangpu
  '440114': { share: 0.068, blockM: 280, streetM: 16, spreadM: 9000, mix: { towers: 0.2, village: 0.45, industrial: 0.3, public: 0.05 }, rural: true }, // Huadu
  '440118': { share: 0.055, blockM: 300, streetM: 16, spreadM: 9000, mix: { towers: 0.2, village: 0.5, industrial: 0.25, public: 0.05 }, rural: true }, // Zengcheng
  '440115': { share: 0.036, blockM: 300, streetM: 18, spreadM: 9000, mix: { towers: 0.25, village: 0.35, industrial: 0.35, public: 0.05 }, rural: true }, // Nansha
  '440117': { share: 0.024, blockM: 340, streetM: 14, spreadM: 8000, mix: { towers: 0.1, village: 0.72, industrial: 0.13, public: 0.05 }, rural: true }, // Conghua
};

/** Zhujiang New Town, Guangzhou's CBD: office towers within this radius. */
const CBD = { lon: 113.3215, lat: 23.124, radiusM: 1300 };
export const NEIGHBOURHOOD_M = 1600;
/** The default city's seed: its buildings, and the street grids the truck world lays on them. */
export const DEFAULT_CITY_SEED = 20261126;

export interface BuildingProps {
  id: string;
  name: string;
  height: number;
  floors: number;
  use: BuildingUse;
  year: number;
  district: string;
}

export type BuildingFeature = Feature<Polygon, BuildingProps>;

/**
 * A street block as a land parcel: its ground between the streets, what was built on it (its
 * typology, or none), and its buildings. Land-use panoramas classify parcels by typology.
 */
export interface CityParcel {
  /** Closed ring, lon/lat. */
  ring: [number, number][];
  typology: Typology | null;
  district: string;
  seed: number;
  buildings: BuildingFeature[];
}

interface PackedArea {
  coords: Float64Array;
  ringStarts: Uint32Array;
  bbox: [number, number, number, number];
}

function packArea(g: Polygon | MultiPolygon): PackedArea[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((rings) => {
    const { coords, ringStarts } = packRings(rings);
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (let i = 0; i < coords.length; i += 2) {
      w = Math.min(w, coords[i]!);
      e = Math.max(e, coords[i]!);
      s = Math.min(s, coords[i + 1]!);
      n = Math.max(n, coords[i + 1]!);
    }
    return { coords, ringStarts, bbox: [w, s, e, n] };
  });
}

const inArea = (parts: PackedArea[], x: number, y: number): boolean =>
  parts.some((p) => x >= p.bbox[0] && x <= p.bbox[2] && y >= p.bbox[1] && y <= p.bbox[3] && pointInRings(p.coords, p.ringStarts, 0, p.ringStarts.length - 1, x, y));

/** A rectangle in a block's frame: centre offset (u, v) and size (w, d), metres. */
interface Rect {
  u: number;
  v: number;
  w: number;
  d: number;
  height: number;
  use: BuildingUse;
  year: number;
  /** Inner courtyard as a fraction of the size: a footprint with a hole. */
  courtyard?: number;
}

const floorsOf = (h: number): number => Math.max(1, Math.round(h / 3));

/** Lays out one block of inner size `size` (metres) in a typology. */
function layoutBlock(rnd: Random, typology: Typology, size: number, rural: boolean): Rect[] {
  const rects: Rect[] = [];
  const grid = (w: number, d: number, gapU: number, gapV: number, make: () => Omit<Rect, 'u' | 'v' | 'w' | 'd'>): void => {
    const nu = Math.max(1, Math.floor((size + gapU) / (w + gapU)));
    const nv = Math.max(1, Math.floor((size + gapV) / (d + gapV)));
    const spanU = nu * w + (nu - 1) * gapU;
    const spanV = nv * d + (nv - 1) * gapV;
    for (let i = 0; i < nu; i++) {
      for (let j = 0; j < nv; j++) {
        if (rnd() < 0.08) continue; // an open plot
        const jitter = (): number => between(rnd, -1.5, 1.5);
        const sw = w * between(rnd, 0.85, 1.05);
        const sd = d * between(rnd, 0.85, 1.05);
        rects.push({ u: -spanU / 2 + w / 2 + i * (w + gapU) + jitter(), v: -spanV / 2 + d / 2 + j * (d + gapV) + jitter(), w: sw, d: sd, ...make() });
      }
    }
  };
  switch (typology) {
    case 'cbd':
      grid(42, 42, 40, 40, () => ({ height: 90 + 190 * rnd() ** 2.5, use: rnd() < 0.85 ? 'office' : 'commercial', year: Math.round(between(rnd, 2002, 2021)) }));
      break;
    case 'towers':
      grid(20, 38, 26, 24, () => ({ height: between(rnd, 40, 110), use: 'residential', year: Math.round(between(rnd, 1995, 2023)) }));
      break;
    case 'oldtown':
      grid(13, 17, 4, 5, () => ({ height: between(rnd, 10, 28), use: rnd() < 0.75 ? 'residential' : 'commercial', year: Math.round(between(rnd, 1950, 1998)) }));
      break;
    case 'village':
      // Urban villages are packed "handshake" blocks; rural villages are loose clusters.
      if (rural) grid(11, 13, 9, 10, () => ({ height: between(rnd, 5, 12), use: 'residential', year: Math.round(between(rnd, 1980, 2018)) }));
      else grid(10, 12, 2.5, 3, () => ({ height: between(rnd, 12, 24), use: 'residential', year: Math.round(between(rnd, 1985, 2015)) }));
      break;
    case 'industrial':
      grid(48, 90, 20, 20, () => ({ height: between(rnd, 8, 18), use: 'industrial', year: Math.round(between(rnd, 1990, 2020)) }));
      break;
    case 'public':
      rects.push({ u: 0, v: 0, w: size * 0.6, d: size * 0.45, height: between(rnd, 14, 30), use: rnd() < 0.6 ? 'education' : 'public', year: Math.round(between(rnd, 1970, 2018)), courtyard: 0.5 });
      break;
    case 'commercial':
      grid(32, 50, 22, 22, () => ({ height: between(rnd, 20, 75), use: 'commercial', year: Math.round(between(rnd, 1990, 2022)) }));
      break;
  }
  return rects;
}

/** A street block waiting to be built: everything needed to lay it out later, and its priority. */
interface Block {
  district: string;
  score: number;
  typology: Typology;
  seed: number;
  /** Centre and street-grid angle, in metres from the city's south-west corner. */
  x: number;
  y: number;
  theta: number;
  /** The neighbourhood square the block belongs to. */
  x0: number;
  y0: number;
}

function landmarkFeature(l: Landmark): BuildingFeature {
  const mpd = metresPerDegree(l.lat);
  const rot = (l.plan.rotationDeg * Math.PI) / 180;
  const ring: [number, number][] = [];
  for (let k = 0; k < l.plan.sides; k++) {
    const a = (2 * Math.PI * k) / l.plan.sides;
    const x = l.plan.rx * Math.cos(a);
    const y = l.plan.ry * Math.sin(a);
    ring.push([l.lon + (x * Math.cos(rot) - y * Math.sin(rot)) / mpd.x, l.lat + (x * Math.sin(rot) + y * Math.cos(rot)) / mpd.y]);
  }
  ring.push(ring[0]!);
  return {
    type: 'Feature',
    properties: { id: l.id, name: l.name, height: l.height, floors: l.floors, use: l.use, year: l.year, district: l.district },
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}

export interface GenerateOptions {
  seed: number;
  /** Total buildings wanted, landmarks included. */
  count: number;
  districts: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>;
  water: FeatureCollection<Polygon | MultiPolygon, WaterProperties>;
}

/** The metric frame the city is laid out in: metres east and north of its south-west corner. */
export interface CityFrame {
  west: number;
  south: number;
  mpd: { x: number; y: number };
  /** Neighbourhood squares across and up. */
  nx: number;
  ny: number;
  toLonLat(x: number, y: number): [number, number];
  districtAt(lon: number, lat: number): string | undefined;
  onWater(lon: number, lat: number): boolean;
  /** Each district's label point, in the frame. */
  centres: Map<string, readonly [number, number]>;
}

export function cityFrame(districts: GenerateOptions['districts'], water: GenerateOptions['water']): CityFrame {
  const areas = districts.features.map((f) => ({ adcode: f.properties.adcode, parts: packArea(f.geometry), centre: f.properties.label }));
  const waterParts = water.features.flatMap((f) => packArea(f.geometry));
  const all = areas.flatMap((a) => a.parts.map((p) => p.bbox));
  const west = Math.min(...all.map((b) => b[0]));
  const south = Math.min(...all.map((b) => b[1]));
  const east = Math.max(...all.map((b) => b[2]));
  const north = Math.max(...all.map((b) => b[3]));
  const mpd = metresPerDegree((south + north) / 2);
  return {
    west,
    south,
    mpd,
    nx: Math.ceil(((east - west) * mpd.x) / NEIGHBOURHOOD_M),
    ny: Math.ceil(((north - south) * mpd.y) / NEIGHBOURHOOD_M),
    toLonLat: (x, y) => [west + x / mpd.x, south + y / mpd.y],
    districtAt: (lon, lat) => areas.find((a) => inArea(a.parts, lon, lat))?.adcode,
    onWater: (lon, lat) => inArea(waterParts, lon, lat),
    centres: new Map(areas.map((a) => [a.adcode, [(a.centre[0] - west) * mpd.x, (a.centre[1] - south) * mpd.y] as const])),
  };
}

/**
 * Neighbourhood (i, j) of the frame: its south-west corner, its street-grid angle, its street
 * spacing (the block size of the district at its centre), and the random stream its blocks draw
 * from after the angle. The street network (scripts/trucks) lays its streets on the same grid.
 */
export function neighbourhood(frame: CityFrame, seed: number, i: number, j: number): { x0: number; y0: number; theta: number; blockM: number; district: string | undefined; rnd: Random } {
  const rnd = mulberry32(cellSeed(seed, i, j));
  const x0 = i * NEIGHBOURHOOD_M;
  const y0 = j * NEIGHBOURHOOD_M;
  const [clon, clat] = frame.toLonLat(x0 + NEIGHBOURHOOD_M / 2, y0 + NEIGHBOURHOOD_M / 2);
  // The profile of the neighbourhood comes from its centre, or any block's district if the
  // centre is outside the city.
  const district = frame.districtAt(clon, clat);
  const theta = between(rnd, -0.45, 0.45);
  return { x0, y0, theta, blockM: (district ? DISTRICT_PROFILES[district]?.blockM : undefined) ?? 260, district, rnd };
}

export function generateBuildings(options: GenerateOptions): BuildingFeature[] {
  return generateCity(options).features;
}

/** The buildings, and the street blocks of every neighbourhood that has any as parcels. */
export function generateCity({ seed, count, districts, water }: GenerateOptions): { features: BuildingFeature[]; parcels: CityParcel[] } {
  const frame = cityFrame(districts, water);
  const { west, south, mpd, nx, ny, toLonLat, districtAt, centres } = frame;
  const landmarkXY = LANDMARKS.map((l) => [(l.lon - west) * mpd.x, (l.lat - south) * mpd.y] as const);
  const nearLandmark = (x: number, y: number): boolean => landmarkXY.some(([lx, ly]) => Math.hypot(x - lx, y - ly) < LANDMARK_CLEARANCE_M);
  const cbd = [(CBD.lon - west) * mpd.x, (CBD.lat - south) * mpd.y] as const;
  // The old core draws development outwards from Yuexiu as well as from each district's centre.
  const core = [(113.2807 - west) * mpd.x, (23.1252 - south) * mpd.y] as const;

  const blocks: Block[] = [];
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const { x0, y0, theta, blockM: block, rnd } = neighbourhood(frame, seed, i, j);
      const cos = Math.cos(theta);
      const sin = Math.sin(theta);
      const profileAt = (d: string | undefined): Profile | undefined => (d ? DISTRICT_PROFILES[d] : undefined);
      const reach = Math.ceil((NEIGHBOURHOOD_M * Math.SQRT1_2) / block) + 1;
      for (let bu = -reach; bu <= reach; bu++) {
        for (let bv = -reach; bv <= reach; bv++) {
          const lu = (bu + 0.5) * block;
          const lv = (bv + 0.5) * block;
          const bx = x0 + NEIGHBOURHOOD_M / 2 + lu * cos - lv * sin;
          const by = y0 + NEIGHBOURHOOD_M / 2 + lu * sin + lv * cos;
          if (bx < x0 || bx >= x0 + NEIGHBOURHOOD_M || by < y0 || by >= y0 + NEIGHBOURHOOD_M) continue;
          const [blon, blat] = toLonLat(bx, by);
          const district = districtAt(blon, blat);
          const profile = profileAt(district);
          if (!district || !profile || frame.onWater(blon, blat)) continue;
          const inCbd = Math.hypot(bx - cbd[0], by - cbd[1]) < CBD.radiusM;
          const typology: Typology = inCbd && rnd() < 0.7 ? 'cbd' : pick(rnd, profile.mix as Record<Typology, number>);
          const [cx, cy] = centres.get(district)!;
          const distance = Math.min(Math.hypot(bx - cx, by - cy), Math.hypot(bx - core[0], by - core[1]));
          const score = Math.exp(-distance / profile.spreadM) * between(rnd, 0.35, 1);
          blocks.push({ district, score, typology, seed: cellSeed(seed ^ 0x5bd1e995, blocks.length, i * ny + j), x: bx, y: by, theta, x0, y0 });
        }
      }
    }
  }

  /** Lays out one block and keeps the buildings that stand fully on their district's dry land. */
  const buildBlock = (b: Block): BuildingFeature[] => {
    const profile = DISTRICT_PROFILES[b.district]!;
    const rnd = mulberry32(b.seed);
    const cos = Math.cos(b.theta);
    const sin = Math.sin(b.theta);
    const margin = profile.streetM / 2;
    const out: BuildingFeature[] = [];
    for (const r of layoutBlock(rnd, b.typology, profile.blockM - profile.streetM, profile.rural ?? false)) {
      const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([su, sv]) => [r.u + (su! * r.w) / 2, r.v + (sv! * r.d) / 2] as const);
      const world = corners.map(([u, v]) => [b.x + u * cos - v * sin, b.y + u * sin + v * cos] as const);
      // Inside the neighbourhood, so street grids of different angles never overlap.
      if (world.some(([x, y]) => x < b.x0 + margin || x > b.x0 + NEIGHBOURHOOD_M - margin || y < b.y0 + margin || y > b.y0 + NEIGHBOURHOOD_M - margin)) continue;
      if (nearLandmark(b.x + r.u * cos - r.v * sin, b.y + r.u * sin + r.v * cos)) continue;
      const ring = world.map(([x, y]) => toLonLat(x, y));
      if (ring.some(([lon, lat]) => districtAt(lon, lat) !== b.district || frame.onWater(lon, lat))) continue;
      const rings = [[...ring, ring[0]!]];
      if (r.courtyard) {
        const hole = corners
          .map(([u, v]) => [r.u + (u - r.u) * r.courtyard!, r.v + (v - r.v) * r.courtyard!] as const)
          .map(([u, v]) => toLonLat(b.x + u * cos - v * sin, b.y + u * sin + v * cos))
          .toReversed();
        rings.push([...hole, hole[0]!]);
      }
      const height = Math.round(r.height * 10) / 10;
      out.push({
        type: 'Feature',
        properties: { id: '', name: '', height, floors: floorsOf(height), use: r.use, year: r.year, district: b.district },
        geometry: { type: 'Polygon', coordinates: rings },
      });
    }
    return out;
  };

  /** A block's ground between its streets, cut to its neighbourhood so parcels never overlap. */
  const parcelOf = (b: Block, typology: Typology | null, buildings: BuildingFeature[]): CityParcel | null => {
    const profile = DISTRICT_PROFILES[b.district]!;
    const half = (profile.blockM - profile.streetM) / 2;
    const margin = profile.streetM / 2;
    const cos = Math.cos(b.theta);
    const sin = Math.sin(b.theta);
    const square = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]].map(([su, sv]) => [b.x + su! * half * cos - sv! * half * sin, b.y + su! * half * sin + sv! * half * cos]);
    const clipped = bboxClip(polygon([square]), [b.x0 + margin, b.y0 + margin, b.x0 + NEIGHBOURHOOD_M - margin, b.y0 + NEIGHBOURHOOD_M - margin]).geometry;
    const ring = clipped.type === 'Polygon' ? clipped.coordinates[0] : undefined;
    if (!ring || ring.length < 4) return null;
    return { ring: ring.map(([x, y]) => toLonLat(x!, y!)), typology, district: b.district, seed: b.seed, buildings };
  };

  // Each district builds its best-placed blocks until it reaches its share; a shortfall (a
  // district too small for its share) passes to the others in the next round.
  const byDistrict = new Map<string, Block[]>();
  for (const b of blocks) {
    const list = byDistrict.get(b.district);
    if (list) list.push(b);
    else byDistrict.set(b.district, [b]);
  }
  for (const list of byDistrict.values()) list.sort((a, b) => b.score - a.score);
  const chosen = new Map<string, BuildingFeature[]>();
  const builtBlocks = new Map<Block, BuildingFeature[]>();
  const next = new Map<string, number>();
  let remaining = count - LANDMARKS.length;
  let open = Object.keys(DISTRICT_PROFILES).filter((d) => byDistrict.has(d));
  while (remaining > 0 && open.length > 0) {
    const shareSum = open.reduce((a, d) => a + DISTRICT_PROFILES[d]!.share, 0);
    const round = remaining;
    for (const d of open) {
      const quota = Math.max(1, Math.round((round * DISTRICT_PROFILES[d]!.share) / shareSum));
      const list = byDistrict.get(d)!;
      const out = chosen.get(d) ?? [];
      let k = next.get(d) ?? 0;
      let got = 0;
      while (got < quota && remaining > 0 && k < list.length) {
        const block = list[k++]!;
        const built = buildBlock(block);
        for (const f of built) out.push(f);
        builtBlocks.set(block, built);
        got += built.length;
        remaining -= built.length;
      }
      next.set(d, k);
      chosen.set(d, out);
    }
    open = open.filter((d) => (next.get(d) ?? 0) < byDistrict.get(d)!.length);
  }
  const features: BuildingFeature[] = LANDMARKS.map(landmarkFeature);
  for (const d of Object.keys(DISTRICT_PROFILES)) {
    (chosen.get(d) ?? []).forEach((f, k) => {
      f.properties.id = `${d}-${String(k + 1).padStart(6, '0')}`;
      features.push(f);
    });
  }
  // Buildings past the count are cut, so a parcel keeps only those that stay.
  const kept = new Set(features.slice(0, count));
  const neighbourhoodsBuilt = new Set([...builtBlocks.keys()].map((b) => `${b.x0},${b.y0}`));
  const parcels: CityParcel[] = [];
  for (const b of blocks) {
    if (!neighbourhoodsBuilt.has(`${b.x0},${b.y0}`)) continue;
    const built = builtBlocks.get(b);
    const parcel = parcelOf(b, built ? b.typology : null, (built ?? []).filter((f) => kept.has(f)));
    if (parcel) parcels.push(parcel);
  }
  return { features: features.slice(0, count), parcels };
}
