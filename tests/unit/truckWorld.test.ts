/**
 * The default muck-truck world and the simulated fleet against the rule engine, in Node: the
 * routes run on the network between their sites, the world file round-trips through its schema
 * and broken files are refused, and driving the fleet raises exactly the seeded breakers' rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDistricts } from '../../scripts/basemap/districts.ts';
import { buildWater } from '../../scripts/basemap/water.ts';
import { GRID_SEED, readEchartsGuangzhou } from '../../scripts/build-data.ts';
import { DEFAULT_CITY_SEED } from '../../scripts/city/generateBuildings.ts';
import { generateFacilities } from '../../scripts/flood/generateFacilities.ts';
import { generateGrid, GUANGZHOU_GRID_CELLS } from '../../scripts/grid/generateGrid.ts';
import { generateSensors } from '../../scripts/live/generateSensors.ts';
import { RouteFleet, type TruckBehaviour } from '../../scripts/live/trucks.ts';
import { generateTruckWorld } from '../../scripts/trucks/generateTruckWorld.ts';
import { assignFleet } from '../../src/domains/trucks/fleet.ts';
import { TruckRules, type Rule } from '../../src/domains/trucks/truckRules.ts';
import { CompiledWorld, type TruckWorld } from '../../src/domains/trucks/truckWorld.ts';
import { parseTruckWorld, truckWorldToGeoJson } from '../../src/domains/trucks/worldFormat.ts';

let world: TruckWorld;
let compiled: CompiledWorld;
let truckIds: string[];
let fleetDoc: ReturnType<typeof generateTruckWorld>['fleet'];

beforeAll(() => {
  const districts = buildDistricts(readEchartsGuangzhou());
  const water = buildWater(districts);
  const grid = generateGrid(districts, { count: GUANGZHOU_GRID_CELLS, seed: GRID_SEED });
  const sensors = generateSensors({ districts, water, grid });
  const facilities = generateFacilities({ districts, water, grid });
  truckIds = sensors.features.flatMap((f) => (f.properties.kind === 'truck' ? [f.properties.id] : []));
  const generated = generateTruckWorld({ districts, water, facilities, truckIds, citySeed: DEFAULT_CITY_SEED });
  world = generated.world;
  fleetDoc = generated.fleet;
  compiled = new CompiledWorld(world);
}, 120_000);

describe('the default truck world', () => {
  it('has construction and disposal sites, the three kinds of closed zone, and routes that run on the roads between their sites', () => {
    expect(world.sites.filter((s) => s.kind === 'construction')).toHaveLength(80);
    expect(world.sites.filter((s) => s.kind === 'disposal')).toHaveLength(12);
    expect(new Set(world.zones.map((z) => z.kind))).toEqual(new Set(['central', 'school', 'embankment']));
    expect(world.routes.length).toBeGreaterThan(150);
    const sites = new Map(world.sites.map((s) => [s.id, s]));
    for (const r of world.routes) {
      expect([sites.get(r.from)?.kind, sites.get(r.to)?.kind]).toEqual(['construction', 'disposal']);
      // Every vertex but the two site centres lies on a road centre line.
      const off = r.coords.slice(1, -1).filter(([lon, lat]) => compiled.roadClassAt(lon, lat, 0.5) === undefined);
      expect(off, r.id).toEqual([]);
    }
  });

  it('round-trips through the world file format', () => {
    const again = parseTruckWorld(JSON.parse(JSON.stringify(truckWorldToGeoJson(world))));
    expect(again.routes).toEqual(world.routes);
    expect(again.zones).toEqual(world.zones);
    expect(again.sites.length).toBe(world.sites.length);
    expect(again.roads.length).toBe(world.roads.length);
  });

  it('refuses broken world files, naming the feature and the fault', () => {
    const good = truckWorldToGeoJson({ roads: [], sites: [{ id: 'S', kind: 'construction', name: 's', ring: [[113, 23], [113.01, 23], [113.01, 23.01], [113, 23]] }], zones: [], routes: [] }) as { features: { properties: Record<string, unknown>; geometry: unknown }[] };
    const broken = (edit: (doc: typeof good) => void): (() => unknown) => {
      const doc = structuredClone(good);
      edit(doc);
      return () => parseTruckWorld(doc);
    };
    expect(() => parseTruckWorld({ type: 'Topology' })).toThrow(/not a FeatureCollection/);
    expect(broken((d) => (d.features[0]!.geometry = { type: 'Polygon', coordinates: [[[200, 23], [113.01, 23], [113.01, 23.01], [200, 23]]] }))).toThrow(/feature 0: geometry\.coordinates/);
    expect(broken((d) => (d.features[0]!.properties.layer = 'lake'))).toThrow(/feature 0/);
    expect(broken((d) => d.features.push({ type: 'Feature', properties: { layer: 'route', id: 'R', from: 'S', to: 'nowhere' }, geometry: { type: 'LineString', coordinates: [[113, 23], [113.1, 23]] } } as never))).toThrow(/route R runs between sites that are not in the file/);
    expect(broken((d) => d.features.push({ type: 'Feature', properties: { layer: 'zone', id: 'Z', name: 'z', kind: 'school', windows: [{ from: '09:00', to: '08:00' }] }, geometry: { type: 'Polygon', coordinates: [[[113, 23], [113.01, 23], [113.01, 23.01], [113, 23]]] } } as never))).toThrow(/zone Z: a window must end after it starts/);
  });
});

describe('the simulated fleet under the rules', () => {
  const RULE_OF: Record<Exclude<TruckBehaviour, 'compliant'>, Rule> = { 'off-route': 'off-route', speeding: 'speeding', dumping: 'unlicensed-stop', silent: 'gps-silence' };

  it('raises nothing for compliant trucks on clear routes at night, and each breaker its own rule', () => {
    const TRUCKS = 400;
    const ids = truckIds.slice(0, TRUCKS);
    const fleet = assignFleet(fleetDoc, world, ids);
    const sim = new RouteFleet(compiled, fleet.route, 3);
    const rules = new TruckRules(compiled, { truckIds: ids });
    ids.forEach((_, i) => rules.assignRoute(i, fleet.route[i]!));
    // 21:00 China Standard Time on a Wednesday: only the embankments are closed.
    const t0 = Date.UTC(2026, 11, 2, 13);
    const seen = ids.map(() => new Set<Rule>());
    const refusals: string[] = [];
    for (let step = 0; step < 1200; step++) {
      const t = t0 + step * 2000;
      for (let i = 0; i < TRUCKS; i++) {
        const s = sim.drive(i, 2, 35);
        const refusal = s.reporting ? rules.check({ truck: i, t, lon: s.lon, lat: s.lat, speed: s.speed }) : null;
        if (refusal) refusals.push(`${ids[i]} at ${t}: ${refusal}`);
      }
      rules.tick(t);
      for (const c of rules.takeChanges()) seen[c.violation.truck]!.add(c.violation.rule);
    }
    // The simulator's tracks are drivable: the engine refuses none of its fixes.
    expect(refusals).toEqual([]);
    const compliant = ids.flatMap((id, i) => (sim.behaviour[i] === 'compliant' && seen[i]!.size > 0 ? [`${id} ${[...seen[i]!].join()}`] : []));
    expect(compliant).toEqual([]);
    for (const [behaviour, rule] of Object.entries(RULE_OF)) {
      const breakers = ids.flatMap((_, i) => (sim.behaviour[i] === behaviour ? [i] : []));
      expect(breakers.length, behaviour).toBeGreaterThan(3);
      // Within 40 minutes each has had a leg's middle, a dump or a silence to do it in.
      const caught = breakers.filter((i) => seen[i]!.has(rule));
      expect(caught.length / breakers.length, behaviour).toBeGreaterThanOrEqual(0.75);
    }
  }, 60_000);
});
