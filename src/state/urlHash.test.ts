import { describe, expect, it } from 'vitest';
import { formatHash, HASH_KEYS, hashValue, parseHash, readHashValues } from './urlHash.ts';

describe('URL hash state', () => {
  it('keeps the vital-sign theme, and reports one that is not an id', () => {
    expect(formatHash({ theme: 'city-management' })).toBe('#theme=city-management');
    expect(parseHash('#theme=city-management')).toEqual({ state: { theme: 'city-management' }, problems: [] });
    const bad = parseHash('#theme=<script>');
    expect(bad.state.theme).toBeUndefined();
    expect(bad.problems).toEqual(['theme: expected a theme id, got <script>']);
  });

  it('round-trips the camera and the visible layers', () => {
    const hash = formatHash({ camera: { lon: 113.3245, lat: 23.1064, height: 2500, heading: 30, pitch: -35 }, visibleLayers: ['districts'] });
    expect(hash).toBe('#cam=113.3245,23.1064,2500,30,-35&layers=districts');
    expect(parseHash(hash)).toEqual({
      state: { camera: { lon: 113.3245, lat: 23.1064, height: 2500, heading: 30, pitch: -35 }, visibleLayers: ['districts'] },
      problems: [],
    });
  });

  it('keeps the day look, leaves the default dark look out, and reports an unknown one', () => {
    expect(formatHash({ look: 'day' })).toBe('#look=day');
    expect(formatHash({ look: 'dark' })).toBe('');
    expect(parseHash('#look=day')).toEqual({ state: { look: 'day' }, problems: [] });
    expect(parseHash('#look=neon')).toEqual({ state: {}, problems: ['look: expected dark or day, got neon'] });
  });

  it('keeps an empty layer list: every layer hidden', () => {
    expect(parseHash('#layers=').state.visibleLayers).toEqual([]);
  });

  it('ignores a malformed camera and says why, keeping the rest', () => {
    const { state, problems } = parseHash('#cam=113.3,abc,2500&layers=water');
    expect(state.camera).toBeUndefined();
    expect(state.visibleLayers).toEqual(['water']);
    expect(problems[0]).toMatch(/^cam: lat/);
  });

  it('reports a stray percent sign in a name instead of throwing, keeping the rest', () => {
    const { state, problems } = parseHash('#layers=water,B%25&sel=grid:C%25&demo=B%25&look=day');
    expect(state.visibleLayers).toBeUndefined();
    expect(state.selection).toBeUndefined();
    expect(state.demolished).toBeUndefined();
    expect(state.look).toBe('day');
    expect(problems).toEqual(['layers: malformed percent-encoding, ignored', 'sel: malformed percent-encoding, ignored', 'demo: malformed percent-encoding, ignored']);
  });

  it('rejects a latitude out of range rather than flying off the globe', () => {
    expect(parseHash('#cam=23.1,113.3,2500,0,-90').state.camera).toBeUndefined();
  });

  it('returns nothing for an empty hash', () => {
    expect(parseHash('')).toEqual({ state: {}, problems: [] });
    expect(formatHash({})).toBe('');
  });
});

describe('URL hash: the parts, found by folder', () => {
  it('has each key owned by one part, in the order links have always had', () => {
    expect(HASH_KEYS).toEqual(['cam', 'layers', 'mode', 'whatif', 'draw', 'sel', 'theme', 'prop', 'demo', 'look']);
    const hash = formatHash({
      look: 'day',
      demolished: ['B1'],
      proposed: [{ id: 'P1', footprint: [[113.3, 23.1], [113.301, 23.1], [113.301, 23.101]], height: 150, model: null }],
      theme: 'water',
      selection: { layerId: 'grid', featureId: 'c1' },
      shapes: [{ type: 'Point', coordinates: [113.3, 23.1] }],
      whatIfLevelM: 3.456,
      mode: 'flood',
      visibleLayers: ['districts'],
      camera: { lon: 113.3, lat: 23.1, height: 2500, heading: 0, pitch: -90 },
    });
    expect(hash).toBe('#cam=113.3,23.1,2500,0,-90&layers=districts&mode=flood&whatif=3.46&draw=p:113.3,23.1&sel=grid:c1&theme=water&prop=e:150:113.3,23.1_113.301,23.1_113.301,23.101&demo=B1&look=day');
  });

  it('reports the problems of a damaged link in the order it always has (look after mode)', () => {
    const { state, problems } = parseHash('#mode=sea&look=neon&whatif=99&draw=x:1,2&sel=nocolon&theme=<b>&prop=q:1&demo=,,B1,');
    expect(problems).toEqual([
      'mode: expected flood or city, got sea',
      'look: expected dark or day, got neon',
      'whatif: expected a level from 0 to 8 m, got 99',
      'draw: not a point, line or area: x:1,2',
      'sel: expected layer:feature, got nocolon',
      'theme: expected a theme id, got <b>',
      'prop: not a proposed building: q:1',
    ]);
    expect(state).toEqual({ shapes: [], proposed: [], demolished: ['B1'] });
  });

  it('gives one key’s value, and reads values kept in the hash’s form (a saved viewpoint’s plan)', () => {
    const proposed = [{ id: 'P1', footprint: [[113.3, 23.1], [113.301, 23.1], [113.301, 23.101]] as [number, number][], height: 150, model: null }];
    const prop = hashValue({ proposed }, 'prop');
    expect(prop).toBe('e:150:113.3,23.1_113.301,23.1_113.301,23.101');
    expect(hashValue({ proposed: [] }, 'prop')).toBeUndefined();
    expect(readHashValues({ prop: prop! })).toEqual({ state: { proposed }, problems: [] });
    expect(readHashValues({ prop: '' })).toEqual({ state: {}, problems: [] });
    // Not percent-decoded once more, as URLSearchParams would: a viewpoint keeps the raw value.
    expect(readHashValues({ prop: 'm:tower%20one.glb:113.32,23.12:30:1.5:-5,-5,0,5,5,80' }).state.proposed?.[0]?.model?.name).toBe('tower one.glb');
    expect(() => hashValue({}, 'nope')).toThrow(/no part of the URL hash owns the key nope/);
  });
});
