import { readyLayerData, useAppStore, type AppState } from '../state/store.ts';

/** Counts per grid cell, in cell order, of the cell ids given (null ids are outside the grid). */
export function countPerCell(cellIndex: ReadonlyMap<string, number>, cellCount: number, cells: Iterable<string | null>): Uint32Array {
  const out = new Uint32Array(cellCount);
  for (const id of cells) {
    const c = id === null ? undefined : cellIndex.get(id);
    if (c !== undefined) out[c]!++;
  }
  return out;
}

/**
 * Keeps the live per-cell counts (sensors, active alerts) that feed the grid choropleth, once the
 * grid and the sensor registry are both loaded, and again whenever the alerts change.
 */
export function startLiveCellSync(): () => void {
  let cellIndex: Map<string, number> | null = null;
  let sensors: Uint32Array | null = null;
  let cellCount = 0;
  let lastAlerts: AppState['alerts'] | null = null;
  const sync = (s: AppState): void => {
    if (!cellIndex) {
      const grid = readyLayerData(s, 'grid');
      const live = readyLayerData(s, 'sensors');
      if (!grid || !live) return;
      cellIndex = new Map(grid.cellIds.map((id, i) => [id, i]));
      cellCount = grid.cellIds.length;
      sensors = countPerCell(cellIndex, cellCount, live.table.registry.props.map((p) => p.cell));
    }
    if (s.alerts === lastAlerts && s.liveCellCounts) return;
    lastAlerts = s.alerts;
    s.setLiveCellCounts({ sensors: sensors!, alerts: countPerCell(cellIndex, cellCount, s.alerts.map((a) => a.cell)) });
  };
  sync(useAppStore.getState());
  return useAppStore.subscribe((s, prev) => {
    if (s.layerLoad !== prev.layerLoad || s.alerts !== prev.alerts) sync(s);
  });
}
