import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './urlHash.ts';

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

  it('rejects a latitude out of range rather than flying off the globe', () => {
    expect(parseHash('#cam=23.1,113.3,2500,0,-90').state.camera).toBeUndefined();
  });

  it('returns nothing for an empty hash', () => {
    expect(parseHash('')).toEqual({ state: {}, problems: [] });
    expect(formatHash({})).toBe('');
  });
});

describe('URL hash: planner shapes and selection', () => {
  it('round-trips a point, a line and an area, and the selection', () => {
    const shapes = [
      { type: 'Point' as const, coordinates: [113.3245, 23.1064] },
      { type: 'LineString' as const, coordinates: [[113.3, 23.1], [113.31, 23.11]] },
      { type: 'Polygon' as const, coordinates: [[[113.3, 23.1], [113.31, 23.1], [113.31, 23.11], [113.3, 23.1]]] },
    ];
    const hash = formatHash({ shapes, selection: { layerId: 'grid', featureId: '440106-0001' } });
    expect(hash).toBe('#draw=p:113.3245,23.1064~l:113.3,23.1_113.31,23.11~a:113.3,23.1_113.31,23.1_113.31,23.11&sel=grid:440106-0001');
    expect(parseHash(hash)).toEqual({ state: { shapes, selection: { layerId: 'grid', featureId: '440106-0001' } }, problems: [] });
  });

  it('keeps the good shapes of a damaged link and says what was wrong with the others', () => {
    const { state, problems } = parseHash('#draw=p:113.3,23.1~a:113.3,23.1_113.31~x:1,2');
    expect(state.shapes).toEqual([{ type: 'Point', coordinates: [113.3, 23.1] }]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^draw: bad coordinates/);
  });
});
