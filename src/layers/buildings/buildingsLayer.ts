import { Cesium3DTileFeature, Cesium3DTileset, Cesium3DTileStyle, Color, SplitDirection, type PrimitiveCollection, type Scene } from 'cesium';
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
  /** Buildings the planner's proposals replace, hidden (in the compare view, on its right-hand side only). */
  hiddenIds: ReadonlySet<string> | null;
  /** The compare view: a second tileset on the right, in its own style; null when off. */
  compare: { rightStyle: BuildingStyleState; leftHides: boolean } | null;
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

/** Hides a set of buildings, over the style's own filter. */
function hide(style: Cesium3DTileStyle, ids: ReadonlySet<string>): void {
  const base = style.show as unknown as { evaluate(feature: Cesium3DTileFeature): boolean };
  (style as unknown as { show: typeof base }).show = {
    evaluate(feature) {
      const id: unknown = feature.getProperty('id');
      return !(typeof id === 'string' && ids.has(id)) && base.evaluate(feature);
    },
  };
}

function makeStyle(props: BuildingsLayerProps, look: BuildingStyleState, hideIds: boolean): Cesium3DTileStyle {
  const style = new Cesium3DTileStyle(buildingStyleJson(look, props.selectedId));
  const ids = props.highlightIds;
  if (ids && ids.size > 0) paintOver(style, ids, Color.fromCssColorString(props.highlightColor), props.selectedId);
  if (hideIds && props.hiddenIds && props.hiddenIds.size > 0) hide(style, props.hiddenIds);
  return style;
}

export function createBuildingsLayer(scene: Scene, root: PrimitiveCollection, url: string, reports: LayerReports): SceneLayer<BuildingsLayerProps> {
  let tileset: Cesium3DTileset | undefined;
  /** The compare view's right-hand side: the same tiles, in the other state or style. */
  let right: Cesium3DTileset | undefined;
  let rightLoading = false;
  const life = lifecycle(scene, root);
  let props: BuildingsLayerProps | null = null;
  /** The props the tileset's style was built from; a new style only when they change. */
  let styled: BuildingsLayerProps | null = null;

  const apply = (): void => {
    if (!tileset || !props) return;
    tileset.show = props.visible;
    const compare = props.compare;
    if (!styled || props.style !== styled.style || props.selectedId !== styled.selectedId || props.highlightIds !== styled.highlightIds || props.highlightColor !== styled.highlightColor || props.hiddenIds !== styled.hiddenIds || compare !== styled.compare) {
      tileset.style = makeStyle(props, props.style, compare ? compare.leftHides : true);
      tileset.splitDirection = compare ? SplitDirection.LEFT : SplitDirection.NONE;
      if (right && compare) right.style = makeStyle(props, compare.rightStyle, true);
      styled = props;
    }
    if (compare && !right && !rightLoading) openRight();
    if (!compare && right) {
      root.remove(right);
      right = undefined;
    }
    if (right) right.show = props.visible;
    scene.requestRender();
  };

  const openRight = (): void => {
    rightLoading = true;
    Cesium3DTileset.fromUrl(url, { maximumScreenSpaceError: 16, enableCollision: false })
      .then((ts) => {
        rightLoading = false;
        if (life.isDestroyed() || !props?.compare || right) return ts.destroy();
        right = root.add(ts) as Cesium3DTileset;
        ts.splitDirection = SplitDirection.RIGHT;
        ts.style = makeStyle(props, props.compare.rightStyle, true);
        apply();
      })
      .catch((e: unknown) => {
        rightLoading = false;
        reports.error(e instanceof Error ? e.message : String(e));
      });
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
      if (!(picked instanceof Cesium3DTileFeature) || (picked.tileset !== tileset && picked.tileset !== right)) return undefined;
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
