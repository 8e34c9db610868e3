import { describe, expect, it } from 'vitest';
import { ReadingHistory } from './history.ts';
import { SensorTable } from './sensorTable.ts';
import type { SensorKind } from './contract.ts';

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
