import { describe, expect, it } from 'vitest';
import { distanceFrom, rasterIndex, rasterizePolygons, type RasterGrid } from './raster.ts';
import { FloodModel } from './floodModel.ts';
import { FloodImpactIndex } from './floodImpact.ts';
import { planEvacuation, ShelterIndex, type Shelter } from './evacuation.ts';

/** A 100 m raster whose cell (x, y) has its centre at (x + ½, y + ½) thousandths of a degree. */
const grid = (width: number, height: number): RasterGrid => ({ west: 0, south: 0, width, height, dx: 0.001, dy: 0.001, cellM: 100 });
const centre = (x: number, y: number): [number, number] => [(x + 0.5) * 0.001, (y + 0.5) * 0.001];

/**
 * A valley, in metres, read from the left: river (column 0), a bank at 1.5 m, a ridge at 4 m in
 * column 3, and a basin at 1 m behind it. Rows are identical.
 */
const PROFILE = [0, 1.5, 1.5, 4, 1, 1, 2.5];
function valley(height = 3): { r: RasterGrid; dem: Float32Array; water: Uint8Array } {
  const r = grid(PROFILE.length, height);
  const dem = new Float32Array(r.width * r.height);
  const water = new Uint8Array(r.width * r.height);
  for (let y = 0; y < height; y++) {
    PROFILE.forEach((z, x) => {
      dem[y * r.width + x] = z;
      water[y * r.width + x] = x === 0 ? 1 : 0;
    });
  }
  return { r, dem, water };
}
const PURE = { leveeCrestM: 0, headLossPerKm: 0, maxLevelM: 8 };
const flooded = (m: FloodModel, levels: number[]): number[] => {
  const d = m.depths(levels);
  return Array.from(m.candidates)
    .filter((_, k) => d[k]! > 0)
    .map((c) => c % m.raster.width)
    .filter((x, i, xs) => xs.indexOf(x) === i)
    .toSorted((a, b) => a - b);
};

describe('raster helpers', () => {
  it('fills the cells whose centre is inside a polygon, holes excluded', () => {
    const r = grid(10, 10);
    const outer = [[0.002, 0.002], [0.008, 0.002], [0.008, 0.008], [0.002, 0.008], [0.002, 0.002]];
    const hole = [[0.004, 0.004], [0.006, 0.004], [0.006, 0.006], [0.004, 0.006], [0.004, 0.004]];
    const mask = rasterizePolygons(r, [[outer, hole]]);
    // Centres at 2.5..7.5 thousandths are inside the outer ring: 6 × 6, less the 2 × 2 hole.
    expect(mask.reduce((a, b) => a + b, 0)).toBe(36 - 4);
    expect(mask[rasterIndex(r, ...centre(2, 2))]).toBe(1);
    expect(mask[rasterIndex(r, ...centre(4, 4))]).toBe(0);
    expect(mask[rasterIndex(r, ...centre(1, 5))]).toBe(0);
  });

  it('measures the distance to the nearest marked cell in metres', () => {
    const r = grid(5, 1);
    const d = distanceFrom(r, Uint8Array.from([1, 0, 0, 0, 0]));
    expect(Array.from(d)).toEqual([0, 100, 200, 300, 400]);
  });
});

describe('level-pool flood model', () => {
  it('floods what the river reaches below the level, and not the basin behind a higher ridge', () => {
    const { r, dem, water } = valley();
    const m = new FloodModel(r, dem, water, [{ lon: 0.0005, lat: 0.0015 }], PURE);
    expect(flooded(m, [1.2])).toEqual([]);
    expect(flooded(m, [2])).toEqual([1, 2]);
    // Over the 4 m ridge, the basin fills too, and the far bank at 2.5 m as well.
    expect(flooded(m, [4.2])).toEqual([1, 2, 3, 4, 5, 6]);
    // Depth is level minus ground, in centimetres.
    const d = m.depths([2]);
    const k = Array.from(m.candidates).indexOf(1);
    expect(d[k]).toBe(50);
  });

  it('keeps the land dry below the embankment crest', () => {
    const { r, dem, water } = valley();
    const m = new FloodModel(r, dem, water, [{ lon: 0.0005, lat: 0.0015 }], { ...PURE, leveeCrestM: 3 });
    expect(flooded(m, [2.9])).toEqual([]);
    // Once over the crest, water falls into the land behind it: the bank beyond the levee floods.
    expect(flooded(m, [3.2])).toEqual([1, 2]);
  });

  it('loses head with distance from the river', () => {
    const r = grid(12, 1);
    const dem = new Float32Array(12).fill(1);
    const water = new Uint8Array(12);
    water[0] = 1;
    // 1 m per km is 0.1 m per 100 m cell: a 1.55 m river reaches ground at 1 m for 5 cells.
    const m = new FloodModel(r, dem, water, [{ lon: 0.0005, lat: 0.0005 }], { ...PURE, headLossPerKm: 1 });
    expect(flooded(m, [1.55])).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives each reach of the river the level of its own gauge', () => {
    // River along column 0, rows 0..5; a wall at row 3 separates the land of the two gauges.
    const r = grid(4, 6);
    const dem = new Float32Array(24).fill(1);
    const water = new Uint8Array(24);
    for (let y = 0; y < 6; y++) water[y * 4] = 1;
    for (let x = 1; x < 4; x++) dem[3 * 4 + x] = 9;
    const m = new FloodModel(r, dem, water, [{ lon: 0.0005, lat: 0.0005 }, { lon: 0.0005, lat: 0.0055 }], PURE);
    const d = m.depths([2, 0.5]);
    const wetRows = Array.from(m.candidates)
      .filter((_, k) => d[k]! > 0)
      .map((c) => Math.floor(c / 4));
    expect(new Set(wetRows)).toEqual(new Set([0, 1, 2]));
    // A gauge without a reading floods nothing.
    expect(Array.from(m.depths([Number.NaN, Number.NaN])).every((v) => v === 0)).toBe(true);
  });
});

describe('flood impact', () => {
  it('counts flooded buildings per cell and residents from residential floor area only', () => {
    const { r, dem, water } = valley(1);
    const m = new FloodModel(r, dem, water, [{ lon: 0.0005, lat: 0.0005 }], PURE);
    // Grid: columns 1–2 are cell 0, columns 3–6 cell 1.
    const candidateCell = Int32Array.from(m.candidates, (c) => (c % r.width <= 2 ? 0 : 1));
    const at = [centre(1, 0), centre(2, 0), centre(2, 0), centre(5, 0)];
    const buildings = {
      count: 4,
      lonLat: Float64Array.from(at.flat()),
      floorArea: Float32Array.from([3500, 7000, 10_000, 700]),
      use: Uint8Array.from([0, 0, 1, 0]),
    };
    const index = new FloodImpactIndex({ model: m, candidateCell, cellCount: 2, buildings, residentialUse: 0, shelters: [{ lon: centre(2, 0)[0], lat: 0.0005 }, { lon: centre(6, 0)[0], lat: 0.0005 }] });
    const impact = index.impact(m.depths([2]));
    // Two residential buildings (10,500 m² / 35 = 300 people) and one office in cell 0; the basin is dry.
    expect(impact.cells).toHaveLength(1);
    expect(impact.cells[0]).toMatchObject({ cell: 0, buildings: 3, residents: 300, floodedM2: 20_000, maxDepthCm: 50 });
    expect(Array.from(impact.buildings)).toEqual([0, 1, 2]);
    expect(Array.from(impact.shelterFlooded)).toEqual([1, 0]);
    // Ankle-deep water (10 cm) leaves the buildings dry but the cell affected.
    const shallow = index.impact(m.depths([1.6]));
    expect(shallow.buildings.length).toBe(0);
    expect(shallow.cells[0]).toMatchObject({ buildings: 0, residents: 0 });
  });
});

const cell = (id: number, lat: number, residents: number) => ({ cell: id, lon: 113, lat, residents });

describe('evacuation', () => {
  // Three shelters along a street, 1 km apart (0.009° of latitude ≈ 1 km).
  const shelters: Shelter[] = [
    { id: 'A', lon: 113, lat: 23.0, capacity: 100 },
    { id: 'B', lon: 113, lat: 23.009, capacity: 500 },
    { id: 'C', lon: 113, lat: 23.018, capacity: 1000 },
  ];
  const index = new ShelterIndex(shelters);

  it('skips a shelter that is itself flooded', () => {
    const near = index.nearestOpen(113, 23.0, [1, 0, 0], [0, 500, 1000], 5);
    expect(near.map((n) => n.shelter)).toEqual([1, 2]);
    expect(near[0]!.distanceM).toBeCloseTo(1000.8, 0);
    const plan = planEvacuation([cell(7, 23.0, 50)], index, [1, 0, 0]);
    expect(plan.assignments).toEqual([{ cell: 7, shelter: 1, people: 50, distanceM: expect.closeTo(1000.8, 0) }]);
    expect(plan.remaining[0]).toBe(0);
  });

  it('moves on to the next shelter when the nearest is full, and reports who is left over', () => {
    const plan = planEvacuation([cell(1, 23.0, 300), cell(2, 23.018, 1200)], index, [0, 0, 0]);
    // Cell 1 sits on A and cell 2 on C (0 m): they fill those first; cell 1's other 200 go to B.
    // The other 200 of cell 2 go to B's last 300 places; nothing is left over.
    expect(plan.assignments.map((a) => [a.cell, shelters[a.shelter]!.id, a.people])).toEqual([
      [1, 'A', 100],
      [2, 'C', 1000],
      [1, 'B', 200],
      [2, 'B', 200],
    ]);
    expect(Array.from(plan.remaining)).toEqual([0, 100, 0]);
    expect(plan.unassigned).toBe(0);
    const crowded = planEvacuation([cell(1, 23.0, 2000)], index, [0, 0, 0]);
    expect(crowded.unassigned).toBe(400);
  });
});
