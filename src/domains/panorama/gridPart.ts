/** The panoramas on the grid: four of their columns, and the plot ratio worked out from the parcels. */
import type { AppState } from '../../state/store.ts';
import type { GridPart } from '../../layers/grid/gridParts.ts';

/** A statistic read straight from one column of every cell's figures. */
const column =
  (name: string) =>
  (s: AppState): Float64Array | null =>
    s.panorama?.columns.get(name) ?? null;

export const gridPart: GridPart = {
  values: {
    residents: column('people.residents'),
    enterprises: column('enterprises.count'),
    components: column('components.count'),
    openCases: column('cases.status.open'),
    plotRatio: (s) => s.panorama?.plotRatio ?? null,
  },
};
