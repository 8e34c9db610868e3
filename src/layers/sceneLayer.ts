import type { Cartesian2 } from 'cesium';
import type { Lang } from '../i18n/messages.ts';
import type { BuildingStyleState } from '../legend/buildingStyle.ts';
import type { GridMetric } from '../legend/choropleth.ts';
import type { FloodImage } from '../analysis/flood/floodEngine.ts';
import type { SensorKind } from '../live/contract.ts';
import type { SensorTable } from '../live/sensorTable.ts';
import type { DrawnShape } from '../state/store.ts';

/** What every layer is told about app state; it reacts to what changed and nothing else. */
export interface LayerView {
  visible: boolean;
  lang: Lang;
  /** The selected feature in this layer, if any. */
  selectedId: string | null;
  /** The feature under the pointer in this layer, if any (mouse only; touch selects). */
  hoveredId: string | null;
  buildingStyle: BuildingStyleState;
  gridMetric: GridMetric;
  /** The chosen statistic per grid cell, null until it is known. */
  gridValues: ArrayLike<number> | null;
  /** A grid is on screen: basemap fills step back so its colours read true. */
  gridVisible: boolean;
  /** The flood to draw, null when the flood view is off or has no result yet. */
  flood: { image: FloodImage; shelterFlooded: Uint8Array; seq: number } | null;
  /** Buildings to paint over the style (flooded, or over a height limit), null for none. */
  buildingHighlight: { ids: ReadonlySet<string>; color: string } | null;
  /** The planner's shapes and the one being drawn. */
  drawings: { shapes: readonly DrawnShape[]; draft: readonly [number, number][]; active: string | null };
  /** Sensor kinds to show, null for all. */
  sensorKinds: ReadonlySet<SensorKind> | null;
  /** While replaying: the table reconstructed at the replay time, and that time (ms). */
  replay: { table: SensorTable; at: number } | null;
}

export interface PickResult {
  featureId: string;
  /** Attributes read off the picked object, for layers whose data lives only in the scene. */
  properties?: Record<string, string | number>;
  /** Instead of a selection: an area to zoom to (a tap on a cluster). */
  zoomTo?: { west: number; south: number; east: number; north: number };
}

/**
 * The contract between the app and a drawing layer (see ../shared/STYLE.md): a layer is created
 * with its data, updated from state, answers picks, and releases its GPU resources on destroy.
 */
export interface SceneLayer {
  update(view: LayerView): void;
  /** This layer's feature behind a `scene.pick` result at window position `at`, or undefined if it is not ours. */
  pick(picked: unknown, at: Cartesian2): PickResult | undefined;
  destroy(): void;
}
