import Flatbush from 'flatbush';
import { metresPerDegree } from '../../analysis/ellipsoid.ts';
import { packRings, pointInRings } from '../../analysis/pointInPolygon.ts';
import { PolygonRaster } from '../../analysis/polygonRaster.ts';

/**
 * The world a muck truck drives in, as the rule engine reads it: roads by class, construction and
 * disposal sites, closed zones with their time windows, and each trip's approved route. Every
 * coordinate is WGS84 [lon, lat]; the world file (truck-world.json, scripts/trucks) carries the
 * same shapes.
 */
export const ROAD_CLASSES = ['expressway', 'arterial', 'local'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/**
 * Muck-truck speed limits by road class, km/h. Heavy goods vehicles in Guangzhou's built-up area
 * are held well below the posted car limits; a world file may set its own.
 */
export const DEFAULT_SPEED_LIMITS: Record<RoadClass, number> = { expressway: 60, arterial: 40, local: 30 };

export type LonLat = readonly [number, number];

export interface Road {
  cls: RoadClass;
  coords: readonly LonLat[];
}

export interface Site {
  id: string;
  kind: 'construction' | 'disposal';
  name: string;
  /** Outer ring; closing point optional. */
  ring: readonly LonLat[];
}

/**
 * A closed period in China Standard Time (UTC+8, no daylight saving): minutes of the day from
 * `from` (inclusive) to `to` (exclusive), on the days of the week listed (0 = Sunday), or every
 * day when `days` is absent.
 */
export interface TimeWindow {
  from: number;
  to: number;
  days?: readonly number[];
}

export interface Zone {
  id: string;
  name: string;
  kind: 'central' | 'school' | 'embankment';
  /** Polygons, each a list of rings (outer first), so a district's islands are one zone. */
  polygons: readonly (readonly (readonly LonLat[])[])[];
  windows: readonly TimeWindow[];
}

export interface Route {
  id: string;
  from: string;
  to: string;
  coords: readonly LonLat[];
}

export interface TruckWorld {
  roads: readonly Road[];
  sites: readonly Site[];
  zones: readonly Zone[];
  routes: readonly Route[];
  speedLimits?: Partial<Record<RoadClass, number>>;
}

const CST_OFFSET_MIN = 8 * 60;
const MINUTES_PER_DAY = 1440;

/** Whether a time (ms since the epoch) falls in any of the windows, read in China Standard Time. */
export function inWindows(windows: readonly TimeWindow[], t: number): boolean {
  const minutes = Math.floor(t / 60_000) + CST_OFFSET_MIN;
  const minuteOfDay = ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  // 1970-01-01 was a Thursday (4).
  const day = (((Math.floor(minutes / MINUTES_PER_DAY) + 4) % 7) + 7) % 7;
  return windows.some((w) => minuteOfDay >= w.from && minuteOfDay < w.to && (!w.days || w.days.includes(day)));
}

/** Segments x1,y1,x2,y2 in degrees behind a flatbush of their boxes. */
class SegmentSet {
  readonly xy: Float64Array;
  readonly tree: Flatbush;

  constructor(lines: readonly (readonly LonLat[])[]) {
    const n = lines.reduce((a, l) => a + Math.max(0, l.length - 1), 0);
    this.xy = new Float64Array(4 * n);
    this.tree = new Flatbush(Math.max(1, n));
    let k = 0;
    for (const line of lines) {
      for (let i = 1; i < line.length; i++) {
        const [x1, y1] = line[i - 1]!;
        const [x2, y2] = line[i]!;
        this.xy.set([x1, y1, x2, y2], 4 * k++);
        this.tree.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
      }
    }
    if (n === 0) this.tree.add(0, 0, 0, 0);
    this.tree.finish();
  }

  get count(): number {
    return this.xy.length / 4;
  }

  /** Squared distance in metres from a point to segment s, in the local frame of scales kx, ky. */
  distance2(s: number, lon: number, lat: number, kx: number, ky: number): number {
    const ax = (this.xy[4 * s]! - lon) * kx;
    const ay = (this.xy[4 * s + 1]! - lat) * ky;
    const bx = (this.xy[4 * s + 2]! - lon) * kx;
    const by = (this.xy[4 * s + 3]! - lat) * ky;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const u = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
    const px = ax + u * dx;
    const py = ay + u * dy;
    return px * px + py * py;
  }
}

/** Polygons with more vertices than this (a district border) are tested through a raster. */
const RASTER_FROM_VERTICES = 64;

/**
 * Polygons packed for pointInRings, behind a flatbush of their boxes; `owner` maps a polygon to
 * its zone or site. Big polygons answer through a PolygonRaster, with the same result.
 */
class PolygonSet {
  private readonly coords: Float64Array;
  private readonly ringStarts: Uint32Array;
  private readonly polyRingStart: Uint32Array;
  private readonly rasters: (PolygonRaster | undefined)[];
  readonly owner: Uint32Array;
  private readonly tree: Flatbush;

  constructor(polygons: readonly { owner: number; rings: readonly (readonly LonLat[])[] }[]) {
    const allRings = polygons.flatMap((p) => p.rings);
    const packed = packRings(allRings);
    this.coords = packed.coords;
    this.ringStarts = packed.ringStarts;
    this.polyRingStart = new Uint32Array(polygons.length + 1);
    this.owner = Uint32Array.from(polygons, (p) => p.owner);
    this.tree = new Flatbush(Math.max(1, polygons.length));
    let r = 0;
    polygons.forEach((p, i) => {
      this.polyRingStart[i] = r;
      const outer = p.rings[0] ?? [];
      this.tree.add(Math.min(...outer.map((c) => c[0])), Math.min(...outer.map((c) => c[1])), Math.max(...outer.map((c) => c[0])), Math.max(...outer.map((c) => c[1])));
      r += p.rings.length;
    });
    this.polyRingStart[polygons.length] = r;
    if (polygons.length === 0) this.tree.add(0, 0, 0, 0);
    this.tree.finish();
    this.rasters = polygons.map((_, i) => {
      const first = this.polyRingStart[i]!;
      const end = this.polyRingStart[i + 1]!;
      return this.ringStarts[end]! - this.ringStarts[first]! > RASTER_FROM_VERTICES ? new PolygonRaster(this.coords, this.ringStarts, first, end) : undefined;
    });
  }

  private holds(p: number, lon: number, lat: number): boolean {
    const raster = this.rasters[p];
    return raster ? raster.contains(lon, lat) : pointInRings(this.coords, this.ringStarts, this.polyRingStart[p]!, this.polyRingStart[p + 1]!, lon, lat);
  }

  /** Calls `hit` with the owner of every polygon holding the point. */
  forEachAt(lon: number, lat: number, hit: (owner: number) => void): void {
    if (this.owner.length === 0) return;
    this.tree.search(lon, lat, lon, lat, (p) => {
      if (this.holds(p, lon, lat)) hit(this.owner[p]!);
      return false;
    });
  }

  contains(lon: number, lat: number): boolean {
    if (this.owner.length === 0) return false;
    return this.tree.search(lon, lat, lon, lat, (p) => this.holds(p, lon, lat)).length > 0;
  }
}

/**
 * The world compiled for the rule engine: every shape in a flatbush, so a fix is tested only
 * against the roads, route segments, zones and sites whose boxes are near it.
 */
export class CompiledWorld {
  readonly world: TruckWorld;
  readonly speedLimits: Record<RoadClass, number>;
  private readonly roads: SegmentSet;
  private readonly roadClass: Uint8Array;
  private readonly routes: SegmentSet[];
  private readonly zones: PolygonSet;
  private readonly sites: PolygonSet;
  /** west, south, east, north of everything in the world, with a margin. */
  readonly extent: [number, number, number, number];

  constructor(world: TruckWorld) {
    this.world = world;
    this.speedLimits = { ...DEFAULT_SPEED_LIMITS, ...world.speedLimits };
    this.roads = new SegmentSet(world.roads.map((r) => r.coords));
    this.roadClass = new Uint8Array(this.roads.count);
    let k = 0;
    for (const r of world.roads) for (let i = 1; i < r.coords.length; i++) this.roadClass[k++] = ROAD_CLASSES.indexOf(r.cls);
    this.routes = world.routes.map((r) => new SegmentSet([r.coords]));
    this.zones = new PolygonSet(world.zones.flatMap((z, i) => z.polygons.map((rings) => ({ owner: i, rings }))));
    this.sites = new PolygonSet(world.sites.map((s, i) => ({ owner: i, rings: [s.ring] })));
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    const extend = (c: LonLat): void => {
      w = Math.min(w, c[0]);
      s = Math.min(s, c[1]);
      e = Math.max(e, c[0]);
      n = Math.max(n, c[1]);
    };
    for (const r of world.roads) r.coords.forEach(extend);
    for (const r of world.routes) r.coords.forEach(extend);
    for (const z of world.zones) for (const p of z.polygons) p[0]?.forEach(extend);
    for (const site of world.sites) site.ring.forEach(extend);
    const margin = 0.05;
    this.extent = [w - margin, s - margin, e + margin, n + margin];
  }

  /**
   * Distance in metres from a point to route r, if it is within `within` metres; Infinity
   * otherwise (the search box holds no segment that close). `kx`, `ky`: metres per degree at the
   * point, when the caller has them.
   */
  routeDistance(r: number, lon: number, lat: number, within: number, kx = metresPerDegree(lat).x, ky = metresPerDegree(lat).y): number {
    const set = this.routes[r]!;
    const dx = within / kx;
    const dy = within / ky;
    let best = Infinity;
    set.tree.search(lon - dx, lat - dy, lon + dx, lat + dy, (seg) => {
      best = Math.min(best, set.distance2(seg, lon, lat, kx, ky));
      return false;
    });
    const d = Math.sqrt(best);
    return d <= within ? d : Infinity;
  }

  /**
   * Whether segment `seg` of route r is within `within` metres: a truck is usually still on the
   * segment it was last matched to, so this spares most fixes the search.
   */
  nearRouteSegment(r: number, seg: number, lon: number, lat: number, within: number, kx: number, ky: number): boolean {
    const set = this.routes[r]!;
    return seg >= 0 && seg < set.count && set.distance2(seg, lon, lat, kx, ky) <= within * within;
  }

  /** The route segment nearest a point within `within` metres, or -1. */
  nearestRouteSegment(r: number, lon: number, lat: number, within: number, kx: number, ky: number): number {
    const set = this.routes[r]!;
    const dx = within / kx;
    const dy = within / ky;
    let best = within * within;
    let found = -1;
    set.tree.search(lon - dx, lat - dy, lon + dx, lat + dy, (seg) => {
      const d2 = set.distance2(seg, lon, lat, kx, ky);
      if (d2 <= best) [best, found] = [d2, seg];
      return false;
    });
    return found;
  }

  /** The class of the nearest road within `within` metres, or undefined off the network. */
  roadClassAt(lon: number, lat: number, within: number, kx = metresPerDegree(lat).x, ky = metresPerDegree(lat).y): RoadClass | undefined {
    const dx = within / kx;
    const dy = within / ky;
    let best = within * within;
    let cls = -1;
    this.roads.tree.search(lon - dx, lat - dy, lon + dx, lat + dy, (seg) => {
      const d2 = this.roads.distance2(seg, lon, lat, kx, ky);
      if (d2 <= best) {
        best = d2;
        cls = this.roadClass[seg]!;
      }
      return false;
    });
    return cls < 0 ? undefined : ROAD_CLASSES[cls];
  }

  /** Calls `hit` with each zone holding the point (a zone of several polygons may be reported once per polygon). */
  forEachZoneAt(lon: number, lat: number, hit: (zone: number) => void): void {
    this.zones.forEachAt(lon, lat, hit);
  }

  inAnySite(lon: number, lat: number): boolean {
    return this.sites.contains(lon, lat);
  }
}
