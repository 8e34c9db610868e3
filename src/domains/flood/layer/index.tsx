/** The flood layer kind: shelters and pumping stations, and the flood's water surface in the flood view. */
import type { Feature, Point } from 'geojson';
import { z } from 'zod';
import { baseLayerSchema } from '../../../config/citySchema.ts';
import { FACILITY_KEYS, pickText } from '../../../i18n/messages.ts';
import { facilityPropsSchema, isShelter, type FacilityProperties } from '../../../sources/basemapSchemas.ts';
import { decodePointFeatures } from '../../../sources/decodeFeatures.ts';
import { loadGeoJson } from '../../../sources/fetchLayer.ts';
import { readyLayerData, useAppStore, type AppState } from '../../../state/store.ts';
import { InfoContent, type InfoRows } from '../../../ui/InfoContent.tsx';
import { districtName, districtOf } from '../../../layers/districts/index.tsx';
import type { DataOf, InfoProps, LayerKind } from '../../../layers/layerKind.ts';
import { isVisible, selectedIn } from '../../../layers/layerProps.ts';
import { createFloodLayer, type FloodLayerProps } from './floodLayer.ts';

const config = baseLayerSchema.extend({ kind: z.literal('flood') });


declare module '../../../config/citySchema.ts' { interface LayerConfigByKind { flood: z.infer<typeof config> } }
declare module '../../../sources/layerLoad.ts' { interface LayerDataByKind { flood: { kind: 'flood'; facilities: Feature<Point, FacilityProperties>[]; } } }
export type FloodData = DataOf<'flood'>;

/** The shelters and pumping stations, for other kinds' rows (a cell's nearest shelters). */
export const floodFacilities = (s: Pick<AppState, 'layerLoad'>): Feature<Point, FacilityProperties>[] | undefined => readyLayerData(s, 'flood')?.facilities;

function FacilityInfo({ selection, data, t, lang }: InfoProps<FloodData>) {
  const flood = useAppStore((s) => (s.mode === 'flood' ? s.flood.result : null));
  const f = data.facilities.find((x) => x.properties.id === selection.featureId);
  const district = useAppStore((s) => districtOf(s, f?.properties.district));
  if (!f) return <InfoContent info={null} />;
  const p = f.properties;
  const s = isShelter(p) ? data.facilities.filter((x) => isShelter(x.properties)).indexOf(f) : -1;
  const shelterRows: InfoRows =
    s >= 0 && flood
      ? [
          [t('status'), flood.shelterFlooded[s] ? t('shelterFlooded') : t('shelterOpen')],
          [t('placesLeft'), flood.remaining[s]!.toLocaleString(lang)],
        ]
      : [];
  return (
    <InfoContent
      info={{
        title: pickText(p.name, lang),
        rows: [
          [t('kind'), t(FACILITY_KEYS[p.type])],
          [t('capacity'), `${p.capacity.toLocaleString(lang)} ${isShelter(p) ? t('people') : 'm³/s'}`],
          ...shelterRows,
          [t('gridCell'), p.cell ?? '—'],
          [t('district'), district ? districtName(district, lang) : p.district],
        ],
      }}
    />
  );
}

export const floodKind: LayerKind<'flood', FloodLayerProps> = {
  kind: 'flood',
  config,
  load: (cfg, ctx) =>
    loadGeoJson(cfg.url, ctx.url, (json) => {
      const { features, report } = decodePointFeatures(json, facilityPropsSchema, ctx.bounds);
      return { report, data: { kind: 'flood', facilities: features } };
    }),
  create: (ctx, data) => createFloodLayer(ctx.scene, ctx.root, ctx.layerId, data.facilities),
  props: (s, layerId) => ({
    visible: isVisible(s, layerId),
    result: s.mode === 'flood' ? s.flood.result : null,
    seq: s.flood.seq,
    selectedId: selectedIn(s, layerId),
    lang: s.lang,
  }),
  Info: FacilityInfo,
};
