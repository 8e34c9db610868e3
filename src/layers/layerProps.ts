/** Selectors that most layer kinds take their props from. */
import type { AppState } from '../state/store.ts';

export const isVisible = (s: AppState, layerId: string): boolean => s.layerVisible[layerId] ?? false;

/** The selected feature in this layer, if any. */
export const selectedIn = (s: AppState, layerId: string): string | null => (s.selection?.layerId === layerId ? s.selection.featureId : null);

/** The feature under the pointer in this layer, if any (mouse only; touch selects). */
export const hoveredIn = (s: AppState, layerId: string): string | null => (s.hover?.layerId === layerId ? s.hover.featureId : null);
