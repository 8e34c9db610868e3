import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../scripts/signs/generateCatalogue.ts';
import { districtShares, simulatedValue } from '../../scripts/live/signs.ts';
import { aggregate, DERIVED_FEEDS, parseCatalogue } from '../../src/domains/signs/catalogue.ts';
import { SENSOR_KINDS } from '../../src/live/contract.ts';

const cityConfig = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/cities/guangzhou/city.json'), 'utf8')) as { layers: { id: string }[]; bounds: { west: number; east: number; south: number; north: number } };

describe('the default vital-sign catalogue', () => {
  const r = parseCatalogue(JSON.parse(JSON.stringify(generateCatalogue())), SENSOR_KINDS);
  if (!r.ok) throw new Error(JSON.stringify(r.refused));
  const { catalogue } = r;

  it('passes its own schema whole: 24 themes, over 3,000 indicators, over 40 departments', () => {
    expect(r.refused).toEqual([]);
    expect(catalogue.themes.length).toBeGreaterThanOrEqual(24);
    expect(catalogue.indicators.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(catalogue.indicators.map((i) => i.department)).size).toBeGreaterThanOrEqual(40);
    const names = catalogue.departments.map((d) => d.name.zh);
    for (const d of ['市水务局', '市交通运输局', '市生态环境局', '市住房城乡建设局', '市应急管理局', '市气象局', '市公安局', '市卫生健康委', '市教育局', '市商务局', '市市场监管局', '市来穗人员服务管理局']) expect(names).toContain(d);
    for (const t of ['ecology', 'water', 'traffic', 'construction', 'city-management', 'emergency', 'economy']) expect(catalogue.themes.map((x) => x.id)).toContain(t);
  });

  it('derives every live-feed figure the issue names, and its themes preset real layers and cameras', () => {
    const feeds = new Set(catalogue.indicators.flatMap((i) => (i.source.kind === 'derived' ? [i.source.feed] : [])));
    expect([...feeds].toSorted()).toEqual([...DERIVED_FEEDS].toSorted());
    const layers = new Set(cityConfig.layers.map((l) => l.id));
    for (const t of catalogue.themes) {
      expect(t.preset.layers.filter((l) => !layers.has(l))).toEqual([]);
      expect(t.preset.key.length).toBeGreaterThan(0);
      expect(t.preset.camera.lon).toBeGreaterThan(cityConfig.bounds.west);
      expect(t.preset.camera.lon).toBeLessThan(cityConfig.bounds.east);
    }
  });

  it('simulates series that stay inside their limits, and a city that is the sum of its districts', () => {
    const shares = districtShares(1, 11);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const t = 1_800_000_000;
    for (const [i, ind] of catalogue.indicators.entries()) {
      if (ind.source.kind !== 'simulated') continue;
      const src = ind.source;
      const districts = shares.map((_, d) => simulatedValue(ind, src, i, d, shares, t, 1));
      const outside = districts.filter((v) => !Number.isFinite(v) || v < (src.min ?? -Infinity) || v > (src.max ?? Infinity));
      expect(outside).toEqual([]);
      // The districts' shares of a count add up to the city's own simulated total (within rounding and noise).
      const summed = ind.aggregate === 'sum' && ind.level === 'district' && src.drift === 0;
      const gap = summed ? Math.abs(aggregate('sum', districts) - simulatedValue(ind, src, i, -1, shares, t, 1)) : 0;
      expect(gap).toBeLessThanOrEqual(src.noise * 12 + 10 ** -src.decimals * 12);
    }
  });
});
