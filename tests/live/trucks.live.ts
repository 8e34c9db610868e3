/**
 * Muck-truck governance through the real stack: a truck's GPS readings over the broker, the rules
 * in the operations service, the violation retained on the broker and stored in the database,
 * on Aedes with PGlite and on Mosquitto with PostgreSQL. A breach open when the service is killed
 * is still open after the restart, closes once, and is stored once; bad fixes are refused and
 * counted, and raise nothing.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/harness/postgresServer.ts';
import { truckDay, violationReport } from '../../src/domains/trucks/server/truckGovernance.ts';
import { loadFleet, loadTruckWorld } from '../../src/domains/trucks/server/loadTruckWorld.ts';
import { RouteGeometry } from '../../src/domains/trucks/routeGeometry.ts';
import { TRUCK_ROUTES } from '../../src/domains/trucks/apiContract.ts';
import { violationSchema, type ViolationRecord } from '../../src/domains/trucks/contract.ts';
import { until } from '../harness/wait.ts';
import { DEFAULT_REGISTRY, TOPIC_PREFIX, readRegistry } from '../../server/data/cityFiles.ts';

const registry = readRegistry(DEFAULT_REGISTRY);
const world = loadTruckWorld();
const fleet = loadFleet(world, registry);
const truckIds = registry.ids.filter((_, i) => registry.kinds[i] === 'truck');

/**
 * A truck, and a stretch 100 m beside the middle of its route that is more than 50 m from every
 * part of that route (checked, so that the test means what it says).
 */
function offRouteStretch(slot: number): [number, number][] | null {
  const g = new RouteGeometry(world.world.routes[fleet.route[slot]!]!.coords);
  if (g.length < 3000) return null;
  const points = Array.from({ length: 30 }, (_, k) => g.offsetAt(g.length / 2 + k * 5, 100));
  return points.every(([lon, lat]) => world.routeDistance(fleet.route[slot]!, lon, lat, 50) > 50) ? points : null;
}
const slot = truckIds.findIndex((_, s) => offRouteStretch(s) !== null);
const truck = truckIds[slot]!;
const stretch = offRouteStretch(slot)!;
const topic = `${TOPIC_PREFIX}/sensor/truck/${truck}`;

describe.each<[BrokerName, 'pglite' | 'postgres']>([
  ['aedes', 'pglite'],
  ['mosquitto', 'postgres'],
])('muck-truck rules on %s with %s', (brokerName, dbKind) => {
  let stack: LiveStack;
  let postgres: RunningPostgres | null = null;
  let gps: MqttClient;
  let watcher: MqttClient;
  const retained = new Map<string, ViolationRecord>();
  // Stamps from two minutes back, so the last fix is never old enough for the GPS-silence rule during the test.
  let clock = Date.now() - 2 * 60_000;
  const fix = (lon: number, lat: number, speed = 4, step = 5000): Promise<unknown> =>
    gps.publishAsync(topic, JSON.stringify({ ts: (clock += step), value: speed, unit: 'km/h', quality: 'good', lon, lat }), { qos: 1 });
  const rows = () => stack.ops!.database.query<{ id: string; rule: string; ended_at: Date | null }>('select id, rule, ended_at from truck_violations where truck = $1 order by started_at', [truck]);

  beforeAll(async () => {
    postgres = dbKind === 'postgres' ? await startPostgres() : null;
    stack = await startLiveStack({ broker: brokerName, simulate: false, signs: false, ops: { database: postgres ? { url: postgres.url } : {} } });
    gps = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator });
    watcher = await mqtt.connectAsync(stack.broker.tcpUrl, { reconnectPeriod: 200 });
    watcher.on('message', (t, payload) => {
      const id = t.slice(`${TOPIC_PREFIX}/violation/`.length);
      if (payload.length === 0) retained.delete(id);
      else retained.set(id, violationSchema.parse(JSON.parse(payload.toString())));
    });
    await watcher.subscribeAsync(`${TOPIC_PREFIX}/violation/+`);
  });
  afterAll(async () => {
    await Promise.all([gps, watcher].map((c) => c?.endAsync(true)));
    await stack?.stop();
    await postgres?.destroy();
  });

  it('raises an off-route violation with its evidence track, publishes it retained and stores it', async () => {
    for (const [lon, lat] of stretch) await fix(lon, lat);
    const v = (await until(() => [...retained.values()].find((r) => r.truck === truck && r.rule === 'off-route'), 10_000, 'the retained violation', () => stack.ops!.stats().trucks))!;
    expect(v).toMatchObject({ truck, rule: 'off-route', end: null, company: expect.stringMatching(/^CO-/) });
    expect(v.district).toMatch(/^4401\d\d$/);
    // Off since the first fix beside the route: the evidence holds every fix from there.
    expect(v.track.length).toBeGreaterThanOrEqual(13);
    expect(v.track[0]![1]).toBeCloseTo(stretch[0]![0], 6);
    await until(async () => (await rows()).length === 1, 5000, 'the stored row');
    expect((await rows()).map((r) => [r.rule, r.ended_at])).toEqual([['off-route', null]]);
    // The day's track for the replay: one fix per 15 s of the 150 s stretch (at least half of it
    // in the day of its middle, should the test run across midnight CST), and the violation.
    await until(() => stack.ops!.stats().trucks!.unsaved === 0, 5000, 'the track rows');
    const middle = v.start + 75_000;
    const day = await truckDay(stack.ops!.database, truck, new Date(middle + 8 * 3600_000).toISOString().slice(0, 10));
    expect(day.points.length).toBeGreaterThanOrEqual(5);
    expect(day.points.length).toBeLessThanOrEqual(11);
    expect(day.points.every(([t]) => t >= day.from && t < day.to)).toBe(true);
    expect(day.points.map(([t]) => t)).toEqual(day.points.map(([t]) => t).toSorted((a, b) => a - b));
    expect(day.violations.map((r) => r.id)).toEqual(day.from <= v.start ? [v.id] : []);
    // What /api/ops/truck-day sends is what the page parses.
    expect(TRUCK_ROUTES['truck-day'].parse(JSON.parse(JSON.stringify(day)))).toEqual(day);
  });

  it('refuses bad fixes, counts them by reason, and raises nothing from them', async () => {
    const ops = stack.ops!;
    const before = { ...ops.stats().trucks!.refused };
    const rejectsBefore = ops.stats().rejects['bad-schema'] ?? 0;
    const [lon, lat] = stretch.at(-1)!;
    await gps.publishAsync(topic, JSON.stringify({ ts: (clock += 5000), value: 4, unit: 'km/h', quality: 'good', lon, lat: 95 }), { qos: 1 });
    await fix(lon + 0.2, lat, 4, 1000); // 20 km in a second
    await fix(lon, lat - 3, 4, 1000); // outside the city
    await until(() => (ops.stats().trucks!.refused.jump ?? 0) > (before.jump ?? 0) && (ops.stats().trucks!.refused['outside-city'] ?? 0) > (before['outside-city'] ?? 0), 5000, 'the refusals', () => ops.stats());
    // The latitude of 95° never reaches the rules: the reading's schema refuses it at the edge.
    expect(ops.stats().rejects['bad-schema'] ?? 0).toBe(rejectsBefore + 1);
    expect([...retained.values()].filter((r) => r.truck === truck).map((r) => r.rule)).toEqual(['off-route']);
  });

  it('keeps the open violation through a service restart, then closes it once when the truck is back on route', async () => {
    const ops = stack.ops!;
    await until(() => ops.stats().trucks!.unsaved === 0, 5000, 'the rows to be written');
    const instance = ops.instance;
    ops.kill();
    const restarted = await stack.startOps(instance);
    stack.ops = restarted;
    expect(restarted.stats().trucks!.open).toBe(1);
    const g = new RouteGeometry(world.world.routes[fleet.route[slot]!]!.coords);
    const back = g.pointAt(g.length / 2 + 200);
    await fix(back.lon, back.lat, 4, 60_000);
    await until(() => ![...retained.values()].some((r) => r.truck === truck), 10_000, 'the retained violation to clear');
    await until(async () => (await rows())[0]?.ended_at, 5000, 'the closed row');
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(restarted.stats().trucks!.opened).toBe(0);
    expect(restarted.stats().trucks!.closed).toBe(1);
    // Counted once per rule, district, cell and company, from the database (what /api/ops/violations serves).
    const report = await violationReport(restarted.database, Date.now() - 3600_000, Date.now());
    const record = report.violations.find((r) => r.truck === truck)!;
    expect(record.end).not.toBeNull();
    expect(report.counts.rule['off-route']).toBe(1);
    expect(report.counts.company[record.company]).toBe(1);
    expect(report.counts.district[record.district!]).toBe(1);
    expect(report.counts.cell[record.cell!]).toBe(1);
    expect(TRUCK_ROUTES.violations.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });
});
