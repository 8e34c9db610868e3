import type { AppState } from '../../state/store.ts';
import { domainValues } from './gridParts.ts';

/**
 * The per-cell values of the chosen choropleth statistic, or null until they exist. It returns the
 * stored array itself, so the grid layer and the legend classify the same array and a selector on
 * it stays stable.
 */
export function gridValues(s: AppState): ArrayLike<number> | null {
  const m = s.gridMetric;
  if (m === 'sensors' || m === 'alerts') return s.liveCellCounts?.[m] ?? null;
  if (m === 'buildings' || m === 'floorArea') return s.gridStats?.[m] ?? null;
  return domainValues(s, m);
}
