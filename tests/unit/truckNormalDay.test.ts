/**
 * The simulator's muck trucks on an ordinary day (#35): driven as the simulator drives them, every
 * truck at its registry interval, through the rule engine. An ordinary hour raises a plausible
 * handful of violations (and speed alarms only with them), not a flood; the run still opens with one detour the
 * governance view can show, and the typhoon still makes every prone truck break its rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDistricts } from '../../scripts/basemap/districts.ts';
import { buildWater } from '../../scripts/basemap/water.ts';
import { GRID_SEED, readEchartsGuangzhou } from '../../scripts/build-data.ts';
import { DEFAULT_CITY_SEED } from '../../scripts/city/generateBuildings.ts';
import { generateFacilities } from '../../scripts/flood/generateFacilities.ts';
import { generateGrid, GUANGZHOU_GRID_CELLS } from '../../scripts/grid/generateGrid.ts';
import { generateSensors } from '../../scripts/live/generateSensors.ts';
import { readingValue, sensorTraits, type ScenarioName } from '../../scripts/live/scenario.ts';
import { LAPSE, ORDINARY_DAY_VIOLATIONS_PER_TRUCK, RouteFleet } from '../../scripts/live/trucks.ts';
import { generateTruckWorld } from '../../scripts/trucks/generateTruckWorld.ts';
import { assignFleet, type FleetAssignment } from '../../src/domains/trucks/fleet.ts';
import { TruckRules, type Rule, type Violation } from '../../src/domains/trucks/truckRules.ts';
import { CompiledWorld } from '../../src/domains/trucks/truckWorld.ts';
import { toRegistry, type SensorRegistry } from '../../src/live/contract.ts';

const SEED = 1;
/** 08:00 China Standard Time on a Wednesday in term: every kind of closed zone is in its window. */
const MORNING_PEAK = Date.parse('2026-12-02T08:00:00+08:00');

let registry: SensorRegistry;
let world: CompiledWorld;
let fleet: FleetAssignment;
let trucks: number[];

beforeAll(() => {
  const districts = buildDistricts(readEchartsGuangzhou());
  const water = buildWater(districts);
  const grid = generateGrid(districts, { count: GUANGZHOU_GRID_CELLS, seed: GRID_SEED });
  registry = toRegistry(generateSensors({ districts, water, grid }));
  const facilities = generateFacilities({ districts, water, grid });
  trucks = registry.kinds.flatMap((k, i) => (k === 'truck' ? [i] : []));
  const truckIds = trucks.map((i) => registry.ids[i]!);
  const generated = generateTruckWorld({ districts, water, facilities, truckIds, citySeed: DEFAULT_CITY_SEED });
  world = new CompiledWorld(generated.world);
  fleet = assignFleet(generated.fleet, generated.world, truckIds);
}, 120_000);

/**
 * Drives the whole fleet for `seconds` of the scenario from `t0` (ms) as the simulator does (each
 * truck reports at its registry interval; a silent unit sends nothing) and returns the violations
 * the rules opened, and the trucks whose reported speed reached their alarm point's warning level.
 */
function drive(scenario: ScenarioName, t0: number, seconds: number): { opened: { rule: Rule; at: number; truck: number }[]; speedAlarms: number; sim: RouteFleet } {
  const sim = new RouteFleet(world, fleet.route, SEED, { lapse: LAPSE[scenario] });
  const rules = new TruckRules(world, { truckIds: trucks.map((i) => registry.ids[i]!) });
  trucks.forEach((_, s) => rules.assignRoute(s, fleet.route[s]!));
  const traits = trucks.map((i) => sensorTraits('truck', i, registry.positions[2 * i]!, registry.positions[2 * i + 1]!, SEED));
  const opened: { rule: Rule; at: number; truck: number }[] = [];
  const speeding = new Set<number>();
  const step = Math.min(...trucks.map((i) => registry.props[i]!.interval));
  const take = (v: Violation): void => void opened.push({ rule: v.rule, at: (v.start - t0) / 1000, truck: v.truck });
  for (let t = 0; t < seconds; t += step) {
    trucks.forEach((i, s) => {
      if (t % registry.props[i]!.interval !== 0) return;
      const fix = sim.report(s, t, readingValue(traits[s]!, i, { scenario, t, cycleS: 600 }));
      if (!fix) return;
      if (fix.speed >= registry.props[i]!.warning) speeding.add(s);
      rules.check({ truck: s, t: t0 + t * 1000, lon: fix.lon, lat: fix.lat, speed: fix.speed });
    });
    rules.tick(t0 + t * 1000);
    for (const c of rules.takeChanges()) if (c.change === 'opened') take(c.violation);
  }
  return { opened, speedAlarms: speeding.size, sim };
}

describe('the muck trucks on an ordinary day', () => {
  it('raise a plausible handful of violations in the morning peak hour, and a speed alarm only with a speeding violation', () => {
    const { opened, speedAlarms, sim } = drive('normal', MORNING_PEAK, 3600);
    // The assumed daily rate over a 12-hour working day is about one an hour for 1,200 trucks;
    // the peak hour, with every closed zone in its window, may hold three times that, and the
    // run's opening detour comes on top.
    const perHour = (ORDINARY_DAY_VIOLATIONS_PER_TRUCK * trucks.length) / 12;
    expect(trucks.length).toBe(1200);
    expect(opened.length, JSON.stringify(opened)).toBeLessThanOrEqual(Math.ceil(3 * perHour) + 1);
    expect(speedAlarms).toBeLessThanOrEqual(opened.filter((v) => v.rule === 'speeding').length);
    // The opening detour: an off-route violation within two minutes.
    const opening = opened.find((v) => v.truck === sim.opening);
    expect(opening?.rule).toBe('off-route');
    expect(opening!.at).toBeLessThan(120);
  }, 120_000);

  it('still has every prone truck break its rule in the typhoon', () => {
    const { opened, sim } = drive('typhoon', MORNING_PEAK, 20 * 60);
    const rules = new Set(opened.map((v) => v.rule));
    for (const rule of ['off-route', 'speeding', 'unlicensed-stop', 'gps-silence'] as const) expect(rules, rule).toContain(rule);
    const prone = sim.behaviour.filter((b) => b !== 'compliant').length;
    expect(opened.length).toBeGreaterThan(prone / 2);
  }, 120_000);
});
