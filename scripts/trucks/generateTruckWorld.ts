/**
 * The default city's muck-truck world, seeded and deterministic (written by scripts/build-data.ts):
 *
 *   sites    80 construction sites and 12 licensed disposal sites (消纳场), each one street block
 *            of its neighbourhood; disposal sites lie in the outer districts
 *   roads    the street network (streetNetwork.ts): local streets in the central districts and
 *            around every site, arterials on the neighbourhood lattice, expressways on every fifth line
 *   zones    the four central districts 07:00–09:00 and 17:00–20:00; a 150 m zone round every
 *            school on school days 07:30–17:30; the Pearl River embankments in the centre all day
 *   routes   two approved routes from each construction site, to its two nearest disposal sites:
 *            the quickest path on the network, steered off the closed zones (their streets cost
 *            more), so a truck that keeps to its route breaks no zone rule at the busy times
 *   fleet    each muck truck of the sensor registry with its company and its trip's route, a route
 *            clear of every closed zone: a route through one would breach it on every leg in its
 *            windows, several times an hour, and a single such permit error would outrun an
 *            ordinary day's whole violation budget (scripts/live/trucks.ts)
 */
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { TruckFleetDocument } from '../../src/domains/trucks/fleet.ts';
import { RouteGeometry } from '../../src/domains/trucks/routeGeometry.ts';
import { CompiledWorld, type LonLat, type Route, type Site, type TruckWorld, type Zone } from '../../src/domains/trucks/truckWorld.ts';
import type { DistrictProperties, FacilityProperties, WaterProperties } from '../../src/sources/basemapSchemas.ts';
import { cityFrame, NEIGHBOURHOOD_M, neighbourhood } from '../city/generateBuildings.ts';
import { mulberry32, pick, type Random } from '../city/random.ts';
import { buildStreetNetwork, shortestPathTree, type StreetGraph } from './streetNetwork.ts';

export const TRUCK_WORLD_SEED = 2017;
const CONSTRUCTION_SITES = 80;
const CENTRAL = ['440103', '440104', '440105', '440106'];
const CONSTRUCTION_WEIGHTS: Record<string, number> = { '440113': 15, '440111': 14, '440112': 12, '440106': 8, '440105': 6, '440118': 8, '440114': 8, '440115': 6, '440103': 2, '440104': 1 };
const DISPOSAL_DISTRICTS = ['440111', '440111', '440111', '440112', '440112', '440113', '440113', '440114', '440114', '440118', '440118', '440115'];
const SCHOOL_RADIUS_M = 150;
const EMBANKMENT_HALF_WIDTH_M = 40;
/** Bank stretches within this of a lattice road are left open: that is where the bridges cross. */
const BRIDGE_CLEARANCE_M = 120;
const SPEED_KMH = { expressway: 60, arterial: 40, local: 30 } as const;
/** How much more a street in a closed zone costs the router than its travel time. */
const ZONE_COST = { central: 3, school: 10, embankment: 10 } as const;
const COMPANY_WORDS = ['穗城', '珠江', '羊城', '花城', '白云', '番禺', '黄埔', '南沙', '增城', '花都', '从化', '天河', '海珠', '越秀', '荔湾', '粤通', '广运', '恒达', '鸿基', '顺通', '安达', '建丰', '宏图', '永盛', '力拓', '金穗', '南粤', '岭南', '新城', '远航'];


export interface TruckWorldInputs {
  districts: FeatureCollection<Polygon | MultiPolygon, DistrictProperties>;
  water: FeatureCollection<Polygon | MultiPolygon, WaterProperties>;
  facilities: FeatureCollection<Point, FacilityProperties>;
  /** Muck-truck ids of the sensor registry. */
  truckIds: readonly string[];
  /** The buildings' seed, so the streets are the grids the buildings stand in. */
  citySeed: number;
  seed?: number;
}

function circle(lon: number, lat: number, radiusM: number, mpd: { x: number; y: number }, sides = 16): LonLat[] {
  const ring: LonLat[] = [];
  for (let k = 0; k <= sides; k++) {
    const a = (2 * Math.PI * (k % sides)) / sides;
    ring.push([round6(lon + (radiusM * Math.cos(a)) / mpd.x), round6(lat + (radiusM * Math.sin(a)) / mpd.y)]);
  }
  return ring;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

export function generateTruckWorld({ districts, water, facilities, truckIds, citySeed, seed = TRUCK_WORLD_SEED }: TruckWorldInputs): { world: TruckWorld; fleet: TruckFleetDocument; graph: StreetGraph } {
  const rnd = mulberry32(seed);
  const frame = cityFrame(districts, water);
  const toLonLat = (x: number, y: number): LonLat => frame.toLonLat(x, y).map(round6) as unknown as LonLat;

  // Sites: a block of a random neighbourhood on land in the chosen district.
  const sites: Site[] = [];
  const siteXY: [number, number][] = [];
  const siteHoods = new Set<string>();
  const placeSite = (district: string, kind: Site['kind'], r: Random): void => {
    for (;;) {
      const i = Math.floor(r() * frame.nx);
      const j = Math.floor(r() * frame.ny);
      const hood = neighbourhood(frame, citySeed, i, j);
      const k = Math.floor(r() * 6) - 3;
      const m = Math.floor(r() * 6) - 3;
      const cos = Math.cos(hood.theta);
      const sin = Math.sin(hood.theta);
      const u = (k + 0.5) * hood.blockM;
      const v = (m + 0.5) * hood.blockM;
      const x = hood.x0 + NEIGHBOURHOOD_M / 2 + u * cos - v * sin;
      const y = hood.y0 + NEIGHBOURHOOD_M / 2 + u * sin + v * cos;
      const [lon, lat] = frame.toLonLat(x, y);
      if (frame.districtAt(lon, lat) !== district || frame.onWater(lon, lat)) continue;
      const half = hood.blockM * 0.35;
      const ring = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]].map(([su, sv]) => toLonLat(x + su! * half * cos - sv! * half * sin, y + su! * half * sin + sv! * half * cos));
      const n = sites.filter((s) => s.kind === kind).length + 1;
      const id = `${kind === 'construction' ? 'CS' : 'DS'}-${String(n).padStart(3, '0')}`;
      const name = kind === 'construction' ? `建设工地 ${id}` : `余泥渣土消纳场 ${id}`;
      sites.push({ id, kind, name, ring });
      siteXY.push([x, y]);
      siteHoods.add(`${i}:${j}`);
      return;
    }
  };
  for (let n = 0; n < CONSTRUCTION_SITES; n++) placeSite(pick(rnd, CONSTRUCTION_WEIGHTS), 'construction', rnd);
  for (const d of DISPOSAL_DISTRICTS) placeSite(d, 'disposal', rnd);

  const centralHood = (i: number, j: number): boolean => {
    const [lon, lat] = frame.toLonLat((i + 0.5) * NEIGHBOURHOOD_M, (j + 0.5) * NEIGHBOURHOOD_M);
    return CENTRAL.includes(frame.districtAt(lon, lat) ?? '');
  };
  const graph = buildStreetNetwork(frame, citySeed, (i, j) => siteHoods.has(`${i}:${j}`) || centralHood(i, j));
  const roads = graph.roads.map((r) => ({ cls: r.cls, coords: r.nodes.map((id) => toLonLat(graph.xy[2 * id]!, graph.xy[2 * id + 1]!)) }));

  // Zones.
  const zones: Zone[] = [];
  for (const f of districts.features.filter((d) => CENTRAL.includes(d.properties.adcode))) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    zones.push({
      id: `CZ-${f.properties.adcode}`,
      name: `${f.properties.nameZh}中心城区限行区`,
      kind: 'central',
      polygons: polygons.map((rings) => rings.map((ring) => ring.map((c) => [c[0]!, c[1]!] as const))),
      windows: [{ from: 7 * 60, to: 9 * 60 }, { from: 17 * 60, to: 20 * 60 }],
    });
  }
  for (const f of facilities.features.filter((s) => s.properties.type === 'school')) {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    zones.push({ id: `SZ-${f.properties.id}`, name: `学校周边 ${f.properties.id}`, kind: 'school', polygons: [[circle(lon, lat, SCHOOL_RADIUS_M, frame.mpd)]], windows: [{ from: 7 * 60 + 30, to: 17 * 60 + 30, days: [1, 2, 3, 4, 5] }] });
  }
  zones.push(...embankments(frame, water));

  // Routes: quickest paths on the network, costed by travel time and steered off closed zones.
  const zoneWorld = new CompiledWorld({ roads: [], sites: [], zones, routes: [] });
  const edgeCost = new Float64Array(graph.cls.length);
  for (let e = 0; e < graph.cls.length; e++) {
    const a = graph.edges[2 * e]!;
    const b = graph.edges[2 * e + 1]!;
    const [ax, ay, bx, by] = [graph.xy[2 * a]!, graph.xy[2 * a + 1]!, graph.xy[2 * b]!, graph.xy[2 * b + 1]!];
    let factor = 1;
    const [mlon, mlat] = frame.toLonLat((ax + bx) / 2, (ay + by) / 2);
    zoneWorld.forEachZoneAt(mlon, mlat, (z) => (factor = Math.max(factor, ZONE_COST[zones[z]!.kind])));
    edgeCost[e] = (Math.hypot(bx - ax, by - ay) / SPEED_KMH[graph.cls[e]!]) * factor;
  }
  const nearestNode = ([x, y]: [number, number]): number => {
    let best = 0;
    let bestD = Infinity;
    for (let v = 0; v < graph.xy.length / 2; v++) {
      const d = (graph.xy[2 * v]! - x) ** 2 + (graph.xy[2 * v + 1]! - y) ** 2;
      if (d < bestD) [best, bestD] = [v, d];
    }
    return best;
  };
  const access = siteXY.map(nearestNode);
  const disposal = sites.flatMap((s, k) => (s.kind === 'disposal' ? [k] : []));
  const trees = new Map(disposal.map((k) => [k, shortestPathTree(graph, access[k]!, (e) => edgeCost[e]!)]));
  const routes: Route[] = [];
  sites.forEach((s, k) => {
    if (s.kind !== 'construction') return;
    const [x, y] = siteXY[k]!;
    const nearest = disposal.toSorted((p, q) => Math.hypot(siteXY[p]![0] - x, siteXY[p]![1] - y) - Math.hypot(siteXY[q]![0] - x, siteXY[q]![1] - y)).slice(0, 2);
    for (const d of nearest) {
      const prev = trees.get(d)!;
      const path = [access[k]!];
      while (path.at(-1) !== access[d] && prev[path.at(-1)!]! >= 0) path.push(prev[path.at(-1)!]!);
      if (path.at(-1) !== access[d]) continue; // unreachable: the network has no way across
      const coords = [siteXY[k]!, ...path.map((v) => [graph.xy[2 * v]!, graph.xy[2 * v + 1]!] as [number, number]), siteXY[d]!].map(([px, py]) => toLonLat(px, py));
      routes.push({ id: `RT-${s.id.slice(3)}-${sites[d]!.id.slice(3)}`, from: s.id, to: sites[d]!.id, coords });
    }
  });

  const companies = COMPANY_WORDS.map((w, k) => ({ id: `CO-${String(k + 1).padStart(2, '0')}`, name: `广州市${w}土石方运输有限公司` }));
  const inZone = (lon: number, lat: number): boolean => {
    let hit = false;
    zoneWorld.forEachZoneAt(lon, lat, () => (hit = true));
    return hit;
  };
  const crossing = routes.map((r) => {
    const g = new RouteGeometry(r.coords);
    for (let s = 0; s < g.length; s += 20) {
      const p = g.pointAt(s);
      if (inZone(p.lon, p.lat)) return true;
    }
    return false;
  });
  const clear = routes.filter((_, k) => !crossing[k]);
  const trucks = truckIds.map((id) => ({ id, company: companies[Math.floor(rnd() * companies.length)]!.id, route: clear[Math.floor(rnd() * clear.length)]!.id }));
  return { world: { roads, sites, zones, routes, speedLimits: { ...SPEED_KMH } }, fleet: { companies, trucks }, graph };
}

/** Whether a point in the frame is near a lattice road (where a bridge crosses the river). */
function nearLattice([x, y]: [number, number]): boolean {
  const fx = x / NEIGHBOURHOOD_M;
  const fy = y / NEIGHBOURHOOD_M;
  return Math.min(Math.abs(fx - Math.round(fx)), Math.abs(fy - Math.round(fy))) * NEIGHBOURHOOD_M < BRIDGE_CLEARANCE_M;
}

/**
 * The embankments of the Pearl River through the central districts: 80 m strips along its banks,
 * broken wherever a lattice road crosses (the bridges), so crossing the river is allowed and
 * driving along its edge is not.
 */
function embankments(frame: ReturnType<typeof cityFrame>, water: TruckWorldInputs['water']): Zone[] {
  const out: Zone[] = [];
  const reach = water.features.find((f) => f.properties.id === 'haizhu');
  if (!reach || reach.geometry.type !== 'Polygon') return out;
  const toXY = (c: readonly number[]): [number, number] => [(c[0]! - frame.west) * frame.mpd.x, (c[1]! - frame.south) * frame.mpd.y];
  const ring = reach.geometry.coordinates[0]!.map(toXY);
  // Resample the bank every 40 m, then cut it into runs that keep clear of the bridges.
  const samples: [number, number][] = [];
  for (let k = 1; k < ring.length; k++) {
    const [ax, ay] = ring[k - 1]!;
    const [bx, by] = ring[k]!;
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 40));
    for (let s = 0; s < steps; s++) samples.push([ax + ((bx - ax) * s) / steps, ay + ((by - ay) * s) / steps]);
  }
  const runs: [number, number][][] = [[]];
  for (const p of samples) {
    const [lon, lat] = frame.toLonLat(p[0], p[1]);
    const central = CENTRAL.includes(frame.districtAt(lon, lat) ?? '');
    if (!central || nearLattice(p)) {
      if (runs.at(-1)!.length > 0) runs.push([]);
    } else runs.at(-1)!.push(p);
  }
  const strips = runs.filter((r) => r.length >= 12);
  strips.forEach((run, k) => {
    // A strip of half-width w either side of the bank line, from the offsets at each sample.
    const left: [number, number][] = [];
    const right: [number, number][] = [];
    run.forEach((p, s) => {
      const a = run[Math.max(0, s - 1)]!;
      const b = run[Math.min(run.length - 1, s + 1)]!;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      const nx = (-(b[1] - a[1]) / len) * EMBANKMENT_HALF_WIDTH_M;
      const ny = ((b[0] - a[0]) / len) * EMBANKMENT_HALF_WIDTH_M;
      left.push([p[0] + nx, p[1] + ny]);
      right.push([p[0] - nx, p[1] - ny]);
    });
    const outline = [...left, ...right.toReversed(), left[0]!].map(([x, y]) => frame.toLonLat(x, y).map(round6) as unknown as LonLat);
    out.push({ id: `EZ-${String(k + 1).padStart(3, '0')}`, name: `珠江堤岸 ${k + 1}`, kind: 'embankment', polygons: [[outline]], windows: [{ from: 0, to: 24 * 60 }] });
  });
  return out;
}
