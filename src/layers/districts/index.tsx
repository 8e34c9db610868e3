/** The districts layer kind: the city's administrative districts with their names. */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { baseLayerSchema } from '../../config/citySchema.ts';
import type { Lang } from '../../i18n/messages.ts';
import { districtPropsSchema, type DistrictProperties } from '../../sources/basemapSchemas.ts';
import { decodePolygonFeatures } from '../../sources/decodeFeatures.ts';
import { loadGeoJson } from '../../sources/fetchLayer.ts';
import { readyLayerData, useAppStore, type AppState } from '../../state/store.ts';
import { InfoContent } from '../../ui/InfoContent.tsx';
import { useT } from '../../ui/useT.ts';
import type { InfoProps, LayerKind } from '../layerKind.ts';
import type { PolygonLayerProps } from '../polygons/polygonLayer.ts';
import { polygonProps } from '../polygons/polygonKind.ts';
import { createDistrictsLayer } from './districtsLayer.ts';

const config = baseLayerSchema.extend({ kind: z.literal('districts') });

export interface DistrictsData {
  kind: 'districts';
  features: Feature<Polygon | MultiPolygon, DistrictProperties>[];
}

declare module '../../config/citySchema.ts' {
  interface LayerConfigByKind {
    districts: z.infer<typeof config>;
  }
}
declare module '../../sources/layerLoad.ts' {
  interface LayerDataByKind {
    districts: DistrictsData;
  }
}

export const districtName = (p: Pick<DistrictProperties, 'nameZh' | 'nameEn'>, lang: Lang): string => (lang === 'zh-CN' ? p.nameZh : p.nameEn);

/** A district's properties by adcode, for other kinds' info rows (a cell's or a sensor's district). */
export function districtOf(s: Pick<AppState, 'layerLoad'>, adcode: string | undefined): DistrictProperties | undefined {
  return readyLayerData(s, 'districts')?.features.find((f) => f.properties.adcode === adcode)?.properties;
}

function DistrictInfo({ selection, data }: InfoProps<DistrictsData>) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const p = data.features.find((f) => f.properties.adcode === selection.featureId)?.properties;
  return (
    <InfoContent
      info={
        p
          ? {
              title: districtName(p, lang),
              rows: [
                [t('district'), `${p.nameZh} · ${p.nameEn}`],
                [t('adcode'), p.adcode],
                [t('area'), `${p.areaKm2.toLocaleString(lang)} km²`],
              ],
            }
          : null
      }
    />
  );
}

export const districtsKind: LayerKind<'districts', PolygonLayerProps> = {
  kind: 'districts',
  config,
  load: (cfg, ctx) =>
    loadGeoJson(cfg.url, ctx.url, (json) => {
      const { features, report } = decodePolygonFeatures(json, districtPropsSchema, ctx.bounds);
      return { report, data: { kind: 'districts', features } };
    }),
  create: (ctx, data) => createDistrictsLayer(ctx.scene, ctx.root, ctx.layerId, data.features),
  props: (s, layerId, _data, scene) => polygonProps(s, layerId, scene.groundCovered),
  Info: DistrictInfo,
};
