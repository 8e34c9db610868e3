import { describe, expect, it } from 'vitest';
import { toRegistry } from '../../src/live/contract.ts';
import { ROWS_PER_SHARD } from '../../src/live/batchContract.ts';
import { Conflator } from '../../server/mqtt/relay.ts';

const NOW = Date.UTC(2026, 11, 5, 8);
const N = ROWS_PER_SHARD * 2 + 10;
const registry = toRegistry({
  type: 'FeatureCollection',
  features: Array.from({ length: N }, (_, i) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [113.3, 23.1] },
    properties: { id: `RG-${i}`, kind: i === 5 ? ('truck' as const) : ('rainfall' as const), name: { zh: 'x', en: 'x' }, warning: 30, alarm: 50, cell: null, district: '440106', interval: 10 },
  })),
});
const bytes = (o: unknown): Uint8Array => new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o));
const reading = (ts: number, value: number): Uint8Array => bytes({ ts, value, unit: 'mm/h', quality: 'good' });
const topic = (i: number): string => `city/guangzhou/sensor/${i === 5 ? 'truck' : 'rainfall'}/RG-${i}`;

describe('the conflating relay', () => {
  it('keeps the latest reading of each sensor and hands over each changed sensor once', () => {
    const c = new Conflator(registry, 'city/guangzhou', () => NOW);
    c.offer(topic(1), reading(NOW - 2000, 1));
    c.offer(topic(1), reading(NOW - 1000, 2));
    c.offer(topic(2), reading(NOW - 1000, 7));
    c.offer(topic(5), bytes({ ts: NOW, value: 30, unit: 'km/h', quality: 'bad', lon: 113.4, lat: 23.2 }));
    expect(c.takeDelta()).toEqual([
      ['RG-1', NOW - 1000, 2, 0],
      ['RG-2', NOW - 1000, 7, 0],
      ['RG-5', NOW, 30, 2, 113.4, 23.2],
    ]);
    expect(c.takeDelta()).toEqual([]);
    c.offer(topic(2), reading(NOW, 8));
    expect(c.takeDelta()).toEqual([['RG-2', NOW, 8, 0]]);
  });

  it('refuses what the page would refuse, counted by reason, and never republishes it', () => {
    const c = new Conflator(registry, 'city/guangzhou', () => NOW);
    c.offer(topic(1), reading(NOW, 1));
    c.offer(topic(1), reading(NOW - 1000, 9));
    c.offer(topic(1), bytes('{"ts":'));
    c.offer('city/guangzhou/sensor/rainfall/NOPE', reading(NOW, 1));
    c.offer(topic(1), reading(NOW, 1));
    expect(c.refused).toEqual({ 'out-of-order': 1, 'not-json': 1, 'unknown-sensor': 1 });
    expect(c.accepted).toBe(1);
    expect(c.takeDelta()).toEqual([['RG-1', NOW, 1, 0]]);
  });

  it('states only the shards that changed, each with every sensor of it that has reported', () => {
    const c = new Conflator(registry, 'city/guangzhou', () => NOW);
    expect(c.shards).toBe(3);
    c.offer(topic(3), reading(NOW, 3));
    c.offer(topic(ROWS_PER_SHARD * 2 + 1), reading(NOW, 4));
    expect(c.takeStates()).toEqual([
      { shard: 0, rows: [['RG-3', NOW, 3, 0]] },
      { shard: 2, rows: [[`RG-${ROWS_PER_SHARD * 2 + 1}`, NOW, 4, 0]] },
    ]);
    c.offer(topic(4), reading(NOW, 5));
    expect(c.takeStates()).toEqual([{ shard: 0, rows: [['RG-3', NOW, 3, 0], ['RG-4', NOW, 5, 0]] }]);
    expect(c.takeStates()).toEqual([]);
    // After a reconnect every shard goes out again (a restarted broker may have lost them), the
    // shards with no reading as no rows.
    c.restate();
    expect(c.takeStates().map((x) => [x.shard, x.rows.length])).toEqual([
      [0, 2],
      [1, 0],
      [2, 1],
    ]);
  });
});
