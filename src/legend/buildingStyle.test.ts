import { describe, expect, it } from 'vitest';
import { buildingStyleJson, DEFAULT_BUILDING_STYLE, legendBins } from './buildingStyle.ts';

describe('building style', () => {
  it('colours by height with the legend’s own bins, tallest first', () => {
    const json = buildingStyleJson(DEFAULT_BUILDING_STYLE, null);
    const bins = legendBins('height');
    expect(json.color.conditions.slice(0, bins.length)).toEqual(bins.map((b) => [b.test, `color('${b.color}')`]));
    expect(json.color.conditions.at(-1)?.[0]).toBe('true');
    expect(json.show).toBe('${height} >= 0 && ${height} <= 700');
  });

  it('puts the selected building first, with its id quoted safely', () => {
    const json = buildingStyleJson(DEFAULT_BUILDING_STYLE, "it's");
    expect(json.color.conditions[0]).toEqual(["${id} === 'it\\'s'", "color('#fff200')"]);
  });

  it('filters by height range and by use', () => {
    const json = buildingStyleJson({ colorBy: 'use', minHeight: 100, maxHeight: 300, uses: ['office', 'commercial'] }, null);
    expect(json.show).toBe("${height} >= 100 && ${height} <= 300 && (${use} === 'office' || ${use} === 'commercial')");
    expect(buildingStyleJson({ ...DEFAULT_BUILDING_STYLE, uses: [] }, null).show).toContain('false');
  });

  it('has a bin for unknown years', () => {
    expect(legendBins('year').at(-1)).toMatchObject({ label: 'unknown', test: 'true' });
  });
});
