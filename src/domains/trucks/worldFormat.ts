import { z } from 'zod';
import { ROAD_CLASSES, type RoadClass, type TimeWindow, type TruckWorld } from './truckWorld.ts';

/**
 * The truck world as GeoJSON (generated/truck-world.geojson, or a planner's own file): one
 * FeatureCollection whose features say what they are in `properties.layer`:
 *
 *   road   LineString    { cls: expressway | arterial | local }
 *   site   Polygon       { id, kind: construction | disposal, name }
 *   zone   Polygon or MultiPolygon  { id, name, kind: central | school | embankment,
 *                         windows: [{ from: "07:00", to: "09:00", days?: [1…5] }] }  (China Standard Time)
 *   route  LineString    { id, from: site id, to: site id }
 *
 * and at the top level an optional `speedLimits` ({ expressway, arterial, local } in km/h).
 * Coordinates are WGS84; importers convert GCJ-02 before this point.
 */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const line = z.array(position).min(2);
const ring = z.array(position).min(4);
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time as HH:MM');
const windowSchema = z.object({ from: hhmm, to: hhmm, days: z.array(z.number().int().min(0).max(6)).optional() });

const feature = z.discriminatedUnion('layer', [
  z.object({ layer: z.literal('road'), cls: z.enum(ROAD_CLASSES), geometry: z.object({ type: z.literal('LineString'), coordinates: line }) }),
  z.object({ layer: z.literal('site'), id: z.string().min(1), kind: z.enum(['construction', 'disposal']), name: z.string(), geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }) }),
  z.object({
    layer: z.literal('zone'),
    id: z.string().min(1),
    name: z.string(),
    kind: z.enum(['central', 'school', 'embankment']),
    windows: z.array(windowSchema).min(1),
    geometry: z.union([z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }), z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) })]),
  }),
  z.object({ layer: z.literal('route'), id: z.string().min(1), from: z.string(), to: z.string(), geometry: z.object({ type: z.literal('LineString'), coordinates: line }) }),
]);

const collection = z.object({
  type: z.literal('FeatureCollection'),
  speedLimits: z.object({ expressway: z.number().positive(), arterial: z.number().positive(), local: z.number().positive() }).partial().optional(),
  features: z.array(z.object({ type: z.literal('Feature'), geometry: z.unknown(), properties: z.record(z.string(), z.unknown()) })),
});

const minutes = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
const clock = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export class TruckWorldError extends Error {}

const lonLat = (c: readonly number[]): [number, number] => [c[0]!, c[1]!];
const lineString = (coords: readonly (readonly number[])[]): object => ({ type: 'LineString', coordinates: coords });

/** Parses and checks a world file; throws TruckWorldError naming the first bad feature. */
export function parseTruckWorld(json: unknown): TruckWorld {
  const top = collection.safeParse(json);
  if (!top.success) throw new TruckWorldError(`truck world: not a FeatureCollection (${top.error.issues[0]?.message})`);
  const world: { roads: TruckWorld['roads'][number][]; sites: TruckWorld['sites'][number][]; zones: TruckWorld['zones'][number][]; routes: TruckWorld['routes'][number][] } = { roads: [], sites: [], zones: [], routes: [] };
  top.data.features.forEach((f, k) => {
    const parsed = feature.safeParse({ ...f.properties, geometry: f.geometry });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TruckWorldError(`truck world: feature ${k}: ${issue?.path.join('.') || 'properties'}: ${issue?.message}`);
    }
    const p = parsed.data;
    switch (p.layer) {
      case 'road':
        world.roads.push({ cls: p.cls, coords: p.geometry.coordinates.map(lonLat) });
        break;
      case 'site':
        world.sites.push({ id: p.id, kind: p.kind, name: p.name, ring: p.geometry.coordinates[0]!.map(lonLat) });
        break;
      case 'zone': {
        const polygons = p.geometry.type === 'Polygon' ? [p.geometry.coordinates] : p.geometry.coordinates;
        const windows: TimeWindow[] = p.windows.map((w) => ({ from: minutes(w.from), to: minutes(w.to), ...(w.days ? { days: w.days } : {}) }));
        if (windows.some((w) => w.to <= w.from)) throw new TruckWorldError(`truck world: feature ${k}: zone ${p.id}: a window must end after it starts`);
        world.zones.push({ id: p.id, name: p.name, kind: p.kind, windows, polygons: polygons.map((rings) => rings.map((r) => r.map(lonLat))) });
        break;
      }
      case 'route':
        world.routes.push({ id: p.id, from: p.from, to: p.to, coords: p.geometry.coordinates.map(lonLat) });
        break;
    }
  });
  const siteIds = new Set(world.sites.map((s) => s.id));
  const unknown = world.routes.find((r) => !siteIds.has(r.from) || !siteIds.has(r.to));
  if (unknown) throw new TruckWorldError(`truck world: route ${unknown.id} runs between sites that are not in the file (${unknown.from} → ${unknown.to})`);
  return { ...world, ...(top.data.speedLimits ? { speedLimits: top.data.speedLimits as Partial<Record<RoadClass, number>> } : {}) };
}

/** Writes a world as the GeoJSON `parseTruckWorld` reads. */
export function truckWorldToGeoJson(world: TruckWorld): object {
  return {
    type: 'FeatureCollection',
    ...(world.speedLimits ? { speedLimits: world.speedLimits } : {}),
    features: [
      ...world.roads.map((r) => ({ type: 'Feature', properties: { layer: 'road', cls: r.cls }, geometry: lineString(r.coords) })),
      ...world.sites.map((s) => ({ type: 'Feature', properties: { layer: 'site', id: s.id, kind: s.kind, name: s.name }, geometry: { type: 'Polygon', coordinates: [s.ring] } })),
      ...world.zones.map((zone) => ({
        type: 'Feature',
        properties: { layer: 'zone', id: zone.id, name: zone.name, kind: zone.kind, windows: zone.windows.map((w) => ({ from: clock(w.from), to: clock(w.to), ...(w.days ? { days: w.days } : {}) })) },
        geometry: zone.polygons.length === 1 ? { type: 'Polygon', coordinates: zone.polygons[0] } : { type: 'MultiPolygon', coordinates: zone.polygons },
      })),
      ...world.routes.map((r) => ({ type: 'Feature', properties: { layer: 'route', id: r.id, from: r.from, to: r.to }, geometry: lineString(r.coords) })),
    ],
  };
}
