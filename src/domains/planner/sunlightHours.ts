/**
 * Sunlight hours (日照时数) on the standard day, after GB 50180-2018 (城市居住区规划设计标准) §4.0.9:
 * hours of direct sun within the effective window of true solar time, counted from sample points
 * on the facades, each ray cast at the sun against the buildings as prisms.
 */
import { PrismSet } from './prisms.ts';
import { solarTerm, sunFromHourAngle, sunOrbit } from './solarPosition.ts';

/**
 * A sunlight standard. GB 50180-2018 Table 4.0.9 sets, by building climate zone and the city's
 * urban population: zones I, II, III, VII: 大寒日 ≥ 2 h (≥ 0.5 million people) or ≥ 3 h; zone IV:
 * 大寒日 ≥ 3 h (≥ 0.5 million) or 冬至日 ≥ 1 h; zones V, VI: 冬至日 ≥ 1 h. 大寒日 counts in
 * 8:00–16:00 true solar time, 冬至日 in 9:00–15:00. Guangzhou lies in zone IV (GB 50178) with far
 * over half a million urban residents, so its homes need 3 hours on 大寒日. Housing for the elderly
 * needs 2 hours on 冬至日 (§4.0.9, item 2) anywhere.
 */
export interface SunlightRule {
  id: 'gz-dahan-3h' | 'elderly-dongzhi-2h' | 'small-dongzhi-1h';
  /** The standard day: 大寒 (apparent longitude 300°) or 冬至 (270°). */
  day: 'dahan' | 'dongzhi';
  /** Effective window, hours of true solar time. */
  window: [number, number];
  requiredHours: number;
}

export const SUNLIGHT_RULES: readonly SunlightRule[] = [
  { id: 'gz-dahan-3h', day: 'dahan', window: [8, 16], requiredHours: 3 },
  { id: 'elderly-dongzhi-2h', day: 'dongzhi', window: [9, 15], requiredHours: 2 },
  { id: 'small-dongzhi-1h', day: 'dongzhi', window: [9, 15], requiredHours: 1 },
];

const DEG = Math.PI / 180;

/** The sun through the window: one unit vector (east, north, up) per step, at each step's middle; null below the horizon. */
export interface SunSteps {
  /** Minutes each step stands for. */
  stepMinutes: number;
  /** x, y, z per step; a step with the sun down has z ≤ 0. */
  dirs: Float64Array;
  count: number;
  /** The moment of the standard day used (UTC ms), for the report. */
  dayUtc: number;
  declination: number;
}

export function sunSteps(rule: SunlightRule, latDeg: number, year: number, stepMinutes: number): SunSteps {
  const dayUtc = solarTerm(year, rule.day === 'dahan' ? 300 : 270);
  // The declination changes by under 0.4° over the day of a solstice or 大寒: one value serves.
  const { declination } = sunOrbit(dayUtc);
  const count = Math.round(((rule.window[1] - rule.window[0]) * 60) / stepMinutes);
  const dirs = new Float64Array(3 * count);
  for (let s = 0; s < count; s++) {
    const hours = rule.window[0] + ((s + 0.5) * stepMinutes) / 60;
    const { elevation, azimuth } = sunFromHourAngle(latDeg, declination, (hours - 12) * 15);
    const e = elevation * DEG;
    const a = azimuth * DEG;
    dirs[3 * s] = Math.cos(e) * Math.sin(a);
    dirs[3 * s + 1] = Math.cos(e) * Math.cos(a);
    dirs[3 * s + 2] = Math.sin(e);
  }
  return { stepMinutes, dirs, count, dayUtc, declination };
}

/** Sample points, local metres; a facade point faces along (nx, ny), a free point (nx = ny = 0) faces every way. */
export interface SamplePoints {
  xyz: Float64Array;
  normal: Float64Array;
  count: number;
}

/**
 * Steps in which each point sees the sun: bit s of mask word (point, s >> 5). A point sees the sun
 * when the sun is up, in front of its facade, and the ray to it meets no building.
 */
export function sunlitSteps(set: PrismSet, points: SamplePoints, sun: SunSteps, skip?: ReadonlySet<number>, naive = false): Uint32Array {
  const words = Math.ceil(sun.count / 32);
  const mask = new Uint32Array(points.count * words);
  for (let p = 0; p < points.count; p++) {
    const x = points.xyz[3 * p]!;
    const y = points.xyz[3 * p + 1]!;
    const z = points.xyz[3 * p + 2]!;
    const nx = points.normal[2 * p]!;
    const ny = points.normal[2 * p + 1]!;
    for (let s = 0; s < sun.count; s++) {
      const dx = sun.dirs[3 * s]!;
      const dy = sun.dirs[3 * s + 1]!;
      const dz = sun.dirs[3 * s + 2]!;
      if (dz <= 0 || dx * nx + dy * ny < 0) continue;
      if (z >= set.maxHeight) {
        mask[p * words + (s >> 5)]! |= 1 << (s & 31);
        continue;
      }
      // Far enough that the ray has risen over the tallest building.
      const reach = ((set.maxHeight - z) / dz) * 1.0001;
      const bx = x + dx * reach;
      const by = y + dy * reach;
      const hit = naive ? set.segmentHitNaive(x, y, z, bx, by, set.maxHeight + 1e-6) : set.segmentHit(x, y, z, bx, by, set.maxHeight + 1e-6, false, skip);
      if (!hit) mask[p * words + (s >> 5)]! |= 1 << (s & 31);
    }
  }
  return mask;
}

/** Hours per point from a mask of sunlit steps. */
export function hoursOf(mask: Uint32Array, points: number, sun: SunSteps): Float32Array {
  const words = Math.ceil(sun.count / 32);
  const out = new Float32Array(points);
  for (let p = 0; p < points; p++) {
    let n = 0;
    for (let w = 0; w < words; w++) n += popcount(mask[p * words + w]!);
    out[p] = (n * sun.stepMinutes) / 60;
  }
  return out;
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** One facade of a building: an edge of its outer ring, with its grid of points (floor by column). */
export interface Facade {
  /** Index of the edge in the outer ring. */
  edge: number;
  /** Direction the facade faces, degrees clockwise from north. */
  facing: number;
  floors: number;
  columns: number;
  /** First sample point of this facade in the building's points. */
  first: number;
}

/** Height of a storey, and of a window sill above its floor: GB 50180 counts from the ground floor's sill (底层窗台面). */
export const STOREY_M = 3;
export const SILL_M = 0.9;
/** Points stand this far out from the wall, so that a ray does not start inside it. */
const OFFSET_M = 0.05;

/**
 * The sample grid of a building's facades: per edge of its outer ring (counter-clockwise) longer
 * than `minEdgeM`, columns every `spacingM` along it and one row per storey, at sill height.
 */
export function facadeGrid(ring: Float64Array, height: number, spacingM: number, minEdgeM = 2): { points: SamplePoints; facades: Facade[] } {
  const floors = Math.max(1, Math.floor(height / STOREY_M));
  const xyz: number[] = [];
  const normal: number[] = [];
  const facades: Facade[] = [];
  const n = ring.length / 2;
  for (let e = 0; e < n; e++) {
    const x1 = ring[2 * e]!;
    const y1 = ring[2 * e + 1]!;
    const x2 = ring[(2 * (e + 1)) % ring.length]!;
    const y2 = ring[(2 * (e + 1) + 1) % ring.length]!;
    const len = Math.hypot(x2 - x1, y2 - y1);
    if (len < minEdgeM) continue;
    // Outward normal of a counter-clockwise ring: the edge turned clockwise.
    const nx = (y2 - y1) / len;
    const ny = -(x2 - x1) / len;
    const columns = Math.max(1, Math.round(len / spacingM));
    facades.push({ edge: e, facing: ((Math.atan2(nx, ny) / DEG) + 360) % 360, floors, columns, first: xyz.length / 3 });
    for (let f = 0; f < floors; f++) {
      for (let c = 0; c < columns; c++) {
        const t = (c + 0.5) / columns;
        xyz.push(x1 + (x2 - x1) * t + nx * OFFSET_M, y1 + (y2 - y1) * t + ny * OFFSET_M, f * STOREY_M + SILL_M);
        normal.push(nx, ny);
      }
    }
  }
  return { points: { xyz: Float64Array.from(xyz), normal: Float64Array.from(normal), count: xyz.length / 3 }, facades };
}
