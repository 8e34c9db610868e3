import { describe, expect, it } from 'vitest';
import { SENSOR_KINDS, type SensorKind } from './contract.ts';
import { shareKinds } from './shares.ts';

const city = (counts: Partial<Record<SensorKind, number>>): SensorKind[] => Object.entries(counts).flatMap(([k, n]) => Array<SensorKind>(n).fill(k as SensorKind));

describe('sharing the sensors between connections', () => {
  it('splits the default city’s kinds into shares of about the same size, every kind once', () => {
    const kinds = city({ 'water-level': 300, rainfall: 800, waterlogging: 900, traffic: 1500, 'air-quality': 500, truck: 1200, crowd: 8 });
    const shares = shareKinds(kinds, 2);
    expect(shares.flat().toSorted()).toEqual([...SENSOR_KINDS].toSorted());
    const size = shares.map((s) => kinds.filter((k) => s.includes(k)).length);
    expect(Math.abs(size[0]! - size[1]!)).toBeLessThanOrEqual(300);
    expect(size[0]! + size[1]!).toBe(kinds.length);
  });

  it('gives the kinds without sensors to the first share, and one share everything', () => {
    const kinds = city({ rainfall: 10, traffic: 5 });
    const shares = shareKinds(kinds, 3);
    expect(shares[0]).toEqual(expect.arrayContaining(['water-level', 'waterlogging', 'air-quality', 'truck', 'crowd']));
    expect(shares.map((s) => s.filter((k) => k === 'rainfall' || k === 'traffic'))).toEqual([['rainfall'], ['traffic'], []]);
    expect(shareKinds(kinds, 1)).toEqual([expect.arrayContaining([...SENSOR_KINDS])]);
  });
});
