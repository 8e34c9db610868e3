/**
 * Building footprints at the pipeline's edge: decodes GeoJSON features into `Building` records,
 * repairing what can be repaired and skipping the rest, every case counted by reason with example
 * ids. Bad input never aborts a build.
 */
import gcoord from 'gcoord';
import { BUILDING_USES, type BuildingUse } from '../../src/sources/buildingUses.ts';

export { BUILDING_USES, type BuildingUse };

/** Height of one floor when only a floor count is known. */
export const FLOOR_HEIGHT_M = 3;
/** Height given to a footprint with neither height nor floors. */
export const DEFAULT_HEIGHT_M = 6;

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
  | 'underground';
export type RepairReason = 'ring-closed' | 'duplicate-points' | 'height-from-floors' | 'height-defaulted' | 'ring-reoriented' | 'bad-hole-dropped';

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

/** Proper crossings between non-adjacent edges of one ring. O(n²): building rings are small. */
export function selfIntersects(ring: Ring): boolean {
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsCross(a, b, ring[j]!, ring[(j + 1) % n]!)) return true;
    }
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

export interface DecodeOptions {
  /** Source datum; GCJ-02 input is converted to WGS84 with gcoord. */
  crs: 'wgs84' | 'gcj02';
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
  const floorsIn = num(p.floors ?? p['building:levels']);
  let height = num(p.height);
  if (height !== undefined && height < 0) {
    report.skip('negative-height', id);
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
  report.accepted++;
  return {
    id,
    name: typeof p.name === 'string' ? p.name : '',
    height,
    minHeight: Math.max(0, minHeight),
    floors: Math.round(floorsIn ?? height / FLOOR_HEIGHT_M),
    use: normaliseUse(p.use ?? p.building),
    year: yearRaw !== undefined && yearRaw > 1000 && yearRaw < 3000 ? Math.round(yearRaw) : 0,
    district: typeof p.district === 'string' ? p.district : '',
    polygons,
  };
}
