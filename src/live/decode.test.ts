import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, toRegistry, type SensorKind } from './contract.ts';
import { Decoder, REJECT_REASONS } from './decode.ts';

const NOW = Date.UTC(2026, 10, 26, 12);
const registry = toRegistry({
  type: 'FeatureCollection',
  features: (['rainfall', 'truck'] as SensorKind[]).map((kind, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [113.3 + i / 100, 23.1] },
    properties: { id: kind === 'rainfall' ? 'RG-0001' : 'MT-0001', kind, name: { zh: 'x', en: 'x' }, warning: 30, alarm: 50, cell: '440106-0001', district: '440106', interval: 10 },
  })),
});
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const RAIN = 'city/guangzhou/sensor/rainfall/RG-0001';
const good = (ts = NOW, value: unknown = 12.5): string => JSON.stringify({ ts, value, unit: 'mm/h', quality: 'good' });
const decoder = (): Decoder => new Decoder(registry, 'city/guangzhou', () => NOW);

describe('the live decoder', () => {
  it('accepts a valid reading and keeps moving sensors’ positions', () => {
    const d = decoder();
    expect(d.decode(RAIN, bytes(good()))).toEqual({ ok: true, index: 0, reading: { ts: NOW, value: 12.5, unit: 'mm/h', quality: 'good' } });
    const truck = d.decode('city/guangzhou/sensor/truck/MT-0001', bytes(JSON.stringify({ ts: NOW, value: 30, unit: 'km/h', quality: 'good', lon: 113.31, lat: 23.11 })));
    expect(truck.ok && truck.reading.lon).toBe(113.31);
  });

  it.each([
    ['too-large', RAIN, 'x'.repeat(MAX_PAYLOAD_BYTES + 1)],
    ['bad-topic', 'city/guangzhou/other/rainfall/RG-0001', good()],
    ['bad-topic', 'city/guangzhou/sensor/rainfall/RG-0001/extra', good()],
    ['bad-topic', 'city/guangzhou/sensor//RG-0001', good()],
    ['unknown-sensor', 'city/guangzhou/sensor/rainfall/RG-9999', good()],
    ['kind-mismatch', 'city/guangzhou/sensor/traffic/RG-0001', good()],
    ['not-json', RAIN, '{"ts": 1,'],
    ['not-json', RAIN, 'NaN'],
    ['bad-schema', RAIN, JSON.stringify({ ts: NOW, value: '12', unit: 'mm/h', quality: 'good' })],
    ['bad-schema', RAIN, JSON.stringify({ ts: NOW, value: 1, unit: 'mm/h', quality: 'great' })],
    ['bad-schema', RAIN, '[1,2,3]'],
    ['bad-schema', RAIN, 'null'],
    ['not-finite', RAIN, `{"ts": ${NOW}, "value": 1e999, "unit": "mm/h", "quality": "good"}`],
    ['not-finite', RAIN, `{"ts": ${NOW}, "value": -1e999, "unit": "mm/h", "quality": "good"}`],
    ['future', RAIN, good(NOW + 3_600_000)],
  ])('rejects %s: %s', (reason, topic, payload) => {
    const r = decoder().decode(topic, bytes(payload));
    expect(r.ok).toBe(false);
    expect(!r.ok && !r.duplicate && r.reason).toBe(reason);
  });

  it('rejects a reading older than the one applied, and calls a repeat a duplicate', () => {
    const d = decoder();
    expect(d.decode(RAIN, bytes(good(NOW))).ok).toBe(true);
    const older = d.decode(RAIN, bytes(good(NOW - 1000)));
    expect(!older.ok && !older.duplicate && older.reason).toBe('out-of-order');
    expect(d.decode(RAIN, bytes(good(NOW)))).toEqual({ ok: false, duplicate: true, index: 0 });
    expect(d.decode(RAIN, bytes(good(NOW + 1000))).ok).toBe(true);
  });

  it('rejects invalid UTF-8 as not JSON', () => {
    const r = decoder().decode(RAIN, Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(!r.ok && !r.duplicate && r.reason).toBe('not-json');
  });

  it('never throws and never lets a malformed reading through (fuzzed)', () => {
    const topics = fc.oneof(fc.constant(RAIN), fc.constant('city/guangzhou/sensor/truck/MT-0001'), fc.string(), fc.stringMatching(/^city\/guangzhou\/sensor\/[a-z-]{0,12}\/[A-Z]{2}-\d{4}$/));
    const payloads = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string().map(bytes),
      fc.jsonValue().map((v) => bytes(JSON.stringify(v))),
      fc
        .record({ ts: fc.oneof(fc.integer(), fc.double(), fc.constant(NOW)), value: fc.oneof(fc.double(), fc.string(), fc.constant(null)), unit: fc.string(), quality: fc.constantFrom('good', 'suspect', 'bad', 'x') }, { requiredKeys: [] })
        .map((v) => bytes(JSON.stringify(v))),
    );
    fc.assert(
      fc.property(topics, payloads, (topic, payload) => {
        const r = decoder().decode(topic, payload);
        const sound = r.ok
          ? Number.isFinite(r.reading.value) && Number.isInteger(r.reading.ts) && r.reading.ts <= NOW + 5 * 60_000 && ['good', 'suspect', 'bad'].includes(r.reading.quality)
          : r.duplicate === true || ((REJECT_REASONS as readonly string[]).includes(r.reason) && r.detail.length < 200);
        expect(sound, JSON.stringify(r)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every well-formed reading (fuzzed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: NOW }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('good', 'suspect', 'bad'), (ts, value, quality) => {
        const r = decoder().decode(RAIN, bytes(JSON.stringify({ ts, value, unit: 'mm/h', quality })));
        expect(r.ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
