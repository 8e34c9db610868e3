import type { Feature, Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { z } from 'zod';
import { formatPath } from '../config/formatIssues.ts';
import { tally } from './tally.ts';

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export type RejectReason = 'not-a-feature' | 'bad-geometry' | 'too-few-points' | 'non-finite' | 'out-of-bounds' | 'bad-properties';

export interface DecodeReport {
  accepted: number;
  /** Features whose rings were closed by repeating the first point. */
  repaired: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** The first few rejects, for the diagnostics panel: `#index (id): reason detail`. */
  examples: string[];
}

export interface Decoded<P> {
  features: Feature<Polygon | MultiPolygon, P>[];
  report: DecodeReport;
}

export class GeoJsonDocumentError extends Error {}

const MAX_EXAMPLES = 5;

type RingCheck = { ok: true; ring: Position[]; repaired: boolean } | { ok: false; reason: RejectReason; detail: string };

function checkRing(raw: unknown, bounds: Bounds): RingCheck {
  if (!Array.isArray(raw)) return { ok: false, reason: 'bad-geometry', detail: 'ring is not an array' };
  const ring: Position[] = [];
  for (const p of raw) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      return { ok: false, reason: 'bad-geometry', detail: 'position is not [lon, lat]' };
    }
    const [lon, lat] = p as [number, number];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return { ok: false, reason: 'non-finite', detail: `[${lon}, ${lat}]` };
    if (lon < bounds.west || lon > bounds.east || lat < bounds.south || lat > bounds.north) {
      return { ok: false, reason: 'out-of-bounds', detail: `[${lon}, ${lat}]` };
    }
    ring.push([lon, lat]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  const closed = first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  if (!closed && first) ring.push([first[0]!, first[1]!]);
  if (ring.length < 4) return { ok: false, reason: 'too-few-points', detail: `${ring.length - 1} distinct points` };
  return { ok: true, ring, repaired: !closed };
}

function checkPolygon(raw: unknown, bounds: Bounds): { ok: true; rings: Position[][]; repaired: boolean } | { ok: false; reason: RejectReason; detail: string } {
  if (!Array.isArray(raw) || raw.length === 0) return { ok: false, reason: 'bad-geometry', detail: 'polygon has no rings' };
  const rings: Position[][] = [];
  let repaired = false;
  for (const r of raw) {
    const c = checkRing(r, bounds);
    if (!c.ok) return c;
    rings.push(c.ring);
    repaired ||= c.repaired;
  }
  return { ok: true, rings, repaired };
}

type GeometryCheck<G> = { ok: true; geometry: G; repaired: boolean } | { ok: false; reason: RejectReason; detail: string };

function checkPolygonGeometry(g: { type?: unknown; coordinates?: unknown }, bounds: Bounds): GeometryCheck<Polygon | MultiPolygon> {
  if (g.type === 'Polygon') {
    const c = checkPolygon(g.coordinates, bounds);
    return c.ok ? { ok: true, geometry: { type: 'Polygon', coordinates: c.rings }, repaired: c.repaired } : c;
  }
  if (g.type !== 'MultiPolygon') return { ok: false, reason: 'bad-geometry', detail: `type ${String(g.type)}` };
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return { ok: false, reason: 'bad-geometry', detail: 'empty MultiPolygon' };
  const polys: Position[][][] = [];
  let repaired = false;
  for (const p of g.coordinates) {
    const c = checkPolygon(p, bounds);
    if (!c.ok) return c;
    polys.push(c.rings);
    repaired ||= c.repaired;
  }
  return { ok: true, geometry: { type: 'MultiPolygon', coordinates: polys }, repaired };
}

function checkPointGeometry(g: { type?: unknown; coordinates?: unknown }, bounds: Bounds): GeometryCheck<Point> {
  if (g.type !== 'Point') return { ok: false, reason: 'bad-geometry', detail: `type ${String(g.type)}` };
  const p = g.coordinates;
  if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') return { ok: false, reason: 'bad-geometry', detail: 'position is not [lon, lat]' };
  const [lon, lat] = p as [number, number];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return { ok: false, reason: 'non-finite', detail: `[${lon}, ${lat}]` };
  if (lon < bounds.west || lon > bounds.east || lat < bounds.south || lat > bounds.north) return { ok: false, reason: 'out-of-bounds', detail: `[${lon}, ${lat}]` };
  return { ok: true, geometry: { type: 'Point', coordinates: [lon, lat] }, repaired: false };
}

/**
 * Decodes features at the edge. A bad feature is skipped and counted with its reason, so one
 * broken feature never costs the good ones; only a document that is not a FeatureCollection at
 * all throws.
 *
 * `bounds` is the city's extent: a coordinate outside it is almost always a swapped lon/lat or a
 * projected coordinate, and drawing it would put a shape on the wrong side of the world.
 */
function decodeFeatures<P, G extends Geometry>(json: unknown, props: z.ZodType<P>, checkGeometry: (g: { type?: unknown; coordinates?: unknown }) => GeometryCheck<G>): { features: Feature<G, P>[]; report: DecodeReport } {
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray((json as { features?: unknown }).features)) {
    throw new GeoJsonDocumentError('not a GeoJSON FeatureCollection');
  }
  const raw = (json as { features: unknown[] }).features;
  const report: DecodeReport = { accepted: 0, repaired: 0, rejected: {}, examples: [] };
  const features: Feature<G, P>[] = [];
  const reject = (index: number, id: unknown, reason: RejectReason, detail: string): void => {
    tally(report.rejected, reason);
    if (report.examples.length < MAX_EXAMPLES) report.examples.push(`#${index}${id !== undefined ? ` (${String(id)})` : ''}: ${reason} ${detail}`);
  };
  raw.forEach((f, index) => {
    if (typeof f !== 'object' || f === null || (f as { type?: unknown }).type !== 'Feature') return reject(index, undefined, 'not-a-feature', '');
    const feature = f as { id?: unknown; geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
    const parsed = props.safeParse(feature.properties);
    const id = feature.id ?? (feature.properties as { id?: unknown; adcode?: unknown } | null)?.id ?? (feature.properties as { adcode?: unknown } | null)?.adcode;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reject(index, id, 'bad-properties', issue ? `${formatPath(issue.path)}: ${issue.message}` : '');
    }
    if (!feature.geometry) return reject(index, id, 'bad-geometry', 'no geometry');
    const g = checkGeometry(feature.geometry);
    if (!g.ok) return reject(index, id, g.reason, g.detail);
    if (g.repaired) report.repaired++;
    report.accepted++;
    features.push({ type: 'Feature', properties: parsed.data, geometry: g.geometry });
  });
  return { features, report };
}

export function decodePolygonFeatures<P>(json: unknown, props: z.ZodType<P>, bounds: Bounds): Decoded<P> {
  return decodeFeatures(json, props, (g) => checkPolygonGeometry(g, bounds));
}

export function decodePointFeatures<P>(json: unknown, props: z.ZodType<P>, bounds: Bounds): { features: Feature<Point, P>[]; report: DecodeReport } {
  return decodeFeatures(json, props, (g) => checkPointGeometry(g, bounds));
}
