import type { AppState } from './store.ts';

type Inputs = Pick<AppState, 'gridMetric' | 'gridStats' | 'liveCellCounts'>;

let last: { inputs: [unknown, unknown, unknown]; values: ArrayLike<number> | null } | null = null;

/**
 * The per-cell values of the chosen choropleth statistic, or null until they exist. Memoised on
 * its inputs, so the grid layer and the legend classify the same array and skip unchanged states.
 */
export function gridValues(s: Inputs): ArrayLike<number> | null {
  const inputs: [unknown, unknown, unknown] = [s.gridMetric, s.gridStats, s.liveCellCounts];
  if (last && last.inputs.every((v, k) => v === inputs[k])) return last.values;
  let values: ArrayLike<number> | null;
  switch (s.gridMetric) {
    case 'buildings':
      values = s.gridStats?.buildings ?? null;
      break;
    case 'floorArea':
      values = s.gridStats?.floorArea ?? null;
      break;
    case 'sensors':
      values = s.liveCellCounts?.sensors ?? null;
      break;
    case 'alerts':
      values = s.liveCellCounts?.alerts ?? null;
      break;
  }
  last = { inputs, values };
  return values;
}
