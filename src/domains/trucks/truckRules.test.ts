import { describe, expect, it } from 'vitest';
import { metresPerDegree } from '../../analysis/ellipsoid.ts';
import { RouteGeometry } from './routeGeometry.ts';
import { TruckRules, type Fix } from './truckRules.ts';
import { CompiledWorld, inWindows, type LonLat, type TruckWorld } from './truckWorld.ts';

// Hand-made world in metres east and north of an origin in Tianhe.
const O = [113.33, 23.12] as const;
const K = metresPerDegree(O[1]);
const at = (x: number, y: number): LonLat => [O[0] + x / K.x, O[1] + y / K.y];
const square = (x0: number, y0: number, x1: number, y1: number): LonLat[] => [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)];
const WEEKDAYS = [1, 2, 3, 4, 5];

const WORLD: TruckWorld = {
  roads: [
    { cls: 'arterial', coords: [at(-2000, 0), at(2000, 0)] },
    { cls: 'local', coords: [at(3000, -2000), at(3000, 2000)] },
  ],
  sites: [
    { id: 'S1', kind: 'construction', name: 'site', ring: square(-2200, -100, -2000, 100) },
    { id: 'D1', kind: 'disposal', name: 'disposal', ring: square(2000, -100, 2200, 100) },
  ],
  zones: [
    { id: 'Z-central', name: 'centre', kind: 'central', polygons: [[square(500, -200, 900, 200)]], windows: [{ from: 7 * 60, to: 9 * 60 }, { from: 17 * 60, to: 20 * 60 }] },
    { id: 'Z-school', name: 'school', kind: 'school', polygons: [[square(-900, -200, -500, 200)]], windows: [{ from: 7 * 60 + 30, to: 17 * 60 + 30, days: WEEKDAYS }] },
  ],
  routes: [{ id: 'R1', from: 'S1', to: 'D1', coords: [at(-2000, 0), at(2000, 0)] }],
};

/** 2026-12-02 (a Wednesday) at hh:mm:ss China Standard Time, ms since the epoch. */
const cst = (h: number, m = 0, s = 0): number => Date.UTC(2026, 11, 2, h - 8, m, s);

function engine(trucks = 1): TruckRules {
  const rules = new TruckRules(new CompiledWorld(WORLD), { truckIds: Array.from({ length: trucks }, (_, i) => `MT${i}`) });
  for (let i = 0; i < trucks; i++) rules.assignRoute(i, 0);
  return rules;
}

function drive(rules: TruckRules, fixes: Omit<Fix, 'truck'>[], truck = 0): void {
  for (const f of fixes) expect(rules.check({ truck, ...f })).toBeNull();
}

const rulesOf = (rules: TruckRules): string[] => rules.takeChanges().map((c) => `${c.change} ${c.violation.rule}`);

/** Fixes along the route `offset` metres north of it, every `step` s for `seconds`. */
const along = (offset: number, seconds: number, step = 5): Omit<Fix, 'truck'>[] =>
  Array.from({ length: Math.floor(seconds / step) + 1 }, (_, k) => {
    const p = at(-1500 + k * 10, offset);
    // At 21:00 no zone is closed, so the drive past the school tests the route alone.
    return { t: cst(21) + k * step * 1000, lon: p[0], lat: p[1], speed: 7 };
  });

/** Fixes standing at (x, y), every 10 s for `seconds`. */
const still = (x: number, y: number, seconds: number): Omit<Fix, 'truck'>[] =>
  Array.from({ length: seconds / 10 + 1 }, (_, k) => {
    const p = at(x + (k % 2) * 3, y); // a few metres of GPS wander
    return { t: cst(10) + k * 10_000, lon: p[0], lat: p[1], speed: 0 };
  });

describe('time windows in China Standard Time', () => {
  it('reads minutes of the day and the weekday at UTC+8', () => {
    const w = [{ from: 7 * 60, to: 9 * 60 }];
    expect(inWindows(w, cst(7))).toBe(true);
    expect(inWindows(w, cst(8, 59, 59))).toBe(true);
    expect(inWindows(w, cst(9))).toBe(false);
    expect(inWindows(w, cst(6, 59, 59))).toBe(false);
    // Sunday 2026-12-06 is no school day.
    const school = [{ from: 8 * 60, to: 16 * 60, days: WEEKDAYS }];
    expect(inWindows(school, cst(10))).toBe(true);
    expect(inWindows(school, Date.UTC(2026, 11, 6, 2))).toBe(false);
  });
});

describe('closed zone', () => {
  it('flags a truck inside the zone in its window, and not one a second outside the window', () => {
    const rules = engine(2);
    drive(rules, [{ t: cst(7), lon: at(700, 0)[0], lat: at(700, 0)[1], speed: 20 }], 0);
    drive(rules, [{ t: cst(6, 59, 59), lon: at(700, 0)[0], lat: at(700, 0)[1], speed: 20 }], 1);
    const changes = rules.takeChanges();
    expect(changes.map((c) => [c.change, c.violation.rule, c.violation.truck, c.violation.id])).toEqual([['opened', 'closed-zone', 0, `MT0:closed-zone:${cst(7)}:Z-central`]]);
  });

  it('closes when the window ends, and a truck just outside the polygon is not flagged', () => {
    const rules = engine(2);
    const inside = at(700, 0);
    drive(rules, [{ t: cst(8, 59, 59), lon: inside[0], lat: inside[1], speed: 0 }, { t: cst(9), lon: inside[0], lat: inside[1], speed: 0 }]);
    expect(rulesOf(rules)).toEqual(['opened closed-zone', 'closed closed-zone']);
    const outside = at(901, 0);
    drive(rules, [{ t: cst(7, 30), lon: outside[0], lat: outside[1], speed: 20 }], 1);
    expect(rulesOf(rules)).toEqual([]);
  });

  it('keeps a school zone open on school days only', () => {
    const rules = engine(2);
    const school = at(-700, 0);
    drive(rules, [{ t: cst(10), lon: school[0], lat: school[1], speed: 20 }], 0);
    drive(rules, [{ t: Date.UTC(2026, 11, 6, 2), lon: school[0], lat: school[1], speed: 20 }], 1);
    expect(rules.takeChanges().map((c) => `${c.violation.truck} ${c.violation.id.split(':').at(-1)}`)).toEqual(['0 Z-school']);
  });
});

describe('off route', () => {
  it('does not flag 49 m off the route, however long', () => {
    const rules = engine();
    drive(rules, along(49, 600));
    expect(rulesOf(rules)).toEqual([]);
  });

  it('does not flag 51 m for exactly 60 s', () => {
    const rules = engine();
    drive(rules, along(51, 60));
    expect(rulesOf(rules)).toEqual([]);
  });

  it('flags 51 m for 61 s from the first fix off the route, and closes on return', () => {
    const rules = engine();
    const fixes = along(51, 61, 1);
    drive(rules, fixes);
    const [opened] = rules.takeChanges();
    expect(opened?.violation.rule).toBe('off-route');
    expect(opened?.violation.start).toBe(fixes[0]!.t);
    // The evidence starts at the breach's start and holds every fix since.
    expect(opened?.violation.track.length).toBe(fixes.length * 4);
    const back = at(-1500 + 62 * 10, 0);
    drive(rules, [{ t: fixes.at(-1)!.t + 1000, lon: back[0], lat: back[1], speed: 7 }]);
    const [closed] = rules.takeChanges();
    expect([closed?.change, closed?.violation.end, closed?.violation.track.length]).toEqual(['closed', fixes.at(-1)!.t + 1000, (fixes.length + 1) * 4]);
  });

  it('rests while the truck has no route', () => {
    const rules = engine();
    rules.assignRoute(0, -1);
    drive(rules, along(500, 300));
    expect(rulesOf(rules)).toEqual([]);
  });
});

describe('speeding', () => {
  it('holds a truck to its road class: 40 km/h on the arterial, 30 on the local street', () => {
    const rules = engine(2);
    const a = at(0, 5);
    drive(rules, [{ t: cst(10), lon: a[0], lat: a[1], speed: 40 }, { t: cst(10, 0, 1), lon: a[0], lat: a[1], speed: 41 }, { t: cst(10, 0, 2), lon: a[0], lat: a[1], speed: 45 }, { t: cst(10, 0, 3), lon: a[0], lat: a[1], speed: 39 }]);
    const changes = rules.takeChanges();
    // One violation, opened at 41 km/h; its peak is the highest speed seen while it was open.
    expect(changes.map((c) => [c.change, c.violation.rule, c.violation.start, c.violation.peak])).toEqual([['opened', 'speeding', cst(10, 0, 1), 45], ['closed', 'speeding', cst(10, 0, 1), 45]]);
    rules.assignRoute(1, -1);
    const b = at(3010, 0);
    drive(rules, [{ t: cst(10), lon: b[0], lat: b[1], speed: 30 }, { t: cst(10, 0, 1), lon: b[0], lat: b[1], speed: 31 }], 1);
    expect(rulesOf(rules)).toEqual(['opened speeding']);
  });

  it('derives the speed from the fixes when the unit reports none', () => {
    const rules = engine();
    const fixes = [0, 1, 2].map((k) => ({ t: cst(10) + k * 10_000, lon: at(k * 125, 0)[0], lat: at(k * 125, 0)[1] }));
    drive(rules, fixes); // 125 m in 10 s is 45 km/h
    expect(rulesOf(rules)).toEqual(['opened speeding']);
  });
});

describe('unlicensed stop', () => {
  it('flags more than 5 minutes stationary outside every site, and not exactly 5 minutes', () => {
    const rules = engine(2);
    drive(rules, still(0, 0, 300), 0);
    expect(rulesOf(rules)).toEqual([]);
    drive(rules, still(0, 0, 310), 1);
    const [v] = rules.takeChanges();
    expect([v?.violation.rule, v?.violation.truck, v?.violation.start]).toEqual(['unlicensed-stop', 1, cst(10)]);
  });

  it('does not flag a stop inside a disposal site', () => {
    const rules = engine();
    rules.assignRoute(0, -1);
    drive(rules, still(2100, 0, 900));
    expect(rulesOf(rules)).toEqual([]);
  });
});

describe('GPS silence', () => {
  it('opens after more than 3 minutes without a fix and closes on the next fix', () => {
    const rules = engine();
    const p = at(0, 0);
    drive(rules, [{ t: cst(10), lon: p[0], lat: p[1], speed: 20 }]);
    rules.tick(cst(10, 3));
    expect(rulesOf(rules)).toEqual([]);
    rules.tick(cst(10, 3, 1));
    rules.tick(cst(10, 3, 2));
    expect(rules.openViolations().map((v) => [v.rule, v.start])).toEqual([['gps-silence', cst(10)]]);
    drive(rules, [{ t: cst(10, 10), lon: p[0], lat: p[1], speed: 20 }]);
    expect(rulesOf(rules)).toEqual(['opened gps-silence', 'closed gps-silence']);
  });
});

describe('bad fixes', () => {
  it('refuses bad coordinates, outside the city, unknown trucks, time going backwards and jumps, counts each, and raises nothing', () => {
    const rules = engine();
    const p = at(0, 0);
    drive(rules, [{ t: cst(10), lon: p[0], lat: p[1], speed: 20 }]);
    const far = at(0, 3000);
    const refusals = [
      rules.check({ truck: 0, t: cst(10, 0, 5), lon: Number.NaN, lat: p[1] }),
      rules.check({ truck: 0, t: cst(10, 0, 5), lon: 200, lat: p[1] }),
      rules.check({ truck: 0, t: cst(10, 0, 5), lon: 116.4, lat: 39.9 }),
      rules.check({ truck: 7, t: cst(10, 0, 5), lon: p[0], lat: p[1] }),
      rules.check({ truck: 0, t: cst(9, 59), lon: p[0], lat: p[1] }),
      rules.check({ truck: 0, t: cst(10), lon: p[0], lat: p[1] }),
      // 3 km in 10 s is 1,080 km/h.
      rules.check({ truck: 0, t: cst(10, 0, 10), lon: far[0], lat: far[1], speed: 20 }),
    ];
    expect(refusals).toEqual(['bad-coordinates', 'bad-coordinates', 'outside-city', 'unknown-truck', 'time-backwards', 'duplicate', 'jump']);
    expect(rules.refused).toEqual({ 'bad-coordinates': 2, 'outside-city': 1, 'unknown-truck': 1, 'time-backwards': 1, duplicate: 1, jump: 1 });
    // The jump never started the off-route clock: a good fix 70 s later on the route raises nothing.
    drive(rules, [{ t: cst(10, 1, 10), lon: at(300, 0)[0], lat: at(300, 0)[1], speed: 20 }]);
    expect(rulesOf(rules)).toEqual([]);
    expect(rules.accepted).toBe(2);
  });
});

describe('route geometry', () => {
  it('measures a route and finds points, headings and offsets along it', () => {
    const route = new RouteGeometry([at(0, 0), at(1000, 0), at(1000, 500)]);
    expect(route.length).toBeCloseTo(1500, 0);
    const p = route.pointAt(1200);
    expect([Math.round(((p.lon - O[0]) * K.x)), Math.round((p.lat - O[1]) * K.y), Math.round(p.heading), p.segment]).toEqual([1000, 200, 0, 1]);
    // 30 m right of eastward travel is 30 m south.
    const [lon, lat] = route.offsetAt(500, 30);
    expect([Math.round((lon - O[0]) * K.x), Math.round((lat - O[1]) * K.y)]).toEqual([500, -30]);
    expect(route.pointAt(-5).lon).toBe(route.coords[0]![0]);
  });
});
