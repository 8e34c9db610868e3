import type { AppState } from '../../state/store.ts';
import { isVisible, selectedIn } from '../layerProps.ts';
import type { PolygonLayerProps } from './polygonLayer.ts';

/**
 * The props of a basemap polygon layer. `groundCovered` says whether a layer that paints the
 * ground is shown: the registry tells which kinds do, so this folder names none of them.
 */
export function polygonProps(s: AppState, layerId: string, groundCovered: boolean): PolygonLayerProps {
  return { visible: isVisible(s, layerId), lang: s.lang, selectedId: selectedIn(s, layerId), groundCovered };
}
