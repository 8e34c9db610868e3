/**
 * Sight over the city's prisms: line of sight between two points, the viewshed from an eye, and
 * the skyline around it. The same ray engine as sunlight hours; heights are metres above the
 * ground, which the default city takes as flat.
 */
import { insideArea } from '../../analysis/pointInPolygon.ts';
import { leftOut, type CityState, type Site } from './site.ts';

const DEG = Math.PI / 180;

export interface Eye {
  lon: number;
  lat: number;
  /** Metres above the ground. */
  height: number;
}


export interface LineOfSight {
  from: Eye;
  to: Eye;
  clear: boolean;
  lengthM: number;
  /** The first obstruction: where the line enters a building below its roof. */
  obstruction: { lon: number; lat: number; height: number; buildingId: string; distanceM: number } | null;
}

export function lineOfSight(site: Site, a: Eye, b: Eye, state: CityState = 'proposed'): LineOfSight {
  const f = site.frame;
  const ax = f.x(a.lon);
  const ay = f.y(a.lat);
  const bx = f.x(b.lon);
  const by = f.y(b.lat);
  const lengthM = Math.hypot(bx - ax, by - ay, b.height - a.height);
  const hit = site.set.segmentHit(ax, ay, a.height, bx, by, b.height, true, leftOut(site, state));
  if (!hit) return { from: a, to: b, clear: true, lengthM, obstruction: null };
  return {
    from: a,
    to: b,
    clear: false,
    lengthM,
    obstruction: {
      lon: f.lon(ax + hit.t * (bx - ax)),
      lat: f.lat(ay + hit.t * (by - ay)),
      height: a.height + hit.t * (b.height - a.height),
      buildingId: site.ids[hit.prism]!,
      distanceM: hit.t * lengthM,
    },
  };
}

export interface ViewshedOptions {
  /** Degrees clockwise from north the eye looks towards, and the field of view around it. */
  heading: number;
  fov: number;
  rangeM: number;
  /** Size of a sample cell, metres. */
  cellM: number;
  /** An area whose visible share is wanted, as a ring of [lon, lat]. */
  target?: [number, number][];
}

export const VIEW_OUTSIDE = 0;
export const VIEW_VISIBLE = 1;
export const VIEW_HIDDEN = 2;

export interface Viewshed {
  /** The raster's extent, degrees, and its size in cells (row 0 at the north). */
  west: number;
  south: number;
  east: number;
  north: number;
  width: number;
  height: number;
  /** VIEW_OUTSIDE, VIEW_VISIBLE or VIEW_HIDDEN per cell: the ground, or the roof where a building stands. */
  cells: Uint8Array;
  visible: number;
  hidden: number;
  /** Of the target's cells, the visible ones (0–1); null without a target. */
  targetShare: number | null;
  targetCells: number;
}

/**
 * What the eye sees within its field of view and range: each cell's centre, on the ground or on
 * the roof of the building standing there, is visible when the line to it meets no building.
 * A target's cells outside the field of view or range count as not visible.
 */
export function viewshed(site: Site, eye: Eye, options: ViewshedOptions, state: CityState = 'proposed'): Viewshed {
  const f = site.frame;
  const ex = f.x(eye.lon);
  const ey = f.y(eye.lat);
  const skip = leftOut(site, state);
  const target = options.target?.map(([lon, lat]) => [f.x(lon), f.y(lat)] as [number, number]);
  const inTargetArea = target && target.length >= 3 ? insideArea({ type: 'Polygon', coordinates: [[...target, target[0]!]] }) : null;
  let x0 = ex - options.rangeM;
  let x1 = ex + options.rangeM;
  let y0 = ey - options.rangeM;
  let y1 = ey + options.rangeM;
  for (const [x, y] of target ?? []) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  const width = Math.max(1, Math.ceil((x1 - x0) / options.cellM));
  const height = Math.max(1, Math.ceil((y1 - y0) / options.cellM));
  const cells = new Uint8Array(width * height);
  let visible = 0;
  let hidden = 0;
  let targetCells = 0;
  let targetVisible = 0;
  const cosHalf = Math.cos((Math.min(360, options.fov) / 2) * DEG);
  const hx = Math.sin(options.heading * DEG);
  const hy = Math.cos(options.heading * DEG);
  for (let row = 0; row < height; row++) {
    const y = y1 - (row + 0.5) * options.cellM;
    for (let col = 0; col < width; col++) {
      const x = x0 + (col + 0.5) * options.cellM;
      const dx = x - ex;
      const dy = y - ey;
      const d = Math.hypot(dx, dy);
      const inView = d <= options.rangeM && (options.fov >= 360 || d === 0 || (dx * hx + dy * hy) / d >= cosHalf);
      const inTarget = inTargetArea !== null && inTargetArea(x, y);
      if (!inView) {
        if (inTarget) targetCells++;
        continue;
      }
      const under = site.set.prismAt(x, y);
      // A roof point a little above the roof: a line from above reaches it over its own walls.
      const z = under >= 0 && !skip.has(under) ? site.set.prisms[under]!.height + 0.1 : 0.1;
      const seen = site.set.segmentHit(ex, ey, eye.height, x, y, z, false, skip) === null;
      cells[row * width + col] = seen ? VIEW_VISIBLE : VIEW_HIDDEN;
      if (seen) visible++;
      else hidden++;
      if (inTarget) {
        targetCells++;
        if (seen) targetVisible++;
      }
    }
  }
  return {
    west: f.lon(x0),
    east: f.lon(x0 + width * options.cellM),
    north: f.lat(y1),
    south: f.lat(y1 - height * options.cellM),
    width,
    height,
    cells,
    visible,
    hidden,
    targetShare: inTargetArea ? (targetCells ? targetVisible / targetCells : 0) : null,
    targetCells,
  };
}

export interface Skyline {
  /** Per azimuth step: degrees from north, the highest elevation angle of a building (the far ground's where none rises over it), its distance and the roof point. */
  azimuth: Float32Array;
  elevation: Float32Array;
  distanceM: Float32Array;
  /** lon, lat, height of the skyline's point per azimuth (the ground at the range where open). */
  points: Float64Array;
  buildingIds: (string | null)[];
}

/**
 * The skyline around an eye: for each azimuth, the building edge that rises highest above the
 * eye's horizon within the range. A building's highest angle along a ray is at its nearest
 * crossing, where the roof is closest.
 */
export function skyline(site: Site, eye: Eye, rangeM: number, stepDeg: number, state: CityState = 'proposed'): Skyline {
  const f = site.frame;
  const ex = f.x(eye.lon);
  const ey = f.y(eye.lat);
  const skip = leftOut(site, state);
  const n = Math.round(360 / stepDeg);
  const azimuth = new Float32Array(n);
  const elevation = new Float32Array(n);
  const distanceM = new Float32Array(n);
  const points = new Float64Array(3 * n);
  const buildingIds: (string | null)[] = [];
  const top = site.set.maxHeight + 1;
  for (let k = 0; k < n; k++) {
    const az = k * stepDeg;
    const dx = Math.sin(az * DEG);
    const dy = Math.cos(az * DEG);
    // Start from the far ground at the range, so that a high eye sees roofs below its horizon.
    let best = Math.atan2(-eye.height, rangeM) / DEG;
    let bestD = rangeM;
    let bestH = 0;
    let bestId: string | null = null;
    // March out along the ray: each step asks for the first building above the sightline at the
    // best angle so far; a hit raises the angle, and the march goes on past it.
    let start = 0.5;
    for (let guard = 0; guard < 10_000; guard++) {
      const slope = Math.tan(best * DEG);
      // Past where the sightline clears the tallest roof nothing can rise above it.
      const end = slope > 0 ? Math.min(rangeM, (top - eye.height) / slope) : rangeM;
      if (start >= end) break;
      const hit = site.set.segmentHit(ex + dx * start, ey + dy * start, eye.height + slope * start, ex + dx * end, ey + dy * end, eye.height + slope * end, true, skip);
      if (!hit) break;
      const d = start + hit.t * (end - start);
      const h = site.set.prisms[hit.prism]!.height;
      best = Math.atan2(h - eye.height, d) / DEG;
      bestD = d;
      bestH = h;
      bestId = site.ids[hit.prism]!;
      start = d + 0.5;
    }
    azimuth[k] = az;
    elevation[k] = best;
    distanceM[k] = bestD;
    points[3 * k] = f.lon(ex + dx * bestD);
    points[3 * k + 1] = f.lat(ey + dy * bestD);
    points[3 * k + 2] = bestH;
    buildingIds.push(bestId);
  }
  return { azimuth, elevation, distanceM, points, buildingIds };
}
