/** The flood on the grid: the hectares under water in each cell, from the latest result. */
import type { GridPart } from '../../layers/grid/gridParts.ts';

export const gridPart: GridPart = { values: { flooded: (s) => s.flood.cellHectares } };
