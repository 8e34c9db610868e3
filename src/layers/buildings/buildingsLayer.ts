import { Cesium3DTileColorBlendMode, Cesium3DTileFeature, Cesium3DTileset, Cesium3DTileStyle, Color, SplitDirection, type PrimitiveCollection, type Scene } from 'cesium';
import type { LayerReports, PickResult, SceneLayer } from '../layerKind.ts';
import { buildingStyleJson, type BuildingStyleState } from '../../legend/buildingStyle.ts';
import { lifecycle } from '../lifecycle.ts';
import { PERF_MARKS } from '../../perf/marks.ts';
import type { Look } from '../../legend/look.ts';
import { createNightShader } from './nightShader.ts';


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
  /** The compare view: the right-hand side's style, and whether the left hides the demolition set; null when off. */
  compare: { rightStyle: BuildingStyleState; leftHides: boolean } | null;
  look: Look;
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
  const style = new Cesium3DTileStyle(buildingStyleJson(look, props.selectedId, props.look));
  const ids = props.highlightIds;
  if (ids && ids.size > 0) paintOver(style, ids, Color.fromCssColorString(props.highlightColor), props.selectedId);
  if (hideIds && props.hiddenIds && props.hiddenIds.size > 0) hide(style, props.hiddenIds);
  return style;
}

export function createBuildingsLayer(scene: Scene, root: PrimitiveCollection, url: string, reports: LayerReports): SceneLayer<BuildingsLayerProps> {
  let tileset: Cesium3DTileset | undefined;
  /** The compare view's two sides, each a tileset of its own made with its split side; the main one is hidden meanwhile. */
  let sides: { left: Cesium3DTileset; right: Cesium3DTileset } | null = null;
  let sidesLoading = false;
  let nightShader: ReturnType<typeof createNightShader> | undefined;
  const life = lifecycle(scene, root, () => nightShader?.destroy());
  /** Tiles pending per tileset: the layer reports their sum. */
  const pending = new Map<Cesium3DTileset, number>();
  const track = (ts: Cesium3DTileset): void => {
    ts.loadProgress.addEventListener((waiting: number, processing: number) => {
      pending.set(ts, waiting + processing);
      reports.pending([...pending.values()].reduce((a, b) => a + b, 0));
    });
  };
  // One shader (nightShader) for every tileset of the layer, main and compare sides, made on the first dark frame.
  /** The dark look's shader and blend on a tileset, or the day's plain, sunlit material. */
  const light = (ts: Cesium3DTileset, look: Look): void => {
    if (look === 'dark') nightShader ??= createNightShader();
    ts.customShader = look === 'dark' ? nightShader : undefined;
    // REPLACE hands the style's colour to the shader as the material; by day it tints the white material.
    ts.colorBlendMode = look === 'dark' ? Cesium3DTileColorBlendMode.REPLACE : Cesium3DTileColorBlendMode.HIGHLIGHT;
  };
  let props: BuildingsLayerProps | null = null;
  /** The props the tilesets' styles were built from; new styles only when they change. */
  let styled: BuildingsLayerProps | null = null;

  const apply = (): void => {
    if (!tileset || !props) return;
    const compare = props.compare;
    tileset.show = props.visible && !sides;
    if (!styled || props.style !== styled.style || props.selectedId !== styled.selectedId || props.highlightIds !== styled.highlightIds || props.highlightColor !== styled.highlightColor || props.hiddenIds !== styled.hiddenIds || compare !== styled.compare || props.look !== styled.look) {
      for (const ts of sides ? [tileset, sides.left, sides.right] : [tileset]) light(ts, props.look);
      tileset.style = makeStyle(props, props.style, true);
      if (sides && compare) {
        sides.left.style = makeStyle(props, props.style, compare.leftHides);
        sides.right.style = makeStyle(props, compare.rightStyle, true);
      }
      styled = props;
    }
    if (compare && !sides && !sidesLoading) openSides();
    if (!compare && sides) {
      for (const ts of [sides.left, sides.right]) {
        pending.delete(ts);
        root.remove(ts);
      }
      sides = null;
      tileset.show = props.visible;
    }
    if (sides) sides.left.show = sides.right.show = props.visible;
    scene.requestRender();
  };

  const openSide = (side: 'left' | 'right'): Promise<Cesium3DTileset> => {
    // A URL of its own (the query travels to every tile): each side loads and styles its own
    // tiles, apart from the main tileset's.
    const own = new URL(url, window.location.href);
    own.searchParams.set('side', side);
    return Cesium3DTileset.fromUrl(own.href, { maximumScreenSpaceError: 16, enableCollision: false, splitDirection: side === 'left' ? SplitDirection.LEFT : SplitDirection.RIGHT });
  };

  const openSides = (): void => {
    sidesLoading = true;
    Promise.all([openSide('left'), openSide('right')])
      .then(([left, right]) => {
        sidesLoading = false;
        if (life.isDestroyed() || !props?.compare || sides) {
          left.destroy();
          right.destroy();
          return;
        }
        for (const ts of [left, right]) {
          root.add(ts);
          track(ts);
          // The two sides' tiles come out paler until both are styled once more after either has
          // loaded a view (seen in Chromium, Cesium 1.145; not in the main tileset alone).
          ts.allTilesLoaded.addEventListener(() => {
            left.makeStyleDirty();
            right.makeStyleDirty();
            scene.requestRender();
          });
        }
        sides = { left, right };
        styled = null;
        apply();
      })
      .catch((e: unknown) => {
        sidesLoading = false;
        reports.error(e instanceof Error ? e.message : String(e));
      });
  };

  Cesium3DTileset.fromUrl(url, { maximumScreenSpaceError: 16, enableCollision: false })
    .then((ts) => {
      if (life.isDestroyed()) return ts.destroy();
      tileset = root.add(ts) as Cesium3DTileset;
      track(ts);
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
      if (!(picked instanceof Cesium3DTileFeature) || (picked.tileset !== tileset && picked.tileset !== sides?.left && picked.tileset !== sides?.right)) return undefined;
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
