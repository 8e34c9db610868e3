/**
 * The names of the performance marks and measures the app leaves on the page's timeline, read by
 * the end-to-end tests and the benchmarks (bench:grid, bench:flood). One list, so that a renamed
 * mark breaks the build, not a benchmark at run time.
 */
export const PERF_MARKS = {
  /** The scene drew its first frame. */
  firstFrame: 'canton-twin:first-frame',
  /** The grid's data is in the page (before any of it is drawn). */
  gridData: 'canton-twin:grid-data',
  /** The grid's primitives are ready: the cells are on screen. */
  gridReady: 'canton-twin:grid-ready',
  /** The grid's statistic is on screen as colours. */
  gridStats: 'canton-twin:grid-stats',
  /** The first load's fly-in reached the home view. */
  flyInDone: 'canton-twin:fly-in-done',
  /** The buildings tileset finished its first view. */
  buildingsFirstView: 'canton-twin:buildings-first-view',
  /** A flood result is drawn; `detail` is its number. */
  floodDrawn: 'canton-twin:flood-drawn',
  /** Measure: main-thread time to apply a flood result to the store and the layers. */
  floodApply: 'canton-twin:flood-apply',
  /** Measure: main-thread time to take the sensor registry from the live worker (its structured clone included). */
  registryApply: 'canton-twin:registry-apply',
  /** Measure: main-thread time to create the sensor layer's points. */
  sensorLayerCreate: 'canton-twin:sensor-layer-create',
  /** Measure: main-thread time to apply one batch of vital signs, the cards and charts redrawn included. */
  signsApply: 'canton-twin:signs-apply',
  /** The planner's proposed buildings are in the scene; `detail` is how many models hold them. */
  proposalsDrawn: 'canton-twin:proposals-drawn',
  /** Measure: main-thread time to recolour the crowd heat's hexagons for a new minute (bench:crowd). */
  crowdHeat: 'canton-twin:crowd-heat',
  /** Measure: main-thread time to recolour the grid's cells for new values (bench:crowd, the crowd per cell). */
  gridColours: 'canton-twin:grid-colours',
  /** Mark per render of a wall component (bench:signs counts them); `detail` names the component. */
  wallRender: 'canton-twin:wall-render',
} as const;

/** Marks each render of a wall component on the timeline, for bench:signs to count. */
export function useRenderMark(name: string): void {
  performance.mark(PERF_MARKS.wallRender, { detail: name });
}
