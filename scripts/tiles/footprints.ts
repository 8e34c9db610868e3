/**
 * Building footprints at the pipeline's edge: decodes GeoJSON features into `Building` records,
 * repairing what can be repaired and skipping the rest, every case counted by reason with example
 * ids. Bad input never aborts a build.
 */
import Flatbush from 'flatbush';
import gcoord from 'gcoord';
import { BUILDING_USES, type BuildingUse } from '../../src/analysis/buildingUses.ts';

export { BUILDING_USES, type BuildingUse };

/** Height of one floor when only a floor count is known. */
export const FLOOR_HEIGHT_M = 3;
/** Height given to a footprint with neither height nor floors. */
export const DEFAULT_HEIGHT_M = 6;
/** Taller than any building standing (the tallest is 828 m): such a height is a unit or export error. */
export const MAX_HEIGHT_M = 1000;
/** More floors than any building has (the most is 163). */
export const MAX_FLOORS = 200;
/**
 * Vertices in one footprint, all rings together. OSM caps a way at 2,000 nodes, and the largest
 * real campus outlines have a few thousand; beyond this a footprint is a broken export, and it
 * would cost the tile more than it shows.
 */
export const MAX_FOOTPRINT_VERTICES = 50_000;

export type Ring = [number, number][];

export interface Building {
  id: string;
  name: string;
  /** Top, metres above ground. */
  height: number;
  /** Bottom, metres above ground (OSM building:part pieces float). */
  minHeight: number;
  floors: number;
  use: BuildingUse;
  /** Year built; 0 when unknown. */
  year: number;
  /** District adcode; '' when unknown. */
  district: string;
  /** Polygons of [lon, lat] WGS84 rings, open (no repeated point): outer ring CCW, holes CW. */
  polygons: Ring[][];
}

export type SkipReason =
  | 'not-a-feature'
  | 'bad-geometry'
  | 'too-few-points'
  | 'non-finite'
  | 'out-of-range'
  | 'self-intersection'
  | 'zero-area'
  | 'negative-height'
  | 'implausible-height'
  | 'too-many-vertices'
  | 'underground';
export type RepairReason =
  | 'ring-closed'
  | 'duplicate-points'
  | 'height-from-floors'
  | 'height-defaulted'
  | 'ring-reoriented'
  | 'bad-hole-dropped'
  | 'implausible-floors-dropped'
  | 'implausible-year-dropped';

const EXAMPLES = 5;

export class BuildReport {
  readonly skipped = new Map<SkipReason, { count: number; examples: string[] }>();
  readonly repaired = new Map<RepairReason, { count: number; examples: string[] }>();
  accepted = 0;

  skip(reason: SkipReason, id: string): void {
    BuildReport.count(this.skipped, reason, id);
  }

  repair(reason: RepairReason, id: string): void {
    BuildReport.count(this.repaired, reason, id);
  }

  get skippedTotal(): number {
    return [...this.skipped.values()].reduce((a, v) => a + v.count, 0);
  }

  private static count<K>(map: Map<K, { count: number; examples: string[] }>, key: K, id: string): void {
    const e = map.get(key) ?? { count: 0, examples: [] };
    e.count++;
    if (e.examples.length < EXAMPLES) e.examples.push(id);
    map.set(key, e);
  }

  toText(): string {
    const lines = [`accepted ${this.accepted}, skipped ${this.skippedTotal}`];
    for (const [title, map] of [['skipped', this.skipped], ['repaired', this.repaired]] as const) {
      for (const [reason, { count, examples }] of map) lines.push(`  ${title} ${reason}: ${count} (e.g. ${examples.join(', ')})`);
    }
    return lines.join('\n');
  }
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*(m|metres|meters)?\s*$/i.exec(v);
    return m ? Number(m[1]) : undefined;
  }
  return undefined;
}

const USE_ALIASES: Record<string, BuildingUse> = {
  residential: 'residential', apartments: 'residential', house: 'residential', dormitory: 'residential', detached: 'residential',
  office: 'office', commercial: 'commercial', retail: 'commercial', hotel: 'commercial', mall: 'commercial',
  industrial: 'industrial', warehouse: 'industrial', factory: 'industrial',
  public: 'public', civic: 'public', government: 'public', hospital: 'public', museum: 'public',
  school: 'education', university: 'education', college: 'education', education: 'education',
  train_station: 'transport', transportation: 'transport', transport: 'transport',
};

export function normaliseUse(v: unknown): BuildingUse {
  return typeof v === 'string' ? (USE_ALIASES[v.toLowerCase()] ?? 'other') : 'other';
}

/** Signed area of a ring in squared degrees; positive when counter-clockwise. */
export function signedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return a / 2;
}

const orient = (p: [number, number], q: [number, number], r: [number, number]): number => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));

function segmentsCross(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): boolean {
  const o = orient;
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

/** Rings up to this size are checked pair by pair; an edge index costs more than it saves. */
const BRUTE_FORCE_EDGES = 64;

/**
 * Proper crossings between non-adjacent edges of one ring. Small rings compare every pair; larger
 * ones index the edges' boxes (flatbush) and compare only edges whose boxes meet, so a campus
 * outline of tens of thousands of vertices takes milliseconds, not minutes.
 */
export function selfIntersects(ring: Ring): boolean {
  const n = ring.length;
  const crosses = (i: number, j: number): boolean => {
    // Adjacent edges share a vertex, and so do the first and the last.
    if (Math.abs(i - j) < 2 || Math.abs(i - j) === n - 1) return false;
    return segmentsCross(ring[i]!, ring[(i + 1) % n]!, ring[j]!, ring[(j + 1) % n]!);
  };
  if (n <= BRUTE_FORCE_EDGES) {
    for (let i = 0; i < n; i++) for (let j = i + 2; j < n; j++) if (crosses(i, j)) return true;
    return false;
  }
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  }
  index.finish();
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    const hit = index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]), (j) => j > i && crosses(i, j));
    if (hit.length > 0) return true;
  }
  return false;
}

type RingResult = { ok: true; ring: Ring } | { ok: false; reason: SkipReason };

function cleanRing(raw: unknown, gcj02: boolean, id: string, report: BuildReport): RingResult {
  if (!Array.isArray(raw)) return { ok: false, reason: 'bad-geometry' };
  const ring: Ring = [];
  for (const p of raw) {
    if (!Array.isArray(p) || p.length < 2) return { ok: false, reason: 'bad-geometry' };
    const lon = p[0] as unknown;
    const lat = p[1] as unknown;
    if (typeof lon !== 'number' || typeof lat !== 'number') return { ok: false, reason: 'bad-geometry' };
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return { ok: false, reason: 'non-finite' };
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return { ok: false, reason: 'out-of-range' };
    ring.push(gcj02 ? (gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]) : [lon, lat]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && first[0] === last[0] && first[1] === last[1]) ring.pop();
  else if (ring.length >= 3) report.repair('ring-closed', id);
  const deduped = ring.filter((p, i) => {
    const q = ring[(i + ring.length - 1) % ring.length]!;
    return i === 0 ? !(ring.length > 1 && p[0] === q[0] && p[1] === q[1]) : p[0] !== q[0] || p[1] !== q[1];
  });
  if (deduped.length !== ring.length) report.repair('duplicate-points', id);
  if (deduped.length < 3) return { ok: false, reason: 'too-few-points' };
  if (Math.abs(signedArea(deduped)) < 1e-14) return { ok: false, reason: 'zero-area' };
  if (selfIntersects(deduped)) return { ok: false, reason: 'self-intersection' };
  return { ok: true, ring: deduped };
}

function cleanPolygon(raw: unknown, gcj02: boolean, id: string, report: BuildReport): { ok: true; rings: Ring[] } | { ok: false; reason: SkipReason } {
  if (!Array.isArray(raw) || raw.length === 0) return { ok: false, reason: 'bad-geometry' };
  const outer = cleanRing(raw[0], gcj02, id, report);
  if (!outer.ok) return outer;
  const rings: Ring[] = [signedArea(outer.ring) < 0 ? (report.repair('ring-reoriented', id), outer.ring.toReversed()) : outer.ring];
  for (const h of raw.slice(1)) {
    const hole = cleanRing(h, gcj02, id, report);
    // A broken hole costs the hole, not the building.
    if (!hole.ok) {
      report.repair('bad-hole-dropped', id);
      continue;
    }
    rings.push(signedArea(hole.ring) > 0 ? hole.ring.toReversed() : hole.ring);
  }
  return { ok: true, rings };
}

/** Positions in a Polygon's or MultiPolygon's parts, counted before anything is converted. */
function vertexCount(parts: unknown[]): number {
  let n = 0;
  for (const part of parts) if (Array.isArray(part)) for (const ring of part) if (Array.isArray(ring)) n += ring.length;
  return n;
}

export interface DecodeOptions {
  /** Source datum; GCJ-02 input is converted to WGS84 with gcoord. */
  crs: 'wgs84' | 'gcj02';
  /** Years after this are dropped as implausible (default: this calendar year). */
  currentYear?: number;
}

/** Decodes one GeoJSON feature; returns undefined (and counts why) when it must be skipped. */
export function decodeBuilding(feature: unknown, index: number, options: DecodeOptions, report: BuildReport): Building | undefined {
  const fallbackId = `#${index}`;
  if (typeof feature !== 'object' || feature === null || (feature as { type?: unknown }).type !== 'Feature') {
    report.skip('not-a-feature', fallbackId);
    return undefined;
  }
  const f = feature as { id?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null };
  const p = f.properties ?? {};
  const id = String(p.id ?? f.id ?? p['@id'] ?? fallbackId);
  if (p.location === 'underground' || (num(p.layer) ?? 0) < 0) {
    report.skip('underground', id);
    return undefined;
  }
  const g = f.geometry;
  const parts = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : undefined;
  if (!parts) {
    report.skip('bad-geometry', id);
    return undefined;
  }
  if (vertexCount(parts) > MAX_FOOTPRINT_VERTICES) {
    report.skip('too-many-vertices', id);
    return undefined;
  }
  const gcj02 = options.crs === 'gcj02';
  const polygons: Ring[][] = [];
  for (const part of parts) {
    const poly = cleanPolygon(part, gcj02, id, report);
    if (!poly.ok) {
      report.skip(poly.reason, id);
      return undefined;
    }
    polygons.push(poly.rings);
  }
  let floorsIn = num(p.floors ?? p['building:levels']);
  if (floorsIn !== undefined && floorsIn > MAX_FLOORS) {
    report.repair('implausible-floors-dropped', id);
    floorsIn = undefined;
  }
  let height = num(p.height);
  if (height !== undefined && height < 0) {
    report.skip('negative-height', id);
    return undefined;
  }
  if (height !== undefined && height > MAX_HEIGHT_M) {
    report.skip('implausible-height', id);
    return undefined;
  }
  if (height === undefined || height === 0) {
    if (floorsIn !== undefined && floorsIn > 0) {
      height = floorsIn * FLOOR_HEIGHT_M;
      report.repair('height-from-floors', id);
    } else {
      height = DEFAULT_HEIGHT_M;
      report.repair('height-defaulted', id);
    }
  }
  const minLevel = num(p['building:min_level'] ?? p.min_level);
  const minHeight = Math.min(Math.max(0, num(p.min_height) ?? (minLevel !== undefined ? minLevel * FLOOR_HEIGHT_M : 0)), height - 1);
  const yearRaw = num(p.year) ?? num(typeof p.start_date === 'string' ? p.start_date.slice(0, 4) : undefined);
  // A year not yet reached, or before any standing building, is unknown rather than wrong data to draw.
  const yearOk = yearRaw !== undefined && yearRaw >= 1000 && yearRaw <= (options.currentYear ?? new Date().getUTCFullYear());
  if (yearRaw !== undefined && yearRaw !== 0 && !yearOk) report.repair('implausible-year-dropped', id);
  report.accepted++;
  return {
    id,
    name: typeof p.name === 'string' ? p.name : '',
    height,
    minHeight: Math.max(0, minHeight),
    floors: Math.round(floorsIn ?? height / FLOOR_HEIGHT_M),
    use: normaliseUse(p.use ?? p.building),
    year: yearOk ? Math.round(yearRaw) : 0,
    district: typeof p.district === 'string' ? p.district : '',
    polygons,
  };
}
