import { describe, expect, it } from 'vitest';
import { solarPosition, solarTerm, sunOrbit } from './solarPosition.ts';
import { LocalFrame, PrismSet, type Prism } from './prisms.ts';
import { facadeGrid, hoursOf, sunlitSteps, sunSteps, SUNLIGHT_RULES, type SamplePoints, type SunlightRule } from './sunlightHours.ts';
import { buildSite, type Site } from './site.ts';
import { buildingSunlight, impactCsv, pointSunlight, sunlightImpact } from './sunlightReport.ts';
import { lineOfSight, skyline, viewshed, VIEW_HIDDEN, VIEW_VISIBLE } from './sightlines.ts';
import { decodeFootprints, encodeFootprints } from '../../analysis/footprintsFormat.ts';
import type { BuildingRows } from '../../analysis/buildingsFormat.ts';

const GZ = { lat: 23.13, lon: 113.32 };
const DONGZHI_6H: SunlightRule = { id: 'small-dongzhi-1h', day: 'dongzhi', window: [9, 15], requiredHours: 1 };

/** A rectangle x0..x1, y0..y1 (metres) as a counter-clockwise ring. */
const rect = (x0: number, y0: number, x1: number, y1: number): Float64Array => Float64Array.of(x0, y0, x1, y0, x1, y1, x0, y1);
const point = (x: number, y: number, z: number, nx = 0, ny = 0): SamplePoints => ({ xyz: Float64Array.of(x, y, z), normal: Float64Array.of(nx, ny), count: 1 });

describe('solar position (NOAA)', () => {
  it('matches the published NREL SPA example to within 0.1°', () => {
    // Reda & Andreas (2004), NREL/TP-560-34302, Table A4.1: 17 October 2003, 12:30:30 at UTC−7,
    // 39.742476° N, 105.1786° W: topocentric zenith 50.11162°, azimuth 194.34024°.
    const p = solarPosition(Date.UTC(2003, 9, 17, 19, 30, 30), 39.742476, -105.1786);
    expect(Math.abs(90 - p.elevation - 50.11162)).toBeLessThan(0.1);
    expect(Math.abs(p.azimuth - 194.34024)).toBeLessThan(0.1);
  });

  it('puts the sun due south at true solar noon in Guangzhou on the winter solstice, 43.43° up', () => {
    const solstice = solarTerm(2026, 270);
    // The December solstice of 2026 is at 20:50 UTC on 21 December (22 December in China).
    expect(Math.abs(solstice - Date.UTC(2026, 11, 21, 20, 50))).toBeLessThan(15 * 60_000);
    const { declination, equationOfTime } = sunOrbit(solstice);
    expect(declination).toBeCloseTo(-23.436, 2);
    // True solar noon: 12:00 less the longitude's offset from 120° E and the equation of time.
    const noonUtc = Date.UTC(2026, 11, 22, 12) - 8 * 3600_000 - (4 * (GZ.lon - 120) + equationOfTime) * 60_000;
    const p = solarPosition(noonUtc, GZ.lat, GZ.lon);
    expect(Math.abs(p.azimuth - 180)).toBeLessThan(0.1);
    expect(Math.abs(p.geometricElevation - (90 - GZ.lat - 23.436))).toBeLessThan(0.1);
  });

  it('finds 大寒 (300°) on 20 January 2027, China time', () => {
    const dahan = new Date(solarTerm(2027, 300) + 8 * 3600_000);
    expect(dahan.toISOString().slice(0, 10)).toBe('2027-01-20');
    expect(sunOrbit(dahan.getTime()).declination).toBeGreaterThan(-20.5);
    expect(sunOrbit(dahan.getTime()).declination).toBeLessThan(-19.9);
  });
});

describe('sunlight hours', () => {
  it('a wall 20 m due south, 16.95 m high, leaves 4 of the 6 hours on 冬至日 at 23.13° N', () => {
    // By hand: at hour angle ±30° (10:00 and 14:00) the sun's profile angle against a wall facing
    // north is atan((sinφ sinδ + cosφ cosδ cos30°) / (sinφ cosδ cos30° − cosφ sinδ)) = atan(0.8475)
    // for φ = 23.13°, δ = −23.436°; 20 m × 0.8475 = 16.95 m. Nearer noon the sun clears the wall.
    const wall: Prism = { rings: [rect(-5000, -21, 5000, -20)], height: 16.949 };
    const sun = sunSteps(DONGZHI_6H, GZ.lat, 2026, 1);
    const set = new PrismSet([wall]);
    const hours = hoursOf(sunlitSteps(set, point(0, 0, 0, 0, -1), sun), 1, sun)[0]!;
    expect(Math.abs(hours - 4)).toBeLessThanOrEqual(2 / 60);
    // Twice as high, the wall leaves the sun only near noon; far higher, none at all.
    const higher = hoursOf(sunlitSteps(new PrismSet([{ ...wall, height: 100 }]), point(0, 0, 0, 0, -1), sun), 1, sun)[0]!;
    expect(higher).toBe(0);
  });

  it('gives a south facade the whole window in the open and a north facade none in winter', () => {
    const sun = sunSteps(SUNLIGHT_RULES[0]!, GZ.lat, 2027, 5);
    expect(sun.count).toBe(96);
    const open = new PrismSet([]);
    expect(hoursOf(sunlitSteps(open, point(0, 0, 1, 0, -1), sun), 1, sun)[0]).toBe(8);
    expect(hoursOf(sunlitSteps(open, point(0, 0, 1, 0, 1), sun), 1, sun)[0]).toBe(0);
  });

  it('samples a facade grid per storey at sill height, facing outwards', () => {
    const { points, facades } = facadeGrid(rect(0, 0, 30, 12), 30, 3);
    expect(facades.map((f) => Math.round(f.facing))).toEqual([180, 90, 0, 270]);
    expect(facades.map((f) => f.columns)).toEqual([10, 4, 10, 4]);
    expect(points.count).toBe(10 * 28);
    expect(points.xyz[2]).toBeCloseTo(0.9, 6);
    expect(points.xyz[3 * (facades[0]!.columns * 9) + 2]).toBeCloseTo(27.9, 6);
    expect(points.xyz[1]).toBeLessThan(0);
  });

  it('counts the same sunlit steps through the grid index as testing every building', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const prisms: Prism[] = [];
    for (let k = 0; k < 300; k++) {
      const x = rand() * 800 - 400;
      const y = rand() * 800 - 400;
      prisms.push({ rings: [rect(x, y, x + 10 + rand() * 30, y + 10 + rand() * 30)], height: 5 + rand() * 150 });
    }
    const set = new PrismSet(prisms);
    const sun = sunSteps(SUNLIGHT_RULES[0]!, GZ.lat, 2027, 10);
    const { points } = facadeGrid(rect(-15, -15, 15, 15), 60, 4);
    const fast = sunlitSteps(set, points, sun);
    const naive = sunlitSteps(set, points, sun, undefined, true);
    expect(Array.from(fast)).toEqual(Array.from(naive));
    expect(hoursOf(fast, points.count, sun).some((h) => h > 0 && h < 8)).toBe(true);
  });
});

/** A little city: a home (H1, 30 × 12 m, 30 m) with open ground south of it, in buildings.bin's and footprints.bin's shapes. */
function smallCity(extra: { id: string; ring: [number, number][]; height: number; use: number }[] = []): { rows: BuildingRows; site: (proposed?: { id: string; ring: [number, number][]; height: number }[], demolished?: string[]) => Site } {
  const frame = new LocalFrame(GZ.lon, GZ.lat);
  const toLL = (x: number, y: number): [number, number] => [frame.lon(x), frame.lat(y)];
  const buildings = [{ id: 'H1', ring: [toLL(0, 0), toLL(30, 0), toLL(30, 12), toLL(0, 12)], height: 30, use: 0 }, ...extra];
  const fp = decodeFootprints(encodeFootprints(buildings.map((b) => [b.ring]), GZ.lon, GZ.lat));
  const lonLat = new Float64Array(buildings.flatMap((b) => [b.ring.reduce((a, p) => a + p[0], 0) / b.ring.length, b.ring.reduce((a, p) => a + p[1], 0) / b.ring.length]));
  const rows: BuildingRows = {
    count: buildings.length,
    lonLat,
    height: Float32Array.from(buildings, (b) => b.height),
    floorArea: new Float32Array(buildings.length),
    use: Uint8Array.from(buildings, (b) => b.use),
    id: (i) => buildings[i]!.id,
  };
  return {
    rows,
    site: (proposed = [], demolished = []) => buildSite(rows, fp, { lon: GZ.lon + 0.0001, lat: GZ.lat, radiusM: 2000, proposed, demolished: new Set(demolished) }),
  };
}

describe('sunlight report', () => {
  const frame = new LocalFrame(GZ.lon, GZ.lat);
  const ll = (x: number, y: number): [number, number] => [frame.lon(x), frame.lat(y)];
  const options = { rule: SUNLIGHT_RULES[0]!, year: 2027, stepMinutes: 5, spacingM: 3 };

  it('lists the facades a proposed slab south of a home pushes below 3 hours on 大寒日', () => {
    const city = smallCity([{ id: 'O1', ring: [ll(200, 200), ll(220, 200), ll(220, 220), ll(200, 220)], height: 20, use: 1 }]);
    const before = buildingSunlight(city.site(), 'H1', options, 'today');
    expect(before.facades.find((f) => Math.round(f.facing) === 180)!.minHours).toBe(8);
    const tower = { id: 'P1', ring: [ll(-100, -60), ll(130, -60), ll(130, -40), ll(-100, -40)], height: 100 };
    const site = city.site([tower]);
    const impact = sunlightImpact(site, (row) => city.rows.use[row] === 0, options);
    expect(impact.buildings).toBe(1);
    const south = impact.rows.find((r) => r.facing === 180)!;
    expect(south.buildingId).toBe('H1');
    // A slab 40 m south, 230 m long and 100 m tall shades the south face through most of the day.
    expect(south.pushedBelow).toBeGreaterThan(0);
    expect(south.minBefore).toBe(8);
    expect(south.minAfter).toBeLessThan(3);
    expect(impact.rows.some((r) => r.facing === 0)).toBe(false);
    // The report's counts are the engine's own, point by point.
    const after = buildingSunlight(site, 'H1', options, 'proposed');
    const southFacade = after.facades.find((f) => Math.round(f.facing) === 180)!;
    expect(southFacade.below).toBe(south.pushedBelow);
    expect(impactCsv(impact).split('\n')[1]).toMatch(/^H1,0,180,10,10,/);
  });

  it('a demolished neighbour lifts the points it shaded', () => {
    const city = smallCity([{ id: 'B2', ring: [ll(-100, -60), ll(130, -60), ll(130, -40), ll(-100, -40)], height: 100, use: 1 }]);
    const impact = sunlightImpact(city.site([], ['B2']), (row) => city.rows.use[row] === 0, options);
    expect(impact.facadesPushedBelow).toBe(0);
    expect(impact.facadesLiftedAbove).toBeGreaterThan(0);
    expect(pointSunlight(city.site([], ['B2']), frame.lon(15), frame.lat(-1), 1, options, 'proposed').hours).toBe(8);
  });
});

describe('sight lines', () => {
  const frame = new LocalFrame(GZ.lon, GZ.lat);
  const ll = (x: number, y: number): [number, number] => [frame.lon(x), frame.lat(y)];
  const city = smallCity([{ id: 'T1', ring: [ll(100, -10), ll(120, -10), ll(120, 10), ll(100, 10)], height: 100, use: 1 }]);

  it('finds the first obstruction on a line of sight, and none over the roof', () => {
    const site = city.site();
    const a = { lon: frame.lon(60), lat: frame.lat(1), height: 10 };
    const los = lineOfSight(site, a, { lon: frame.lon(200), lat: frame.lat(1), height: 10 });
    expect(los.clear).toBe(false);
    expect(los.obstruction!.buildingId).toBe('T1');
    expect(los.obstruction!.distanceM).toBeCloseTo(40, 1);
    // Rising from 10 to 400 m over 140 m, the line is at 121 m where it reaches the 100 m roof.
    expect(lineOfSight(site, a, { lon: frame.lon(200), lat: frame.lat(1), height: 400 }).clear).toBe(true);
  });

  it('hides the ground behind a tower from an eye at street level, and gives a target area its visible share', () => {
    const site = city.site();
    const eye = { lon: frame.lon(60), lat: frame.lat(1), height: 1.6 };
    const behind: [number, number][] = [ll(150, -5), ll(170, -5), ll(170, 5), ll(150, 5)];
    const v = viewshed(site, eye, { heading: 90, fov: 60, rangeM: 200, cellM: 4, target: behind }, 'today');
    expect(v.targetShare).toBe(0);
    const front: [number, number][] = [ll(70, -5), ll(90, -5), ll(90, 5), ll(70, 5)];
    expect(viewshed(site, eye, { heading: 90, fov: 60, rangeM: 200, cellM: 4, target: front }, 'today').targetShare).toBe(1);
    expect(v.cells.some((c) => c === VIEW_VISIBLE) && v.cells.some((c) => c === VIEW_HIDDEN)).toBe(true);
    // From 300 m up the ground behind is in view again.
    expect(viewshed(site, { ...eye, height: 300 }, { heading: 90, fov: 60, rangeM: 200, cellM: 4, target: behind }).targetShare).toBe(1);
  });

  it('draws the skyline through the tower top: atan(100 / 40) east of an eye 40 m from it', () => {
    const site = city.site();
    const s = skyline(site, { lon: frame.lon(60), lat: frame.lat(6), height: 0 }, 1000, 1);
    expect(s.elevation[90]).toBeCloseTo((Math.atan2(100, 40) * 180) / Math.PI, 1);
    expect(s.buildingIds[90]).toBe('T1');
    expect(s.buildingIds[270]).toBe('H1');
    expect(s.elevation[0]).toBeLessThanOrEqual(0);
  });
});
