import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../state/urlHash.ts';

describe('URL hash: the flood view and its what-if level', () => {
  it('round-trips the flood view and a what-if level, and leaves the city view out', () => {
    expect(formatHash({ mode: 'flood', whatIfLevelM: 3.456 })).toBe('#mode=flood&whatif=3.46');
    expect(formatHash({ mode: 'city' })).toBe('');
    expect(parseHash('#mode=flood&whatif=3.46')).toEqual({ state: { mode: 'flood', whatIfLevelM: 3.46 }, problems: [] });
    expect(parseHash('#mode=city')).toEqual({ state: { mode: 'city' }, problems: [] });
  });

  it('keeps a level at either end of the slider’s range, and reports one outside it or not a number', () => {
    expect(parseHash('#whatif=0').state.whatIfLevelM).toBe(0);
    expect(parseHash('#whatif=8').state.whatIfLevelM).toBe(8);
    for (const bad of ['-1', '8.01', 'abc', '']) {
      expect(parseHash(`#whatif=${bad}`)).toEqual({ state: {}, problems: [`whatif: expected a level from 0 to 8 m, got ${bad}`] });
    }
  });

  it('reports a view that is neither', () => {
    expect(parseHash('#mode=sea')).toEqual({ state: {}, problems: ['mode: expected flood or city, got sea'] });
  });
});
