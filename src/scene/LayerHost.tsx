import { useEffect } from 'react';
import { useCesium } from 'resium';
import { Cartesian2, Cartographic, Math as CesiumMath, PrimitiveCollection, ScreenSpaceEventHandler, ScreenSpaceEventType } from 'cesium';
import type { LayerReports, PickResult, SceneLayer } from '../layers/layerKind.ts';
import { APP_LAYERS, layerKind } from '../registry/layerKinds.ts';
import { viewOfArea } from './viewOfArea.ts';
import { useAppStore, type AppState } from '../state/store.ts';

/** A layer in the scene with the props it was last given. */
interface Hosted {
  layer: SceneLayer<unknown>;
  props: unknown;
  select: (state: AppState, groundCovered: boolean) => unknown;
  /** An app layer's own answer to a tap, instead of a selection. */
  onPick?: (hit: PickResult, state: AppState) => void;
}

/** Props objects are flat: a layer updates when any field is a different value or object. */
function sameProps(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

function reportsFor(layerId: string): LayerReports {
  let peak = 0;
  return {
    pending: (pending) => {
      peak = pending === 0 ? 0 : Math.max(peak, pending);
      useAppStore.getState().setSceneStatus({ modelPending: pending, modelPeak: peak });
    },
    error: (message) => useAppStore.getState().setLayerLoad(layerId, { state: 'error', message }),
  };
}

/**
 * Creates a scene layer when its data is ready and it is first shown, feeds it state, and routes
 * picks to it. A hidden layer costs nothing at start-up: no geometry, no shaders to compile (under
 * software WebGL each shader is a few hundred milliseconds). Each layer draws into a slot made in
 * config order, so later layers draw over earlier ones whenever they are created.
 */
export function LayerHost() {
  const { scene } = useCesium();

  useEffect(() => {
    if (!scene) return;
    const live = new Map<string, Hosted>();
    for (const app of APP_LAYERS) live.set(app.id, { layer: app.create(scene), props: null, select: (s) => app.props(s), onPick: app.onPick });
    const slots = new Map<string, PrimitiveCollection>();
    const sync = (state: AppState): void => {
      const order = state.city?.layers ?? [];
      for (const cfg of order) if (!slots.has(cfg.id)) slots.set(cfg.id, scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection);
      for (const cfg of order) {
        const load = state.layerLoad[cfg.id];
        if (live.has(cfg.id) || load?.state !== 'ready' || !state.layerVisible[cfg.id]) continue;
        const kind = layerKind(cfg.kind);
        const data = load.data;
        const layer = kind.create({ scene, root: slots.get(cfg.id)!, layerId: cfg.id, reports: reportsFor(cfg.id) }, data, cfg);
        live.set(cfg.id, { layer, props: null, select: (s, groundCovered) => kind.props(s, cfg.id, data, { groundCovered }, cfg) });
      }
      const groundCovered = order.some((l) => state.layerVisible[l.id] && layerKind(l.kind).coversGround === true);
      for (const hosted of live.values()) {
        const next = hosted.select(state, groundCovered);
        if (sameProps(next, hosted.props)) continue;
        const old = hosted.props;
        hosted.props = next;
        hosted.layer.update(next, old);
      }
    };
    sync(useAppStore.getState());
    const unsubscribe = useAppStore.subscribe(sync);

    const handler = new ScreenSpaceEventHandler(scene.canvas);
    handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      const store = useAppStore.getState();
      // Placing an imported model, or drawing: the tap is a place on the ground, not a selection.
      const place = store.proposals.placing ? store.placeAt : store.planner.tool ? store.addVertex : null;
      if (place) {
        const ground = scene.camera.pickEllipsoid(e.position);
        if (ground) {
          const c = Cartographic.fromCartesian(ground);
          place(CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude));
        }
        return;
      }
      const picked: unknown = scene.pick(e.position);
      for (const [layerId, { layer, onPick }] of [...live].toReversed()) {
        const hit = layer.pick(picked, e.position);
        if (hit && onPick) return onPick(hit, store);
        if (hit?.zoomTo) return useAppStore.getState().commandCamera({ kind: 'view', view: viewOfArea(hit.zoomTo, useAppStore.getState().heading) });
        if (hit) return useAppStore.getState().select({ layerId, featureId: hit.featureId, properties: hit.properties });
      }
      useAppStore.getState().select(null);
    }, ScreenSpaceEventType.LEFT_CLICK);

    // Hover highlight for mice; picks at most once per animation frame.
    let hoverFrame = 0;
    let hoverAt: Cartesian2 | null = null;
    handler.setInputAction((e: ScreenSpaceEventHandler.MotionEvent) => {
      hoverAt = Cartesian2.clone(e.endPosition);
      if (hoverFrame) return;
      hoverFrame = requestAnimationFrame(() => {
        hoverFrame = 0;
        if (!hoverAt) return;
        const picked: unknown = scene.pick(hoverAt);
        const store = useAppStore.getState();
        for (const [layerId, { layer }] of [...live].toReversed()) {
          const hit = layer.pick(picked, hoverAt);
          if (hit && !hit.zoomTo) {
            if (store.hover?.layerId !== layerId || store.hover.featureId !== hit.featureId) store.setHover({ layerId, featureId: hit.featureId });
            return;
          }
        }
        if (store.hover) store.setHover(null);
      });
    }, ScreenSpaceEventType.MOUSE_MOVE);

    return () => {
      unsubscribe();
      cancelAnimationFrame(hoverFrame);
      handler.destroy();
      for (const { layer } of live.values()) layer.destroy();
      live.clear();
      // Slots of layers never shown; a layer's destroy removed its own.
      for (const slot of slots.values()) if (!slot.isDestroyed()) scene.primitives.remove(slot);
    };
  }, [scene]);

  return null;
}
