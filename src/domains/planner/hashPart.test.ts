import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../state/urlHash.ts';

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
