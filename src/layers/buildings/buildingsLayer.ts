import { Cesium3DTileFeature, Cesium3DTileset, Cesium3DTileStyle, Color, type PrimitiveCollection, type Scene } from 'cesium';
import type { LayerReports, PickResult, SceneLayer } from '../layerKind.ts';
import { buildingStyleJson, type BuildingStyleState } from '../../legend/buildingStyle.ts';
import { lifecycle } from '../lifecycle.ts';
import { PERF_MARKS } from '../../perf/marks.ts';


/** Properties copied out of a picked feature for the info panel. */
const PICKED_PROPERTIES = ['id', 'name', 'height', 'floors', 'use', 'year', 'district'] as const;

export interface BuildingsLayerProps {
  visible: boolean;
  style: BuildingStyleState;
  selectedId: string | null;
  /** Buildings to paint over the style (flooded, or over a height limit), null for none, and their colour. */
  highlightIds: ReadonlySet<string> | null;
  highlightColor: string;
}

/**
 * The city model: one Cesium3DTileset, styled and filtered by a Cesium3DTileStyle built from
 * state. The selected building is highlighted by the style itself, so a tile that reloads keeps
 * the highlight.
 */
/**
 * Paints a set of buildings (flooded, over a height limit) over the style's own colours. A set
 * lookup per feature: a style expression with thousands of ids would be parsed and evaluated far
 * more slowly.
 */
function paintOver(style: Cesium3DTileStyle, ids: ReadonlySet<string>, color: Color, selectedId: string | null): void {
  const base = style.color as unknown as { evaluateColor(feature: Cesium3DTileFeature, result?: Color): Color };
  (style as unknown as { color: typeof base }).color = {
    evaluateColor(feature, result) {
      const id: unknown = feature.getProperty('id');
      return typeof id === 'string' && id !== selectedId && ids.has(id) ? Color.clone(color, result) : base.evaluateColor(feature, result);
    },
  };
}

export function createBuildingsLayer(scene: Scene, root: PrimitiveCollection, url: string, reports: LayerReports): SceneLayer<BuildingsLayerProps> {
  let tileset: Cesium3DTileset | undefined;
  const life = lifecycle(scene, root);
  let props: BuildingsLayerProps | null = null;
  /** The props the tileset's style was built from; a new style only when they change. */
  let styled: BuildingsLayerProps | null = null;

  const apply = (): void => {
    if (!tileset || !props) return;
    tileset.show = props.visible;
    if (!styled || props.style !== styled.style || props.selectedId !== styled.selectedId || props.highlightIds !== styled.highlightIds || props.highlightColor !== styled.highlightColor) {
      const style = new Cesium3DTileStyle(buildingStyleJson(props.style, props.selectedId));
      const ids = props.highlightIds;
      if (ids && ids.size > 0) paintOver(style, ids, Color.fromCssColorString(props.highlightColor), props.selectedId);
      tileset.style = style;
      styled = props;
    }
    scene.requestRender();
  };

  Cesium3DTileset.fromUrl(url, { maximumScreenSpaceError: 16, enableCollision: false })
    .then((ts) => {
      if (life.isDestroyed()) return ts.destroy();
      tileset = root.add(ts) as Cesium3DTileset;
      ts.loadProgress.addEventListener((pending: number, processing: number) => reports.pending(pending + processing));
      ts.initialTilesLoaded.addEventListener(() => {
        if (performance.getEntriesByName(PERF_MARKS.buildingsFirstView).length === 0) performance.mark(PERF_MARKS.buildingsFirstView);
      });
      ts.tileFailed.addEventListener((e: { url: string; message: string }) => reports.error(`${e.url}: ${e.message}`));
      apply();
    })
    .catch((e: unknown) => reports.error(e instanceof Error ? e.message : String(e)));

  return {
    update(next) {
      props = next;
      apply();
    },
    pick(picked): PickResult | undefined {
      if (!(picked instanceof Cesium3DTileFeature) || picked.tileset !== tileset) return undefined;
      const properties: Record<string, string | number> = {};
      for (const name of PICKED_PROPERTIES) {
        const v: unknown = picked.getProperty(name);
        if (typeof v === 'string' || typeof v === 'number') properties[name] = v;
      }
      return typeof properties.id === 'string' ? { featureId: properties.id, properties } : undefined;
    },
    ...life,
  };
}
