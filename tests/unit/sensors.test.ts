/**
 * The default sensor registry and the simulator's scenarios, without a broker: the registry's
 * cells come from the analysis engine, and the typhoon storm rises over thresholds and recedes.
 */
import * as turf from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDistricts } from '../../scripts/basemap/districts.ts';
import { buildWater } from '../../scripts/basemap/water.ts';
import { GRID_SEED, readEchartsGuangzhou } from '../../scripts/build-data.ts';
import { generateGrid, GUANGZHOU_GRID_CELLS } from '../../scripts/grid/generateGrid.ts';
import { countsFor, DEFAULT_SENSOR_TOTAL, generateSensors, SENSOR_COUNTS } from '../../scripts/live/generateSensors.ts';
import { readingValue, sensorTraits, stormIntensity, type ScenarioName } from '../../scripts/live/scenario.ts';
import { elevation } from '../../src/analysis/elevation.ts';
import { cellId, type PackedGrid } from '../../src/analysis/gridFormat.ts';
import { GridIndex } from '../../src/analysis/gridIndex.ts';
import { nextLevel, type Level } from '../../src/live/levels.ts';
import { registrySchema, type RegistryDocument } from '../../src/live/contract.ts';
import { VENUES, venueCentre, venueThresholds } from '../../src/domains/crowd/venues.ts';

let grid: PackedGrid;
let registry: RegistryDocument;
let water: ReturnType<typeof buildWater>;

beforeAll(() => {
  const districts = buildDistricts(readEchartsGuangzhou());
  water = buildWater(districts);
  grid = generateGrid(districts, { count: GUANGZHOU_GRID_CELLS, seed: GRID_SEED });
  registry = generateSensors({ districts, water, grid });
}, 90_000);

describe('the default sensor registry', () => {
  it('holds at least 5,000 valid sensors with unique ids', () => {
    expect(registry.features.length).toBeGreaterThanOrEqual(5000);
    expect(registrySchema.safeParse(registry).success).toBe(true);
    expect(new Set(registry.features.map((f) => f.properties.id)).size).toBe(registry.features.length);
    for (const [kind, n] of Object.entries(SENSOR_COUNTS)) expect(registry.features.filter((f) => f.properties.kind === kind)).toHaveLength(n);
  });

  it('has one crowd alarm point per venue, at the venue, warning and alarming at its thresholds', () => {
    const crowd = registry.features.filter((f) => f.properties.kind === 'crowd');
    expect(crowd.map((f) => f.properties.id)).toEqual(VENUES.map((v) => v.sensorId));
    for (const [i, f] of crowd.entries()) {
      expect(f.geometry.coordinates).toEqual(venueCentre(VENUES[i]!).map((x) => Math.round(x * 1e6) / 1e6));
      expect({ warning: f.properties.warning, alarm: f.properties.alarm }).toEqual(venueThresholds(VENUES[i]!));
      expect(f.properties.cell).not.toBeNull();
    }
  });

  it('assigns each sensor the cell the analysis engine finds for its position', () => {
    const index = new GridIndex(grid);
    const cells = registry.features.map((f) => index.cellAt(f.geometry.coordinates[0], f.geometry.coordinates[1]));
    expect(registry.features.map((f) => f.properties.cell)).toEqual(cells.map((c) => (c >= 0 ? cellId(grid, c) : null)));
    const inCells = cells.filter((c) => c >= 0).length;
    expect(registry.features.filter((f) => f.properties.cell !== null && !f.properties.cell.startsWith(f.properties.district))).toEqual([]);
    // Only river gauges out in the estuary may lie outside every cell.
    expect(inCells).toBeGreaterThan(registry.features.length - SENSOR_COUNTS['water-level']);
  });

  it('puts gauges in the river and waterlogging points in low spots', () => {
    const gauges = registry.features.filter((f) => f.properties.kind === 'water-level');
    for (const g of gauges) expect(water.features.some((w) => turf.booleanPointInPolygon(g.geometry.coordinates, w))).toBe(true);
    const meanElevation = (kind: string): number => {
      const fs = registry.features.filter((f) => f.properties.kind === kind);
      return fs.reduce((a, f) => a + elevation(f.geometry.coordinates[0], f.geometry.coordinates[1]), 0) / fs.length;
    };
    expect(meanElevation('waterlogging')).toBeLessThan(meanElevation('traffic'));
    expect(meanElevation('waterlogging')).toBeLessThan(10);
  });

  it('is the same for the same seed', () => {
    const again = generateSensors({ districts: buildDistricts(readEchartsGuangzhou()), water, grid });
    expect(JSON.stringify(again)).toBe(JSON.stringify(registry));
  }, 60_000);
});

describe('larger registries (--sensors)', () => {
  it('keeps the mix of kinds and hits the total exactly', () => {
    expect(countsFor(DEFAULT_SENSOR_TOTAL)).toEqual(SENSOR_COUNTS);
    for (const total of [50_000, 12_345, 7]) {
      const counts = countsFor(total);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(total);
      for (const n of Object.values(counts)) expect(n).toBeGreaterThanOrEqual(1);
    }
    expect(countsFor(50_000).truck / 50_000).toBeCloseTo(SENSOR_COUNTS.truck / DEFAULT_SENSOR_TOTAL, 2);
    expect(() => countsFor(5)).toThrow(/at least 6/);
    expect(() => countsFor(1.5)).toThrow(/whole number/);
  });

  it('generates valid, unique ids past four digits', () => {
    const big = generateSensors({ districts: buildDistricts(readEchartsGuangzhou()), water, grid, total: 40_000 });
    // The venues' alarm points come on top of the placed sensors: they do not scale.
    expect(big.features).toHaveLength(40_000 + VENUES.length);
    expect(registrySchema.safeParse(big).success).toBe(true);
    const ids = big.features.filter((f) => f.properties.kind !== 'crowd').map((f) => f.properties.id);
    expect(new Set(ids).size).toBe(40_000);
    expect(ids).toContain('TF-11538');
    expect(ids.every((id) => /^[A-Z]{2}-\d{5}$/.test(id))).toBe(true);
  }, 60_000);
});

describe('the simulator scenarios', () => {
  const cycleS = 600;
  /** Levels each sensor reaches over one cycle sampled every 5 s, and its level at the end. */
  function run(scenario: ScenarioName): { peak: Level[]; end: Level[] } {
    // Venue crowds are estimated by the operations service, not simulated as readings.
    const fs = registry.features.filter((f) => f.properties.kind !== 'crowd');
    const traits = fs.map((f, i) => sensorTraits(f.properties.kind, i, f.geometry.coordinates[0], f.geometry.coordinates[1], 1));
    const level: Level[] = fs.map(() => 0);
    const peak: Level[] = fs.map(() => 0);
    for (let t = 0; t <= cycleS; t += 5) {
      fs.forEach((f, i) => {
        level[i] = nextLevel(level[i]!, readingValue(traits[i]!, i, { scenario, t, cycleS }), f.properties);
        peak[i] = Math.max(peak[i]!, level[i]!) as Level;
      });
    }
    return { peak, end: [...level] };
  }

  it('has a storm that rises, holds and passes', () => {
    expect(stormIntensity(0.05)).toBe(0);
    expect(stormIntensity(0.3)).toBeGreaterThan(0.3);
    expect(stormIntensity(0.5)).toBe(1);
    expect(stormIntensity(0.95)).toBe(0);
  });

  it('in a typhoon, rain, waterlogging and river gauges cross their alarm levels, then recede', () => {
    const { peak, end } = run('typhoon');
    const kinds = registry.features.filter((f) => f.properties.kind !== 'crowd').map((f) => f.properties.kind);
    for (const kind of ['rainfall', 'waterlogging', 'water-level'] as const) {
      const idx = kinds.flatMap((k, i) => (k === kind ? [i] : []));
      const alarmed = idx.filter((i) => peak[i] === 2).length;
      expect(alarmed, kind).toBeGreaterThan(idx.length * 0.05);
      expect(idx.filter((i) => end[i] !== 0), `${kind} after the storm`).toEqual([]);
    }
    // Waterlogging gathers in the low cells, not the high ones.
    const wl = registry.features.flatMap((f, i) => (f.properties.kind === 'waterlogging' ? [i] : []));
    const low = wl.filter((i) => peak[i] === 2).map((i) => elevation(...(registry.features[i]!.geometry.coordinates as [number, number])));
    const high = wl.filter((i) => peak[i] === 0).map((i) => elevation(...(registry.features[i]!.geometry.coordinates as [number, number])));
    expect(Math.max(...low)).toBeLessThan(Math.min(...high) + 5);
  });

  it('on a normal day, raises no alarm on rain, waterlogging or the river', () => {
    const { peak } = run('normal');
    const alarms = registry.features.filter((f, i) => peak[i]! > 0 && ['rainfall', 'waterlogging', 'water-level'].includes(f.properties.kind));
    expect(alarms).toEqual([]);
  });
});
