import type { AppLayer } from '../../../layers/layerKind.ts';
import { createDrawingLayer, type DrawingLayerProps } from './drawingLayer.ts';

const ID = 'drawings';

/** The planner's shapes; a tap on one makes it the active shape, not a selection. */
export const drawingsLayer: AppLayer<DrawingLayerProps> = {
  id: ID,
  create: (scene) => createDrawingLayer(scene, ID),
  props: (s) => ({ shapes: s.planner.shapes, draft: s.planner.draft, active: s.planner.active }),
  onPick: (hit, s) => s.setPlanner({ active: hit.featureId }),
};
