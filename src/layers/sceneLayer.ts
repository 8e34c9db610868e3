import type { Lang } from '../i18n/messages.ts';
import type { BuildingStyleState } from './buildings/buildingStyle.ts';
import type { GridMetric } from './grid/choropleth.ts';

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
  /** This layer's feature behind a `scene.pick` result, or undefined if it is not ours. */
  pick(picked: unknown): PickResult | undefined;
  destroy(): void;
}
