import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, toRegistry, type SensorKind } from './contract.ts';
import { encodeBatches, ROWS_PER_MESSAGE, type BatchRow } from './batchContract.ts';
import { Decoder } from './decode.ts';

const NOW = Date.UTC(2026, 11, 5, 8);
const registry = toRegistry({
  type: 'FeatureCollection',
  features: (['rainfall', 'truck'] as SensorKind[]).map((kind, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [113.3 + i / 100, 23.1] },
    properties: { id: kind === 'rainfall' ? 'RG-0001' : 'MT-0001', kind, name: { zh: 'x', en: 'x' }, warning: 30, alarm: 50, cell: null, district: '440106', interval: 10 },
  })),
});
const TOPIC = 'city/guangzhou/batch/sensor/delta';
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const decode = (d: Decoder, payload: string): ReturnType<Decoder['decodeBatch']> => d.decodeBatch(TOPIC, bytes(payload));

describe('the relay’s batches', () => {
  it('decode each row as the reading it stands for, units from the registry, a truck with its position', () => {
    const d = new Decoder(registry, 'city/guangzhou', () => NOW);
    const [rain, truck] = decode(d, encodeBatches([['RG-0001', NOW, 12.5, 0], ['MT-0001', NOW, 31, 1, 113.31, 23.11, 90]])[0]!);
    expect(rain).toEqual({ ok: true, index: 0, reading: { ts: NOW, value: 12.5, unit: 'mm/h', quality: 'good' } });
    expect(truck).toEqual({ ok: true, index: 1, reading: { ts: NOW, value: 31, unit: 'km/h', quality: 'suspect', lon: 113.31, lat: 23.11, heading: 90 } });
  });

  it('refuse a bad row alone and keep the good ones', () => {
    const d = new Decoder(registry, 'city/guangzhou', () => NOW);
    const out = decode(d, `{"v":1,"rows":[["RG-0001",${NOW},1e999,0],["XX-1",${NOW},1,0],["MT-0001",${NOW},"fast",0],["MT-0001",${NOW},20,0,200,23],["MT-0001",${NOW},20,0]]}`);
    expect(out.map((x) => (x.ok ? 'ok' : x.duplicate ? 'duplicate' : x.reason))).toEqual(['not-finite', 'unknown-sensor', 'bad-schema', 'bad-schema', 'ok']);
  });

  it('refuse a whole message only when it is not a batch', () => {
    const d = new Decoder(registry, 'city/guangzhou', () => NOW);
    const reason = (payload: string): string[] => decode(d, payload).map((x) => (x.ok ? 'ok' : x.duplicate ? 'duplicate' : x.reason));
    expect(reason('{"v":1,"rows":')).toEqual(['not-json']);
    expect(reason('{"v":2,"rows":[]}')).toEqual(['bad-schema']);
    expect(reason(`{"v":1,"rows":[${Array(ROWS_PER_MESSAGE + 1).fill('0').join(',')}]}`)).toEqual(['bad-schema']);
    expect(reason('x'.repeat(MAX_PAYLOAD_BYTES + 1))).toEqual(['too-large']);
  });

  it('count an older row as superseded, not an error: a shard’s retained state trails the deltas', () => {
    const d = new Decoder(registry, 'city/guangzhou', () => NOW);
    decode(d, encodeBatches([['RG-0001', NOW, 12.5, 0]])[0]!);
    const [older] = decode(d, encodeBatches([['RG-0001', NOW - 60_000, 3, 0]])[0]!);
    expect(older).toEqual({ ok: false, duplicate: true, index: 0 });
    const [future] = decode(d, encodeBatches([['RG-0001', NOW + 3_600_000, 3, 0]])[0]!);
    expect(!future!.ok && !future!.duplicate && future!.reason).toBe('future');
  });

  it('split into messages of at most 800 rows and 64 KB, keeping every row in order', () => {
    const rows: BatchRow[] = Array.from({ length: 2000 }, (_, i) => [`${'T'.repeat(60)}${i}`, NOW + i, i / 7, 0, 113.123456789, 23.123456789, 359.5]);
    const messages = encodeBatches(rows);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const back = messages.flatMap((m) => (JSON.parse(m) as { rows: BatchRow[] }).rows);
    expect(back).toEqual(rows);
    expect(messages.length).toBeGreaterThan(Math.ceil(2000 / ROWS_PER_MESSAGE));
    expect(encodeBatches([])).toEqual([]);
  });
});
