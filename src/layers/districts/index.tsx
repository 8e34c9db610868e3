/** The districts layer kind: the city's administrative districts with their names. */
import { z } from 'zod';
import { baseLayerSchema } from '../../config/citySchema.ts';
import type { Lang } from '../../i18n/messages.ts';
import { districtPropsSchema, type DistrictProperties } from '../../sources/basemapSchemas.ts';
import { readyLayerData, type AppState } from '../../state/store.ts';
import { polygonKind, type PolygonData } from '../polygons/polygonKind.tsx';
import { Color } from 'cesium';
import { DISTRICT_COLORS } from '../../legend/districtColors.ts';
import { DistrictControls } from './DistrictControls.tsx';

/** The borders glow cyan on the dark look (the operations screens' 科技感), and read as slate lines by day. */
const BORDER = { dark: Color.fromCssColorString('#3fd5ff'), day: Color.fromCssColorString('#3b4a5c') };
/** A breath of colour on the dark look so that the districts still take a tap; none to speak of by day. */
const QUIET = { dark: Color.fromCssColorString('#3fd5ff').withAlpha(0.035), day: Color.fromCssColorString('#ffffff').withAlpha(0.02) };

const config = baseLayerSchema.extend({ kind: z.literal('districts') });

export type DistrictsData = PolygonData<'districts', DistrictProperties>;

declare module '../../config/citySchema.ts' { interface LayerConfigByKind { districts: z.infer<typeof config> } }
declare module '../../sources/layerLoad.ts' { interface LayerDataByKind { districts: DistrictsData } }

export const districtName = (p: Pick<DistrictProperties, 'nameZh' | 'nameEn'>, lang: Lang): string => (lang === 'zh-CN' ? p.nameZh : p.nameEn);

/** A district's properties by adcode, for other kinds' info rows (a cell's or a sensor's district). */
export function districtOf(s: Pick<AppState, 'layerLoad'>, adcode: string | undefined): DistrictProperties | undefined {
  return readyLayerData(s, 'districts')?.features.find((f) => f.properties.adcode === adcode)?.properties;
}

export const districtsKind = polygonKind({
  kind: 'districts',
  config,
  props: districtPropsSchema,
  layer: {
    height: 10,
    getFill: (p, look) => Color.fromCssColorString(DISTRICT_COLORS[p.adcode] ?? '#8899aa').withAlpha(look === 'dark' ? 0.32 : 0.22),
    quietFill: (look) => QUIET[look],
    selectedFill: Color.fromCssColorString('#ffe066').withAlpha(0.4),
    outline: { color: (look) => BORDER[look], width: 7, glowPower: 0.18 },
    hideFillWhenGroundCovered: true,
    label: {
      position: (p) => p.label,
      text: (p, lang) => (lang === 'zh-CN' ? `${p.nameZh}\n${p.nameEn}` : `${p.nameEn}\n${p.nameZh}`),
    },
  },
  getId: (p) => p.adcode,
  Controls: DistrictControls,
  info: (p, t, lang) => ({
    title: districtName(p, lang),
    rows: [
      [t('district'), `${p.nameZh} · ${p.nameEn}`],
      [t('adcode'), p.adcode],
      [t('area'), `${p.areaKm2.toLocaleString(lang)} km²`],
    ],
  }),
});
