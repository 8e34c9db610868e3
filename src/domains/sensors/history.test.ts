import { describe, expect, it } from 'vitest';
import { HISTORY_BUDGET_BYTES, HISTORY_SPAN_MS, ReadingHistory } from './history.ts';
import { SensorTable } from './sensorTable.ts';
import type { SensorKind } from '../../live/contract.ts';

const KINDS: SensorKind[] = ['water-level', 'traffic', 'truck'];
const T0 = 1_800_000_000_000;

function reading(i: number, ts: number, value: number, level = 0, lon = 113, lat = 23) {
  return { index: Uint32Array.of(i), ts: Float64Array.of(ts), value: Float64Array.of(value), level: Uint8Array.of(level), lon: Float64Array.of(lon), lat: Float64Array.of(lat) };
}

function table(): SensorTable {
  const positions = Float64Array.from([113.1, 23.1, 113.2, 23.2, 113.3, 23.3]);
  return new SensorTable({ ids: ['WL-1', 'TF-1', 'MT-1'], kinds: KINDS, positions, props: [], rejected: 0, examples: [] } as never);
}

describe('reading history', () => {
  it('sizes its memory from the kinds and states it', () => {
    const h = new ReadingHistory(KINDS, T0);
    // 2 h: a gauge every 10 s (720) and a detector and a truck every minute (120 each), +25 %.
    expect(h.capacity).toBe(Math.ceil((720 + 120 + 120) * 1.25));
    // 12 bytes per reading, plus a position ring for the one truck (2 per minute, 16 bytes each).
    expect(h.bytes).toBe(h.capacity * 12 + Math.ceil(240 * 1.25) * 16);
  });

  it('gives a larger city a shorter span, never more memory than its budget', () => {
    const mix: SensorKind[] = ['water-level', 'rainfall', 'waterlogging', 'traffic', 'air-quality', 'truck'];
    const city = (n: number): SensorKind[] => Array.from({ length: n }, (_, i) => mix[i % mix.length]!);
    const small = new ReadingHistory(city(5200), T0);
    expect(small.span).toBe(HISTORY_SPAN_MS);
    expect(small.bytes).toBeLessThanOrEqual(HISTORY_BUDGET_BYTES);
    const big = new ReadingHistory(city(50_000), T0);
    expect(big.bytes).toBeLessThanOrEqual(HISTORY_BUDGET_BYTES);
    expect(big.bytes).toBeGreaterThan(0.99 * HISTORY_BUDGET_BYTES);
    // Memory per minute grows with the sensors: the budget buys this many minutes of the big city.
    const expected = (HISTORY_BUDGET_BYTES / ((small.bytes / HISTORY_SPAN_MS) * (50_000 / 5200))) / 60_000;
    expect(big.span / 60_000).toBeGreaterThan(expected * 0.99);
    expect(big.span / 60_000).toBeLessThan(expected * 1.01);
  });

  it('keeps one reading per sampling interval, and drops the oldest when full', () => {
    const h = new ReadingHistory(KINDS, T0, 60_000);
    for (let s = 0; s < 300; s++) h.record(reading(0, T0 + s * 1000, s));
    // One in ten seconds kept: 30 readings, but the ring holds ceil(6 × 1.25 + …) of them.
    const series = h.series(0, -Infinity, Infinity);
    expect(series.value.every((v) => v % 10 === 0)).toBe(true);
    expect(series.value.length).toBe(h.capacity);
    expect(series.value.at(-1)).toBe(290);
    expect(h.oldest()).toBe(series.ts[0]);
  });

  it('rebuilds the sensors as they were at a past moment, moving ones included', () => {
    const h = new ReadingHistory(KINDS, T0);
    h.record(reading(0, T0 + 1000, 1.5));
    h.record(reading(2, T0 + 2000, 40, 0, 113.5, 23.5));
    h.record(reading(0, T0 + 11_000, 2.9, 2));
    h.record(reading(2, T0 + 40_000, 50, 0, 113.6, 23.6));
    const t = table();
    t.clear();
    h.replayInto(t, -Infinity, T0 + 5000);
    expect([t.value[0], t.level[0], t.ts[0]]).toEqual([1.5, 0, T0 + 1000]);
    expect([t.lon[2], t.lat[2]]).toEqual([Math.fround(113.5), Math.fround(23.5)]);
    expect(t.ts[1]).toBe(0);
    // Playing forward applies only what came after.
    t.drain();
    h.replayInto(t, T0 + 5000, T0 + 60_000);
    expect(t.drain().toSorted()).toEqual([0, 2]);
    expect([t.value[0], t.level[0]]).toEqual([Math.fround(2.9), 2]);
    expect(t.lon[2]).toBe(Math.fround(113.6));
  });
});

describe('the sensor table', () => {
  it('hands over changed sensors oldest first, each once, as many at a time as asked', () => {
    const t = table();
    t.merge({ ...reading(2, T0, 1), messages: 1 });
    t.merge({ ...reading(0, T0, 1), messages: 1 });
    t.merge({ ...reading(2, T0 + 1, 2), messages: 1 });
    expect(t.pending).toBe(2);
    expect(t.drain(1)).toEqual([2]);
    // Changed again while waiting: still once, in its first place.
    t.merge({ ...reading(1, T0, 1), messages: 1 });
    t.merge({ ...reading(0, T0 + 1, 2), messages: 1 });
    expect(t.drain(1)).toEqual([0]);
    expect(t.drain()).toEqual([1]);
    expect(t.pending).toBe(0);
    expect(t.drain()).toEqual([]);
    expect(t.messagesMerged).toBe(5);
  });
});
