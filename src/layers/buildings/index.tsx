/** The buildings layer kind: the city model as 3D Tiles, styled, filtered and picked in the scene. */
import { z } from 'zod';
import { BUILDING_USES, type BuildingUse } from '../../analysis/buildingUses.ts';
import { baseLayerSchema } from '../../config/citySchema.ts';
import { FLOODED_BUILDING_COLOR, OVER_LIMIT_COLOR, type BuildingStyleState as BuildingStyle } from '../../legend/buildingStyle.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { InfoContent } from '../../ui/InfoContent.tsx';
import { districtName, districtOf } from '../districts/index.tsx';
import type { DataOf, InfoProps, LayerKind } from '../layerKind.ts';
import { isVisible, selectedIn } from '../layerProps.ts';
import { BuildingControls } from './BuildingControls.tsx';
import { createBuildingsLayer, type BuildingsLayerProps } from './buildingsLayer.ts';

const config = baseLayerSchema.extend({ kind: z.literal('buildings') });


declare module '../../config/citySchema.ts' { interface LayerConfigByKind { buildings: z.infer<typeof config> } }
/** The tileset streams in the scene layer, which reports its own progress and errors. */
declare module '../../sources/layerLoad.ts' { interface LayerDataByKind { buildings: { kind: 'buildings'; url: string; } } }
export type BuildingsData = DataOf<'buildings'>;

const isBuildingUse = (u: string): u is BuildingUse => (BUILDING_USES as readonly string[]).includes(u);

/** Which buildings to paint over: the flooded ones in the flood view, else those over the planner's height limit. */
const overLimitSets = new WeakMap<object, ReadonlySet<string>>();
function highlightIds(s: AppState): ReadonlySet<string> | null {
  if (s.mode === 'flood') return s.flood.buildings;
  const result = s.planner.result;
  if (!result || result.heightLimitM === null) return null;
  let ids = overLimitSets.get(result);
  if (!ids) {
    ids = new Set(result.overLimit.map((b) => b.id));
    overLimitSets.set(result, ids);
  }
  return ids;
}

/** The planner's demolition set, as one set per list. */
const demolishedSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function demolishedSet(s: AppState): ReadonlySet<string> | null {
  const ids = s.proposals.demolished;
  if (ids.length === 0) return null;
  let set = demolishedSets.get(ids);
  if (!set) {
    set = new Set(ids);
    demolishedSets.set(ids, set);
  }
  return set;
}

/** The compare view's sides: today (left) against the proposals (right), or the buildings by use against by year. */
const compareCache = new WeakMap<object, BuildingsLayerProps['compare']>();
function compareSides(s: AppState): BuildingsLayerProps['compare'] {
  const mode = s.proposals.compare;
  if (mode === 'none') return null;
  const rightStyle: BuildingStyle = mode === 'proposed' ? s.buildingStyle : { ...s.buildingStyle, colorBy: s.buildingStyle.colorBy === 'year' ? 'use' : 'year' };
  // One object per style and mode, so that the layer sees a change only when there is one.
  const key = s.buildingStyle;
  const cached = compareCache.get(key);
  if (cached && cached.leftHides === (mode === 'style') && (mode === 'proposed' ? cached.rightStyle === key : cached.rightStyle !== key)) return cached;
  const sides = { rightStyle, leftHides: mode === 'style' };
  compareCache.set(key, sides);
  return sides;
}

/** A building's rows come with the pick: its attributes live only in the tiles. */
function BuildingInfo({ selection, t, lang }: InfoProps<BuildingsData>) {
  const p = selection.properties ?? {};
  const district = useAppStore((s) => districtOf(s, typeof p.district === 'string' ? p.district : undefined));
  const use = typeof p.use === 'string' && isBuildingUse(p.use) ? t(`use_${p.use}`) : t('unknown');
  const height = typeof p.height === 'number' ? `${p.height.toFixed(1)} m` : t('unknown');
  return (
    <InfoContent
      info={{
        title: typeof p.name === 'string' && p.name ? p.name : `${t('building')} ${selection.featureId}`,
        rows: [
          [t('buildingId'), selection.featureId],
          [t('height'), height],
          [t('floors'), String(p.floors ?? t('unknown'))],
          [t('use'), use],
          [t('year'), typeof p.year === 'number' && p.year > 0 ? String(p.year) : t('unknown')],
          [t('district'), district ? districtName(district, lang) : String(p.district ?? t('unknown'))],
        ],
      }}
    />
  );
}

export const buildingsKind: LayerKind<'buildings', BuildingsLayerProps> = {
  kind: 'buildings',
  config,
  load: (_cfg, ctx) => Promise.resolve({ state: 'ready', report: { accepted: 0, repaired: 0, rejected: {}, examples: [] }, data: { kind: 'buildings', url: ctx.url } }),
  create: (ctx, data) => createBuildingsLayer(ctx.scene, ctx.root, data.url, ctx.reports),
  props: (s, layerId) => ({
    visible: isVisible(s, layerId),
    style: s.buildingStyle,
    selectedId: selectedIn(s, layerId),
    highlightIds: highlightIds(s),
    highlightColor: s.mode === 'flood' ? FLOODED_BUILDING_COLOR : OVER_LIMIT_COLOR,
    hiddenIds: demolishedSet(s),
    compare: compareSides(s),
    look: s.look,
  }),
  Info: BuildingInfo,
  Controls: BuildingControls,
  busy: (s) => s.scene.modelPending > 0,
};
