/** The water layer kind: the river and estuary surfaces. */
import { z } from 'zod';
import { baseLayerSchema } from '../../config/citySchema.ts';
import { waterPropsSchema, type WaterProperties } from '../../sources/basemapSchemas.ts';
import { districtName } from '../districts/index.tsx';
import { polygonKind, type PolygonData } from '../polygons/polygonKind.tsx';
import { Color } from 'cesium';

const config = baseLayerSchema.extend({ kind: z.literal('water') });

export type WaterData = PolygonData<'water', WaterProperties>;

declare module '../../config/citySchema.ts' { interface LayerConfigByKind { water: z.infer<typeof config> } }
declare module '../../sources/layerLoad.ts' { interface LayerDataByKind { water: WaterData } }

/** Deep navy water under the dark look, with just enough blue to read as the river; a map's blue by day. */
const WATER = { dark: Color.fromCssColorString('#145a9c').withAlpha(0.9), day: Color.fromCssColorString('#8cc4ec').withAlpha(0.95) };

export const waterKind = polygonKind({
  kind: 'water',
  config,
  props: waterPropsSchema,
  // Water runs past the city's edge into the estuary, so it gets a wider margin.
  marginDeg: 0.5,
  layer: {
    height: 20,
    getFill: (_p, look) => WATER[look],
    selectedFill: Color.fromCssColorString('#7fd3ff').withAlpha(0.95),
  },
  getId: (p) => p.id,
  info: (p, t, lang) => ({
    title: districtName(p, lang),
    rows: [
      [t('waterArea'), `${p.nameZh} · ${p.nameEn}`],
      [t('width'), `≈ ${p.widthM} m`],
    ],
  }),
});
