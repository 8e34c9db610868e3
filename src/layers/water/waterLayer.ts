import { Color, type PrimitiveCollection, type Scene } from 'cesium';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { WaterProperties } from '../../sources/basemapSchemas.ts';
import { createPolygonLayer, type PolygonLayerProps } from '../polygons/polygonLayer.ts';
import type { SceneLayer } from '../layerKind.ts';

export function createWaterLayer(scene: Scene, root: PrimitiveCollection, layerId: string, features: readonly Feature<Polygon | MultiPolygon, WaterProperties>[]): SceneLayer<PolygonLayerProps> {
  return createPolygonLayer(scene, root, {
    layerId,
    features,
    height: 20,
    getId: (p) => p.id,
    getFill: () => Color.fromCssColorString('#2f8fff').withAlpha(0.85),
    selectedFill: Color.fromCssColorString('#7fd3ff').withAlpha(0.95),
  });
}
