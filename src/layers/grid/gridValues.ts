import type { AppState } from '../../state/store.ts';
import { PANORAMA_METRICS } from '../../config/gridMetrics.ts';

/**
 * The per-cell values of the chosen choropleth statistic, or null until they exist. It returns the
 * stored array itself, so the grid layer and the legend classify the same array and a selector on
 * it stays stable.
 */
export function gridValues(s: Pick<AppState, 'gridMetric' | 'gridStats' | 'liveCellCounts' | 'flood' | 'panorama' | 'crowd'>): ArrayLike<number> | null {
  const m = s.gridMetric;
  if (m === 'crowd') return s.crowd?.cellDensity ?? null;
  if (m === 'flooded') return s.flood.cellHectares;
  if (m === 'plotRatio') return s.panorama?.plotRatio ?? null;
  const column = PANORAMA_METRICS[m];
  if (column) return s.panorama?.columns.get(column) ?? null;
  return (m === 'sensors' || m === 'alerts' ? s.liveCellCounts?.[m] : s.gridStats?.[m as 'buildings' | 'floorArea']) ?? null;
}
