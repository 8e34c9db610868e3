/**
 * What each simulated sensor reads at a given moment, as pure functions of the sensor, the
 * scenario and the scenario clock, so that tests can check a storm's shape without a broker.
 *
 * normal   a quiet day: tides on the river, light showers, rush-hour traffic, no alarms expected.
 * typhoon  one storm per cycle: rain builds from 10 % of the cycle, peaks between 45 % and 60 %,
 *          and has passed by 90 %. Waterlogging follows the rain a little later in low cells,
 *          the river follows later still (storm surge plus run-off), then all of it recedes.
 */
import { elevation } from '../../src/analysis/elevation.ts';
import type { SensorKind } from '../../src/live/contract.ts';
import { cellSeed, mulberry32 } from '../city/random.ts';

export const SCENARIOS = ['normal', 'typhoon'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Storm intensity, 0..1, at phase p of the cycle (p outside 0..1 is before or after the storm). */
export function stormIntensity(p: number): number {
  if (p <= 0.1 || p >= 0.9) return 0;
  if (p < 0.45) return smooth((p - 0.1) / 0.35);
  if (p <= 0.6) return 1;
  return smooth((0.9 - p) / 0.3);
}
const smooth = (x: number): number => x * x * (3 - 2 * x);

/** Fixed traits of one sensor: how strongly it responds, and where in its own cycles it starts. */
export interface SensorTraits {
  kind: SensorKind;
  /** 0..1 */
  gain: number;
  phase: number;
  /** 0..1: how low the ground is (1 at or below 2 m, 0 from 10 m). */
  lowness: number;
}

export function sensorTraits(kind: SensorKind, index: number, lon: number, lat: number, seed: number): SensorTraits {
  const rnd = mulberry32(cellSeed(seed, index, 7));
  return { kind, gain: rnd(), phase: rnd() * 2 * Math.PI, lowness: Math.min(1, Math.max(0, (10 - elevation(lon, lat)) / 8)) };
}

/** A small deterministic wobble for sensor `index` in second `t`, in −1..1. */
function noise(index: number, t: number): number {
  return mulberry32(cellSeed(index, Math.floor(t), 11))() * 2 - 1;
}

export interface ScenarioClock {
  scenario: ScenarioName;
  /** Seconds since the simulation started. */
  t: number;
  /** Length of one storm cycle, seconds. */
  cycleS: number;
}

export function stormAt(clock: ScenarioClock, lag = 0): number {
  if (clock.scenario !== 'typhoon') return 0;
  return stormIntensity((clock.t % clock.cycleS) / clock.cycleS - lag);
}

export function readingValue(s: SensorTraits, index: number, clock: ScenarioClock): number {
  const { t } = clock;
  const n = noise(index, t);
  switch (s.kind) {
    case 'rainfall': {
      const shower = Math.max(0, 6 * s.gain * Math.sin(t / 900 + s.phase));
      return round1(Math.max(0, shower + stormAt(clock) * (35 + 75 * s.gain) + n * 1.5));
    }
    case 'waterlogging':
      return round1(Math.max(0, stormAt(clock, 0.05) * s.lowness * (20 + 45 * s.gain) + n * 0.8));
    case 'water-level': {
      const tide = 1.0 + 0.45 * Math.sin((2 * Math.PI * t) / 44_712 + s.phase * 0.2);
      return round2(tide + stormAt(clock, 0.08) * (1.1 + 1.4 * s.gain) + n * 0.02);
    }
    case 'traffic':
      return round1(Math.min(10, Math.max(0, 3.2 + 2 * Math.sin(t / 600 + s.phase) + stormAt(clock, 0.03) * 4.5 * s.gain + n * 0.3)));
    case 'air-quality':
      return Math.round(Math.max(3, (32 + 22 * s.gain + 10 * Math.sin(t / 1200 + s.phase)) * (1 - 0.6 * stormAt(clock)) + n * 2));
    case 'crowd':
      throw new Error('a venue crowd is estimated by the operations service from the crowd feed, not simulated as a reading');
    case 'truck':
      return Math.round(Math.max(0, (32 + 16 * Math.sin(t / 45 + s.phase)) * (1 - 0.5 * stormAt(clock)) + n * 3));
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;
