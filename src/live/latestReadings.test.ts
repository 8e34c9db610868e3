import { describe, expect, it } from 'vitest';
import { LatestReadings } from './latestReadings.ts';

const thresholds = [
  { warning: 1, alarm: 2 },
  { warning: 10, alarm: 20 },
  { warning: 5, alarm: 6 },
];

describe('the latest readings between flushes', () => {
  it('hands over each changed sensor once, with its latest reading, in the order they first changed', () => {
    const latest = new LatestReadings(thresholds, Float64Array.of(113.1, 23.1, 113.2, 23.2, 113.3, 23.3));
    expect(latest.pending).toBe(false);
    latest.apply(2, { unit: 'm', quality: 'good', ts: 1000, value: 1 });
    latest.apply(0, { unit: 'm', quality: 'good', ts: 1000, value: 0.5 });
    latest.apply(2, { unit: 'm', quality: 'good', ts: 2000, value: 3, lon: 113.35, lat: 23.35 });
    expect(latest.pending).toBe(true);
    const t = latest.take();
    expect([...t.index]).toEqual([2, 0]);
    expect([...t.value]).toEqual([3, 0.5]);
    expect([...t.ts]).toEqual([2000, 1000]);
    // A moving sensor's own position; the other keeps the registry's.
    expect([...t.lon]).toEqual([113.35, 113.1]);
    expect([...t.lat]).toEqual([23.35, 23.1]);
    expect(latest.pending).toBe(false);
    expect(latest.take().index.length).toBe(0);
  });

  it('keeps the alert levels and hands over each level change once, in order', () => {
    const latest = new LatestReadings(thresholds);
    latest.apply(0, { unit: 'm', quality: 'good', ts: 1, value: 1.5 });
    latest.apply(0, { unit: 'm', quality: 'good', ts: 2, value: 2.5 });
    latest.apply(1, { unit: 'm', quality: 'good', ts: 3, value: 5 });
    const t = latest.take();
    expect([...t.level]).toEqual([2, 0]);
    expect(t.changes.map((c) => [c.index, c.from, c.to, c.ts])).toEqual([
      [0, 0, 1, 1],
      [0, 1, 2, 2],
    ]);
    // Hysteresis: just under the alarm line the level stays.
    latest.apply(0, { unit: 'm', quality: 'good', ts: 4, value: 1.95 });
    expect(latest.take().changes).toEqual([]);
    latest.apply(0, { unit: 'm', quality: 'good', ts: 5, value: 0 });
    expect(latest.take().changes.map((c) => c.to)).toEqual([0]);
  });

  it('merges another connection’s take as its own, keeping a known position over an unknown one', () => {
    const share = new LatestReadings(thresholds);
    share.apply(1, { unit: 'm', quality: 'good', ts: 7, value: 25 });
    share.apply(2, { unit: 'm', quality: 'good', ts: 8, value: 4, lon: 113.4, lat: 23.4 });
    const taken = share.take();
    expect(Number.isNaN(taken.lon[0]!)).toBe(true);

    const main = new LatestReadings(thresholds, Float64Array.of(113.1, 23.1, 113.2, 23.2, 113.3, 23.3));
    main.apply(0, { unit: 'm', quality: 'good', ts: 6, value: 3 });
    main.merge(taken);
    const t = main.take();
    expect([...t.index]).toEqual([0, 1, 2]);
    expect([...t.level]).toEqual([2, 2, 0]);
    expect([...t.lon]).toEqual([113.1, 113.2, 113.4]);
    expect(t.changes.map((c) => c.index)).toEqual([0, 1]);
  });
});
