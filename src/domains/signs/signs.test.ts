import { describe, expect, it } from 'vitest';
import { aggregate, bandOf, parseCatalogue, searchIndicators, signSeries, type DerivedFeed, type Indicator } from './catalogue.ts';
import { pm25Iaqi, SignDeriver, speedFromCongestion } from './derive.ts';
import { SignTable } from './signTable.ts';
import { SignDecoder } from './signDecoder.ts';

const KINDS = ['water-level', 'rainfall', 'waterlogging', 'traffic', 'air-quality', 'truck'];

const indicator = (over: Partial<Indicator> & Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'WAT-0001',
  name: { zh: '日供水量', en: 'Water supplied today' },
  definition: { zh: '最新上报值', en: 'the latest value' },
  theme: 'water',
  department: 'water',
  unit: '万m³',
  cadenceS: 300,
  direction: 'higher-better',
  bands: { warning: 500, alarm: 400 },
  level: 'district',
  aggregate: 'sum',
  source: { kind: 'simulated', base: 620, amplitude: 40, noise: 6, decimals: 1 },
  ...over,
});

const doc = (indicators: unknown[]) => ({
  version: 1,
  themes: [{ id: 'water', name: { zh: '水务', en: 'Water' }, preset: { layers: ['districts'], gridMetric: 'sensors', camera: { lon: 113.3, lat: 23.1, height: 5000, heading: 0, pitch: -40 }, key: ['WAT-0001'] } }],
  departments: [{ id: 'water', name: { zh: '市水务局', en: 'Water Authority' } }],
  indicators,
});

describe('the vital-sign catalogue', () => {
  it('refuses a broken entry by name and keeps the others', () => {
    const r = parseCatalogue(
      doc([
        indicator(),
        indicator({ id: 'WAT-0002', bands: { warning: 500, alarm: 600 } }),
        indicator({ id: 'WAT-0003', theme: 'nowhere' }),
        indicator({ id: 'WAT-0001' }),
        indicator({ id: 'WAT-0004', unit: undefined }),
        indicator({ id: 'WAT-0005', source: { kind: 'derived', feed: 'open-alarms', sensorKinds: ['water-levle'] } }),
        { nonsense: true },
      ]),
      KINDS,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.catalogue.indicators.map((i) => i.id)).toEqual(['WAT-0001']);
    const said = Object.fromEntries(r.refused.map((x) => [x.entry, x.message]));
    expect(said['indicator WAT-0002']).toMatch(/bands\.alarm: must be below warning \(500\)/);
    expect(said['indicator WAT-0003']).toBe('unknown theme nowhere');
    expect(said['indicator WAT-0001']).toBe('a second indicator with id WAT-0001');
    expect(said['indicator WAT-0004']).toMatch(/^unit: /);
    expect(said['indicator WAT-0005']).toMatch(/unknown sensor kind water-levle/);
    expect(said['indicators[6]']).toMatch(/id: /);
  });

  it('fails as a whole only when the document is not a catalogue', () => {
    const r = parseCatalogue({ version: 2, themes: [] }, KINDS);
    expect(r.ok).toBe(false);
    expect(r.refused[0]!.entry).toBe('catalogue');
  });

  it('drops a key figure the catalogue lacks from its theme, and says so', () => {
    const d = doc([indicator()]);
    d.themes[0]!.preset.key = ['WAT-0001', 'WAT-0404'];
    const r = parseCatalogue(d, KINDS);
    expect(r.ok && r.catalogue.themes[0]!.preset.key).toEqual(['WAT-0001']);
    expect(r.refused).toEqual([{ entry: 'theme water', message: expect.stringContaining('WAT-0404') }]);
  });

  it('bands a value by the direction that is better', () => {
    expect(bandOf({ direction: 'higher-better', bands: { warning: 90, alarm: 80 } }, 95)).toBe(0);
    expect(bandOf({ direction: 'higher-better', bands: { warning: 90, alarm: 80 } }, 85)).toBe(1);
    expect(bandOf({ direction: 'higher-better', bands: { warning: 90, alarm: 80 } }, 80)).toBe(2);
    expect(bandOf({ direction: 'lower-better', bands: { warning: 2.2, alarm: 2.8 } }, 2.5)).toBe(1);
    expect(bandOf({ direction: 'lower-better', bands: { warning: 2.2, alarm: 2.8 } }, 1)).toBe(0);
  });

  it('has a series per district and one for the city, in a fixed order', () => {
    const r = parseCatalogue(doc([indicator(), indicator({ id: 'WAT-0009', level: 'city' })]), KINDS);
    if (!r.ok) throw new Error('refused');
    const s = signSeries(r.catalogue, ['440103', '440104'], 'city/guangzhou');
    expect(s.map((x) => x.topic)).toEqual(['city/guangzhou/sign/water/WAT-0001', 'city/guangzhou/sign/water/WAT-0001/440103', 'city/guangzhou/sign/water/WAT-0001/440104', 'city/guangzhou/sign/water/WAT-0009']);
    expect(aggregate('sum', [1, 2, 3])).toBe(6);
    expect(aggregate('max', [1, 5, 3])).toBe(5);
  });

  it('finds an indicator by its zh or en name, exact ids first', () => {
    const r = parseCatalogue(doc([indicator(), indicator({ id: 'WAT-0002', name: { zh: '管网压力', en: 'Mains pressure' }, unit: 'MPa', aggregate: 'mean', bands: { warning: 0.25, alarm: 0.2 } })]), KINDS);
    if (!r.ok) throw new Error('refused');
    expect(searchIndicators(r.catalogue.indicators, '压力').map((i) => i.id)).toEqual(['WAT-0002']);
    expect(searchIndicators(r.catalogue.indicators, 'mains').map((i) => i.id)).toEqual(['WAT-0002']);
    expect(searchIndicators(r.catalogue.indicators, 'wat-0001').map((i) => i.id)).toEqual(['WAT-0001']);
    expect(searchIndicators(r.catalogue.indicators, 'nothing like it')).toEqual([]);
  });
});

const derivedCatalogue = (feeds: [string, DerivedFeed, Indicator['aggregate']][]) => {
  const r = parseCatalogue(
    { ...doc(feeds.map(([id, feed, agg]) => indicator({ id, aggregate: agg, direction: 'lower-better', bands: { warning: 1, alarm: 2 }, source: { kind: 'derived', feed, ...(feed === 'open-alarms' ? { sensorKinds: ['waterlogging'] } : {}) } }))), themes: doc([]).themes.map((t) => ({ ...t, preset: { ...t.preset, key: [feeds[0]![0]] } })) },
    KINDS,
  );
  if (!r.ok || r.refused.length > 0) throw new Error(JSON.stringify(r.refused));
  return r.catalogue;
};

describe('the figures derived from the live feeds', () => {
  it('converts PM2.5 to its sub-index after HJ 633-2012 and congestion to speed', () => {
    expect(pm25Iaqi(35)).toBe(50);
    expect(pm25Iaqi(75)).toBe(100);
    expect(pm25Iaqi(55)).toBe(75);
    expect(pm25Iaqi(600)).toBe(500);
    expect(speedFromCongestion(0)).toBe(55);
    expect(speedFromCongestion(4)).toBeCloseTo(27.5);
  });

  const sensors = {
    kinds: ['water-level', 'water-level', 'rainfall', 'waterlogging', 'waterlogging', 'truck', 'truck'],
    props: ['A', 'B', 'A', 'A', 'B', 'A', 'B'].map((district) => ({ district, interval: 10 })),
  };
  it('works out each district and the city from the latest readings', () => {
    const cat = derivedCatalogue([
      ['WAT-0001', 'max-water-level', 'max'],
      ['WAT-0002', 'waterlogging-points', 'sum'],
      ['WAT-0003', 'trucks-on-road', 'sum'],
      ['WAT-0004', 'open-alarms', 'sum'],
      ['WAT-0005', 'sensors-reporting', 'mean'],
    ]);
    const d = new SignDeriver(sensors, cat, ['A', 'B'], 'c');
    const t = 1_800_000_000_000;
    [2.1, 3.4, 0, 22, 9, 30, 0].forEach((v, i) => d.reading(i, v, t));
    d.setAlarms([{ sensor: 3, suppressed: false }, { sensor: 4, suppressed: true }, { sensor: 0, suppressed: false }]);
    const got = Object.fromEntries(d.compute(t + 1000).map((v) => [v.series.topic, v.value]));
    expect(got).toMatchObject({
      'c/sign/water/WAT-0001': 3.4,
      'c/sign/water/WAT-0001/A': 2.1,
      'c/sign/water/WAT-0002': 1,
      'c/sign/water/WAT-0002/B': 0,
      'c/sign/water/WAT-0003': 1,
      // Only the waterlogging alarm that is not shelved counts towards this figure.
      'c/sign/water/WAT-0004': 1,
      'c/sign/water/WAT-0004/A': 1,
      'c/sign/water/WAT-0005': 100,
    });
    // Silence: three intervals later the readings no longer count as the sensors reporting.
    const later = Object.fromEntries(d.compute(t + 31_000).map((v) => [v.series.topic, v.value]));
    expect(later['c/sign/water/WAT-0005']).toBe(0);
    expect(later['c/sign/water/WAT-0001']).toBeUndefined();
  });

  it('adds up the rain of the last hour from the gauges’ rates', () => {
    const cat = derivedCatalogue([['MET-0001', 'rain-last-hour', 'mean']]);
    const d = new SignDeriver(sensors, cat, ['A', 'B'], 'c');
    const t0 = 1_800_000_000_000;
    // 60 mm/h for 30 minutes, one reading every 10 s: 30 mm.
    for (let s = 0; s <= 1800; s += 10) d.reading(2, 60, t0 + s * 1000);
    expect(d.rainLastHour(2, t0 + 1800_000)).toBeCloseTo(30, 0);
    // An hour and a half later, all of it has left the window.
    expect(d.rainLastHour(2, t0 + 5400_000 + 60_000)).toBe(0);
  });
});

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

describe('signs in the page', () => {
  const r = parseCatalogue(doc([indicator(), indicator({ id: 'WAT-0009', level: 'city', aggregate: 'mean', cadenceS: 10, bands: { warning: 500, alarm: 400 } })]), KINDS);
  if (!r.ok) throw new Error('refused');
  const series = signSeries(r.catalogue, ['440103'], 'c');

  it('decodes a sign under the readings’ contract and its own unit', () => {
    const dec = new SignDecoder(series, r.catalogue.indicators, () => 2_000);
    expect(dec.decode('c/sign/water/WAT-0001/440103', enc({ ts: 1000, value: 60, unit: '万m³', quality: 'good' }))).toMatchObject({ ok: true, index: 1 });
    expect(dec.decode('c/sign/water/WAT-0001/440103', enc({ ts: 900, value: 60, unit: '万m³', quality: 'good' }))).toMatchObject({ ok: false, reason: 'out-of-order' });
    expect(dec.decode('c/sign/water/WAT-0009', enc({ ts: 1000, value: 1, unit: 'm', quality: 'good' }))).toMatchObject({ ok: false, reason: 'bad-schema', detail: 'WAT-0009: unit m, expected 万m³' });
    expect(dec.decode('c/sign/water/WAT-7777', enc({ ts: 1000, value: 1, unit: 'm', quality: 'good' }))).toMatchObject({ ok: false, reason: 'unknown-sign' });
    expect(dec.decode('c/sign/water/WAT-0009', new Uint8Array([0xff, 0x00]))).toMatchObject({ ok: false, reason: 'not-json' });
  });

  it('marks a sign stale after three cadences of silence, and keeps its history in order', () => {
    const table = new SignTable(r.catalogue, series);
    const k = table.slot('WAT-0009', null);
    expect(table.state(k, 0)).toBe('nodata');
    table.merge({ slot: Uint32Array.of(k), value: Float64Array.of(450), ts: Float64Array.of(100_000) });
    expect(table.state(k, 100_000 + 29_000)).toBe('warning');
    expect(table.state(k, 100_000 + 31_000)).toBe('stale');
    table.backfill(k, [[50_000, 520], [80_000, 510], [100_000, 999]]);
    expect(table.history(k)).toEqual({ ts: [50_000, 80_000, 100_000], value: [520, 510, 450] });
  });
});
