/** The water layer kind: the river and estuary surfaces. */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { baseLayerSchema } from '../../config/citySchema.ts';
import { waterPropsSchema, type WaterProperties } from '../../sources/basemapSchemas.ts';
import { decodePolygonFeatures } from '../../sources/decodeFeatures.ts';
import { loadGeoJson } from '../../sources/fetchLayer.ts';
import { useAppStore } from '../../state/store.ts';
import { InfoContent } from '../../ui/InfoContent.tsx';
import { useT } from '../../ui/useT.ts';
import { districtName } from '../districts/index.tsx';
import type { InfoProps, LayerKind } from '../layerKind.ts';
import type { PolygonLayerProps } from '../polygons/polygonLayer.ts';
import { polygonProps } from '../polygons/polygonKind.ts';
import { createWaterLayer } from './waterLayer.ts';

const config = baseLayerSchema.extend({ kind: z.literal('water') });

export interface WaterData {
  kind: 'water';
  features: Feature<Polygon | MultiPolygon, WaterProperties>[];
}

declare module '../../config/citySchema.ts' {
  interface LayerConfigByKind {
    water: z.infer<typeof config>;
  }
}
declare module '../../sources/layerLoad.ts' {
  interface LayerDataByKind {
    water: WaterData;
  }
}

function WaterInfo({ selection, data }: InfoProps<WaterData>) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const p = data.features.find((f) => f.properties.id === selection.featureId)?.properties;
  return (
    <InfoContent
      info={
        p
          ? {
              title: districtName(p, lang),
              rows: [
                [t('waterArea'), `${p.nameZh} · ${p.nameEn}`],
                [t('width'), `≈ ${p.widthM} m`],
              ],
            }
          : null
      }
    />
  );
}

export const waterKind: LayerKind<'water', PolygonLayerProps> = {
  kind: 'water',
  config,
  load: (cfg, ctx) =>
    loadGeoJson(cfg.url, ctx.url, (json) => {
      // Water runs past the city's edge into the estuary, so it gets a wider margin.
      const b = ctx.bounds;
      const wide = { west: b.west - 0.5, south: b.south - 0.5, east: b.east + 0.5, north: b.north + 0.5 };
      const { features, report } = decodePolygonFeatures(json, waterPropsSchema, wide);
      return { report, data: { kind: 'water', features } };
    }),
  create: (ctx, data) => createWaterLayer(ctx.scene, ctx.root, ctx.layerId, data.features),
  props: (s, layerId, _data, scene) => polygonProps(s, layerId, scene.groundCovered),
  Info: WaterInfo,
};
