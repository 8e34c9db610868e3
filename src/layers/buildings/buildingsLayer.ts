import { Cesium3DTileFeature, Cesium3DTileset, Cesium3DTileStyle, Color, type PrimitiveCollection, type Scene } from 'cesium';
import type { LayerView, PickResult, SceneLayer } from '../sceneLayer.ts';
import { buildingStyleJson } from '../../legend/buildingStyle.ts';

/** A performance mark the tests and benchmarks read. */
const BUILDINGS_FIRST_VIEW_MARK = 'canton-twin:buildings-first-view';

/** Properties copied out of a picked feature for the info panel. */
const PICKED_PROPERTIES = ['id', 'name', 'height', 'floors', 'use', 'year', 'district'] as const;

export interface BuildingsLayerEvents {
  /** Tiles requested or processing; 0 when the view is complete. */
  onPending: (pending: number) => void;
  onError: (message: string) => void;
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

export function createBuildingsLayer(scene: Scene, root: PrimitiveCollection, url: string, events: BuildingsLayerEvents): SceneLayer {
  let tileset: Cesium3DTileset | undefined;
  let destroyed = false;
  let last: LayerView | undefined;
  let appliedStyleKey = '';
  let appliedHighlight: LayerView['buildingHighlight'] = null;

  const apply = (): void => {
    if (!tileset || !last) return;
    tileset.show = last.visible;
    const json = buildingStyleJson(last.buildingStyle, last.selectedId);
    const key = JSON.stringify(json);
    const highlight = last.buildingHighlight;
    if (key !== appliedStyleKey || highlight?.ids !== appliedHighlight?.ids) {
      const style = new Cesium3DTileStyle(json);
      if (highlight && highlight.ids.size > 0) paintOver(style, highlight.ids, Color.fromCssColorString(highlight.color), last.selectedId);
      tileset.style = style;
      appliedStyleKey = key;
      appliedHighlight = highlight;
    }
    scene.requestRender();
  };

  Cesium3DTileset.fromUrl(url, { maximumScreenSpaceError: 16, enableCollision: false })
    .then((ts) => {
      if (destroyed) return ts.destroy();
      tileset = root.add(ts) as Cesium3DTileset;
      ts.loadProgress.addEventListener((pending: number, processing: number) => events.onPending(pending + processing));
      ts.initialTilesLoaded.addEventListener(() => {
        if (performance.getEntriesByName(BUILDINGS_FIRST_VIEW_MARK).length === 0) performance.mark(BUILDINGS_FIRST_VIEW_MARK);
      });
      ts.tileFailed.addEventListener((e: { url: string; message: string }) => events.onError(`${e.url}: ${e.message}`));
      apply();
    })
    .catch((e: unknown) => events.onError(e instanceof Error ? e.message : String(e)));

  return {
    update(view) {
      last = view;
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
    destroy() {
      destroyed = true;
      scene.primitives.remove(root);
      scene.requestRender();
    },
  };
}
