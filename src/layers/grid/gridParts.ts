/**
 * What the domains add to the grid layer, found by folder so that the grid names no domain:
 *   - a domain's gridPart.ts exports `gridPart`: for the statistics it owns (named in
 *     src/config/gridMetrics.ts), how to read each cell's values from the state and, optionally,
 *     a scale of their own (src/legend/choropleth.ts reads those). It stays pure: no React.
 *   - a domain's layer/cellRows.tsx exports `cellRows`: the rows it adds to a cell's info, at its
 *     `order` among the platform's own (CELL_ROW_ORDER). It sits in the layer folder because it
 *     takes this file's types and the domain's layer data, which a panel may not.
 * The platform keeps its own statistics: the buildings and floor area, and the live counts.
 */
import type { GridMetric } from '../../config/gridMetrics.ts';
import type { Lang, MessageKey } from '../../i18n/messages.ts';
import type { MetricScale } from '../../legend/choropleth.ts';
import type { AppState } from '../../state/store.ts';
import type { InfoRows } from '../../ui/InfoContent.tsx';

export interface GridPart {
  /**
   * Each owned statistic's per-cell values, or null until they exist. A reader returns the stored
   * array itself, never a copy, so that a selector on it stays stable.
   */
  values: Partial<Record<GridMetric, (s: AppState) => ArrayLike<number> | null>>;
  /** Statistics drawn on fixed breaks and colours of their own rather than on quantiles. */
  scales?: Partial<Record<GridMetric, MetricScale>>;
}

export interface CellRows {
  /**
   * Where the rows go: a number between two of the platform's groups (CELL_ROW_ORDER), written out
   * rather than read from it, since this file loads the parts before its own values exist.
   */
  order: number;
  /** A hook: the rows for the cell at this index of the grid, none when the domain has nothing to say of it. */
  useRows(cell: number, t: (key: MessageKey) => string, lang: Lang): InfoRows;
}

/**
 * The orders of the platform's own rows in a cell's info: the cell and its district, its buildings
 * and floor area, its live counts, its tallest buildings. A domain picks a number between two.
 */
export const CELL_ROW_ORDER = { district: 100, buildings: 200, live: 300, tallest: 400 } as const;

const VALUES: GridPart['values'] = Object.assign(
  {},
  ...Object.values(import.meta.glob<{ gridPart: GridPart }>('../../domains/*/gridPart.ts', { eager: true })).map((m) => m.gridPart.values),
);

const CELL_ROWS: readonly CellRows[] = Object.values(import.meta.glob<{ cellRows: CellRows }>('../../domains/*/layer/cellRows.tsx', { eager: true })).map((m) => m.cellRows);

/** The per-cell values of a domain's statistic in this state, or null until they exist (or for the platform's own). */
export function domainValues(s: AppState, metric: GridMetric): ArrayLike<number> | null {
  return VALUES[metric]?.(s) ?? null;
}

/**
 * Every domain's rows for a cell, each with its order. It calls each domain's hook in turn: the
 * parts are fixed when the app is built, so the hooks run in the same order on every render.
 */
export function useDomainCellRows(cell: number, t: (key: MessageKey) => string, lang: Lang): [order: number, rows: InfoRows][] {
  return CELL_ROWS.map((part) => [part.order, part.useRows(cell, t, lang)]);
}

/** Groups of rows, lowest order first (equal orders keep their given order), as one list. */
export function rowsInOrder(groups: readonly [order: number, rows: InfoRows][]): InfoRows {
  return groups.toSorted((a, b) => a[0] - b[0]).flatMap(([, rows]) => rows);
}
