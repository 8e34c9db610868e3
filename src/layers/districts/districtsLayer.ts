import { Color, type PrimitiveCollection, type Scene } from 'cesium';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { DistrictProperties } from '../../sources/basemapSchemas.ts';
import { createPolygonLayer, type PolygonLayerProps } from '../polygons/polygonLayer.ts';
import type { SceneLayer } from '../layerKind.ts';

/**
 * Muted fills that tell neighbours apart on a dark scene without competing with data layers.
 * Keyed by adcode so a district keeps its colour whatever the feature order.
 */
export const DISTRICT_COLORS: Record<string, string> = {
  '440103': '#5b8def',
  '440104': '#e0a03a',
  '440105': '#46b39d',
  '440106': '#c86dd7',
  '440111': '#7fa65a',
  '440112': '#d06a5b',
  '440113': '#5aa6c8',
  '440114': '#b39a46',
  '440115': '#6f7fd8',
  '440117': '#4f9f6b',
  '440118': '#c48a6a',
};

export function createDistrictsLayer(scene: Scene, root: PrimitiveCollection, layerId: string, features: readonly Feature<Polygon | MultiPolygon, DistrictProperties>[]): SceneLayer<PolygonLayerProps> {
  return createPolygonLayer(scene, root, {
    layerId,
    features,
    height: 10,
    getId: (p) => p.adcode,
    getFill: (p) => Color.fromCssColorString(DISTRICT_COLORS[p.adcode] ?? '#8899aa').withAlpha(0.38),
    selectedFill: Color.fromCssColorString('#ffe066').withAlpha(0.55),
    outline: { color: Color.fromCssColorString('#f4f8ff').withAlpha(0.9), width: 2 },
    hideFillUnderGrid: true,
    label: {
      position: (p) => p.label,
      text: (p, lang) => (lang === 'zh-CN' ? `${p.nameZh}\n${p.nameEn}` : `${p.nameEn}\n${p.nameZh}`),
    },
  });
}
