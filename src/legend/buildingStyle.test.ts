import { describe, expect, it } from 'vitest';
import { buildingStyleJson, DEFAULT_BUILDING_STYLE, legendBins } from './buildingStyle.ts';

describe('building style', () => {
  it.each(['dark', 'day'] as const)('colours by height with the legend’s own bins, tallest first (%s look)', (look) => {
    const json = buildingStyleJson(DEFAULT_BUILDING_STYLE, null, look);
    const bins = legendBins('height', look);
    expect(json.color.conditions.slice(0, bins.length)).toEqual(bins.map((b) => [b.test, `color('${b.color}')`]));
    expect(json.color.conditions.at(-1)?.[0]).toBe('true');
    expect(json.show).toBe('${height} >= 0 && ${height} <= 700');
  });

  it('has the same height classes in both looks, in colours of their own', () => {
    const [dark, day] = [legendBins('height', 'dark'), legendBins('height', 'day')];
    expect(dark.map((b) => b.test)).toEqual(day.map((b) => b.test));
    expect(dark.map((b) => b.color)).not.toEqual(day.map((b) => b.color));
    expect(legendBins('use', 'dark')).toEqual(legendBins('use', 'day'));
  });

  it('puts the selected building first, with its id quoted safely', () => {
    const json = buildingStyleJson(DEFAULT_BUILDING_STYLE, "it's", 'dark');
    expect(json.color.conditions[0]).toEqual(["${id} === 'it\\'s'", "color('#fff200')"]);
  });

  it('filters by height range and by use', () => {
    const json = buildingStyleJson({ colorBy: 'use', minHeight: 100, maxHeight: 300, uses: ['office', 'commercial'] }, null, 'day');
    expect(json.show).toBe("${height} >= 100 && ${height} <= 300 && (${use} === 'office' || ${use} === 'commercial')");
    expect(buildingStyleJson({ ...DEFAULT_BUILDING_STYLE, uses: [] }, null, 'dark').show).toContain('false');
  });

  it('has a bin for unknown years', () => {
    expect(legendBins('year', 'dark').at(-1)).toMatchObject({ label: 'unknown', test: 'true' });
  });
});
