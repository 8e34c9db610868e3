/**
 * The statistics the management grid can be coloured by: what a theme's preset, the store and the
 * grid layer name. Defined here, with the other shared settings, so that the signs' catalogue and
 * the store take them without reaching into the legend's colour tables.
 */
export const GRID_METRICS = ['buildings', 'floorArea', 'sensors', 'alerts', 'flooded', 'residents', 'enterprises', 'plotRatio', 'components', 'openCases', 'crowd'] as const;
export type GridMetric = (typeof GRID_METRICS)[number];
/** Statistics that most cells lack: their empty cells are drawn clear, so the few that count stand out. */
export const SPARSE_METRICS: readonly GridMetric[] = ['alerts', 'flooded'];
