/** The crowd on the grid: people per km² in each cell, on the heat layer's scale so that the two agree. */
import type { GridPart } from '../../layers/grid/gridParts.ts';
import { CROWD_BREAKS, HEAT_COLORS } from './crowdColors.ts';

export const gridPart: GridPart = {
  values: { crowd: (s) => s.crowd?.cellDensity ?? null },
  // The heat scale's last class is everything above its top bound.
  scales: { crowd: { breaks: [...CROWD_BREAKS, Infinity], colors: HEAT_COLORS } },
};
