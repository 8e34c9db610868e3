/**
 * `npm run bench:trucks`: the muck-truck rules on the default world (generated/truck-world.geojson:
 * its roads, sites, closed zones and approved routes) and fleet. In one run:
 *   engine   GPS fixes evaluated per second on one core (this thread) by TruckRules, every rule on
 *            every fix, with the zones, sites, roads and route corridors in flatbush indexes;
 *   naive    the same questions asked with a Turf loop (pointToLineDistance to the route and to
 *            every road, booleanPointInPolygon over every zone and site) on a sample of the fixes,
 *            with the ratio, and a check that both reach the same answers on that sample;
 *   memory   the engine's per-truck state, and the heap of a 100,000-truck engine per truck.
 * The fixes are the fleet driving its routes from 07:30 on a weekday, every 2 s, with a seeded 5 %
 * of trucks 70 m off their route and 3 % speeding. Options: --fixes 1000000  --naive 300
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import { RouteGeometry } from '../src/domains/trucks/routeGeometry.ts';
import { TruckRules } from '../src/domains/trucks/truckRules.ts';
import { CompiledWorld, inWindows } from '../src/domains/trucks/truckWorld.ts';
import { parseTruckWorld } from '../src/domains/trucks/worldFormat.ts';
import { mulberry32 } from '../scripts/city/random.ts';
import { assignFleet, type TruckFleetDocument } from '../src/domains/trucks/fleet.ts';

const { values } = parseArgs({ options: { fixes: { type: 'string', default: '1000000' }, naive: { type: 'string', default: '300' } } });
const FIXES = Number(values.fixes);
const NAIVE = Number(values.naive);

const generated = join(import.meta.dirname, '..', 'public/cities/guangzhou/generated');
for (const f of ['truck-world.geojson', 'truck-fleet.json']) if (!existsSync(join(generated, f))) throw new Error(`${f} is missing: run "npm run data" first`);
const world = parseTruckWorld(JSON.parse(readFileSync(join(generated, 'truck-world.geojson'), 'utf8')));
const fleet = JSON.parse(readFileSync(join(generated, 'truck-fleet.json'), 'utf8')) as TruckFleetDocument;

let t0 = performance.now();
const compiled = new CompiledWorld(world);
const compileMs = performance.now() - t0;
console.log(`world: ${world.roads.length.toLocaleString('en')} roads, ${world.sites.length} sites, ${world.zones.length} zones, ${world.routes.length} routes, ${fleet.trucks.length.toLocaleString('en')} trucks; indexed in ${compileMs.toFixed(0)} ms`);

// The fixes, step by step across the fleet.
const n = fleet.trucks.length;
const routeOf = assignFleet(fleet, world, fleet.trucks.map((t) => t.id)).route;
const geometry = world.routes.map((r) => new RouteGeometry(r.coords));
const rnd = mulberry32(17);
const start = Date.UTC(2026, 11, 2, 7 - 8, 30); // 07:30 China Standard Time, a Wednesday
const along = Float64Array.from({ length: n }, (_, i) => rnd() * geometry[routeOf[i]!]!.length);
const speedKmh = Float64Array.from({ length: n }, () => 20 + rnd() * 9);
const offset = Float64Array.from({ length: n }, () => (rnd() < 0.05 ? 70 : (rnd() - 0.5) * 10));
for (let i = 0; i < n; i++) if (rnd() < 0.03) speedKmh[i] = 55;
const fixT = new Float64Array(FIXES);
const fixTruck = new Int32Array(FIXES);
const fixLon = new Float64Array(FIXES);
const fixLat = new Float64Array(FIXES);
const fixSpeed = new Float64Array(FIXES);
for (let k = 0; k < FIXES; k++) {
  const i = k % n;
  const step = Math.floor(k / n);
  const g = geometry[routeOf[i]!]!;
  // Back and forth along the route: out loaded, back empty.
  const s = (along[i]! + step * 2 * (speedKmh[i]! / 3.6)) % (2 * g.length);
  const [lon, lat] = g.offsetAt(s <= g.length ? s : 2 * g.length - s, offset[i]!);
  fixTruck[k] = i;
  fixT[k] = start + step * 2000;
  fixLon[k] = lon;
  fixLat[k] = lat;
  fixSpeed[k] = speedKmh[i]!;
}

// Engine.
const rules = new TruckRules(compiled, { truckIds: fleet.trucks.map((t) => t.id) });
for (let i = 0; i < n; i++) rules.assignRoute(i, routeOf[i]!);
const fix = { truck: 0, t: 0, lon: 0, lat: 0, speed: 0 };
t0 = performance.now();
for (let k = 0; k < FIXES; k++) {
  fix.truck = fixTruck[k]!;
  fix.t = fixT[k]!;
  fix.lon = fixLon[k]!;
  fix.lat = fixLat[k]!;
  fix.speed = fixSpeed[k]!;
  rules.check(fix);
  if (fix.truck === n - 1) rules.tick(fix.t);
}
const engineMs = performance.now() - t0;
const engineRate = FIXES / (engineMs / 1000);
const changes = rules.takeChanges();
const opened = new Map<string, number>();
for (const c of changes) if (c.change === 'opened') opened.set(c.violation.rule, (opened.get(c.violation.rule) ?? 0) + 1);
console.log(`engine: ${FIXES.toLocaleString('en')} fixes in ${(engineMs / 1000).toFixed(2)} s = ${Math.round(engineRate).toLocaleString('en')} fixes/s on one core (target ≥ 200,000); accepted ${rules.accepted.toLocaleString('en')}, refused ${Object.values(rules.refused).reduce((a, b) => a + b, 0)} (${Object.entries(rules.refused).filter(([, c]) => c > 0).map(([r, c]) => `${r} ${c}`).join(', ') || 'none'})`);
console.log(`        violations opened: ${[...opened].map(([r, c]) => `${r} ${c}`).join(', ') || 'none'}; open at the end ${rules.openViolations().length}`);

// Naive Turf loop on a sample, asking the same four questions.
const routeLines = world.routes.map((r) => turf.lineString(r.coords.map((c) => [c[0], c[1]])));
const roadLines = world.roads.map((r) => ({ cls: r.cls, line: turf.lineString(r.coords.map((c) => [c[0], c[1]])) }));
const zonePolys: Feature<Polygon | MultiPolygon>[] = world.zones.map((z) => turf.multiPolygon(z.polygons.map((p) => p.map((ring) => ring.map((c) => [c[0], c[1]])))));
const sitePolys = world.sites.map((s) => turf.polygon([s.ring.map((c) => [c[0], c[1]])]));
const sample = Array.from({ length: Math.min(NAIVE, FIXES) }, (_, j) => Math.floor((j * FIXES) / Math.min(NAIVE, FIXES)));
interface Answers {
  off: boolean;
  zones: string;
  inSite: boolean;
  cls: string;
}
const naiveAnswers: Answers[] = [];
t0 = performance.now();
for (const k of sample) {
  const pt = turf.point([fixLon[k]!, fixLat[k]!]);
  const off = turf.pointToLineDistance(pt, routeLines[routeOf[fixTruck[k]!]!]! as Feature<LineString>, { units: 'meters', method: 'planar' }) > 50;
  const zones = zonePolys.flatMap((z, i) => (turf.booleanPointInPolygon(pt, z) && inWindows(world.zones[i]!.windows, fixT[k]!) ? [i] : [])).join(',');
  const inSite = sitePolys.some((s) => turf.booleanPointInPolygon(pt, s));
  let best = 30;
  let cls = 'local';
  for (const r of roadLines) {
    const d = turf.pointToLineDistance(pt, r.line, { units: 'meters', method: 'planar' });
    if (d <= best) [best, cls] = [d, r.cls];
  }
  naiveAnswers.push({ off, zones, inSite, cls });
}
const naiveMs = performance.now() - t0;
const naiveRate = sample.length / (naiveMs / 1000);

// The engine's answers to the same questions, through the same indexes TruckRules uses.
let agree = 0;
const disagreements: string[] = [];
sample.forEach((k, j) => {
  const lon = fixLon[k]!;
  const lat = fixLat[k]!;
  const zones: number[] = [];
  compiled.forEachZoneAt(lon, lat, (z) => {
    if (!zones.includes(z) && inWindows(world.zones[z]!.windows, fixT[k]!)) zones.push(z);
  });
  const mine: Answers = { off: compiled.routeDistance(routeOf[fixTruck[k]!]!, lon, lat, 50) > 50, zones: zones.toSorted((a, b) => a - b).join(','), inSite: compiled.inAnySite(lon, lat), cls: compiled.roadClassAt(lon, lat, 30) ?? 'local' };
  const theirs = naiveAnswers[j]!;
  if (mine.off === theirs.off && mine.zones === theirs.zones && mine.inSite === theirs.inSite && mine.cls === theirs.cls) agree++;
  else if (disagreements.length < 3) disagreements.push(`fix ${k}: engine ${JSON.stringify(mine)} turf ${JSON.stringify(theirs)}`);
});
console.log(`naive:  Turf loop over ${routeLines.length} routes' own line, ${zonePolys.length} zones, ${sitePolys.length} sites and ${roadLines.length.toLocaleString('en')} roads: ${sample.length} fixes in ${(naiveMs / 1000).toFixed(2)} s = ${naiveRate.toFixed(0)} fixes/s`);
console.log(`        engine / naive = ${Math.round(engineRate / naiveRate).toLocaleString('en')}× ; answers agree on ${agree}/${sample.length} sampled fixes (off route, zones in window, in a site, road class)`);
for (const d of disagreements) console.log(`        differs: ${d}`);

// Memory per truck.
const BIG = 100_000;
globalThis.gc?.();
const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const big = new TruckRules(compiled, { truckIds: Array.from({ length: BIG }, (_, i) => `MT${i}`) });
for (let i = 0; i < BIG; i++) {
  big.assignRoute(i, i % world.routes.length);
  const p = geometry[i % world.routes.length]!.pointAt(100);
  big.check({ truck: i, t: start, lon: p.lon, lat: p.lat, speed: 30 });
}
globalThis.gc?.();
const heap1 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
console.log(`memory: ${big.bytesPerTruck.toFixed(0)} B of state per truck (the evidence ring is ${((64 * 4 * 8) / 1024).toFixed(0)} KiB of it); a ${BIG.toLocaleString('en')}-truck engine after one fix each: ${((heap1 - heap0) / BIG).toFixed(0)} B per truck of heap${globalThis.gc ? '' : ' (run with --expose-gc for a settled figure)'}`);
