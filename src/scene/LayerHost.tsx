import { useEffect, useRef } from 'react';
import { useCesium } from 'resium';
import { Cartesian2, Cartographic, Math as CesiumMath, PrimitiveCollection, ScreenSpaceEventHandler, ScreenSpaceEventType, type Scene } from 'cesium';
import type { LayerView, SceneLayer } from '../layers/sceneLayer.ts';
import { createDistrictsLayer } from '../layers/districts/districtsLayer.ts';
import { createWaterLayer } from '../layers/water/waterLayer.ts';
import { createBuildingsLayer } from '../layers/buildings/buildingsLayer.ts';
import { createGridLayer } from '../layers/grid/gridLayer.ts';
import { createSensorLayer } from '../layers/sensors/sensorLayer.ts';
import { createFloodLayer } from '../layers/flood/floodLayer.ts';
import { FLOOD_SENSOR_KINDS } from '../live/floodSensors.ts';
import { FLOODED_BUILDING_COLOR, OVER_LIMIT_COLOR } from '../legend/buildingStyle.ts';
import { createDrawingLayer } from '../layers/drawings/drawingLayer.ts';
import { viewOfArea } from './viewOfArea.ts';
import { gridValues } from '../state/gridValues.ts';
import { useAppStore, type AppState } from '../state/store.ts';
import type { LayerData } from '../sources/layerLoad.ts';

function createLayer(scene: Scene, root: PrimitiveCollection, layerId: string, data: LayerData): SceneLayer {
  switch (data.kind) {
    case 'districts':
      return createDistrictsLayer(scene, root, layerId, data.features);
    case 'water':
      return createWaterLayer(scene, root, layerId, data.features);
    case 'grid':
      return createGridLayer(scene, root, layerId, data.loaded, data.cellIds);
    case 'sensors':
      return createSensorLayer(scene, root, layerId, data.table);
    case 'flood':
      return createFloodLayer(scene, root, layerId, data.facilities);
    case 'buildings': {
      let peak = 0;
      return createBuildingsLayer(scene, root, data.url, {
        onPending: (pending) => {
          peak = pending === 0 ? 0 : Math.max(peak, pending);
          useAppStore.getState().setSceneStatus({ modelPending: pending, modelPeak: peak });
        },
        onError: (message) => useAppStore.getState().setLayerLoad(layerId, { state: 'error', message }),
      });
    }
  }
}

/** Which buildings to paint over: the flooded ones in the flood view, else those over the planner's height limit. */
const overLimitSets = new WeakMap<object, ReadonlySet<string>>();
function buildingHighlight(state: AppState): LayerView['buildingHighlight'] {
  if (state.mode === 'flood') return state.flood.buildings ? { ids: state.flood.buildings, color: FLOODED_BUILDING_COLOR } : null;
  const result = state.planner.result;
  if (!result || result.heightLimitM === null) return null;
  let ids = overLimitSets.get(result);
  if (!ids) {
    ids = new Set(result.overLimit.map((b) => b.id));
    overLimitSets.set(result, ids);
  }
  return { ids, color: OVER_LIMIT_COLOR };
}

/** The planner's shapes: a layer of the app, not of the city's config. */
const DRAWINGS = 'drawings';

function viewOf(state: AppState, layerId: string): LayerView {
  return {
    visible: state.layerVisible[layerId] ?? false,
    lang: state.lang,
    selectedId: state.selection?.layerId === layerId ? state.selection.featureId : null,
    hoveredId: state.hover?.layerId === layerId ? state.hover.featureId : null,
    buildingStyle: state.buildingStyle,
    gridMetric: state.gridMetric,
    gridValues: gridValues(state),
    gridVisible: (state.city?.layers ?? []).some((l) => l.kind === 'grid' && state.layerVisible[l.id]),
    flood: state.mode === 'flood' && state.flood.result ? { image: state.flood.result.image, shelterFlooded: state.flood.result.shelterFlooded, seq: state.flood.seq } : null,
    buildingHighlight: buildingHighlight(state),
    drawings: { shapes: state.planner.shapes, draft: state.planner.draft, active: state.planner.active },
    sensorKinds: state.mode === 'flood' ? FLOOD_SENSOR_KINDS : null,
    replay: state.replay.table && state.replay.at !== null ? { table: state.replay.table, at: state.replay.at } : null,
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
  const layers = useRef(new Map<string, SceneLayer>());

  useEffect(() => {
    if (!scene) return;
    const live = layers.current;
    live.set(DRAWINGS, createDrawingLayer(scene, DRAWINGS));
    const slots = new Map<string, PrimitiveCollection>();
    const sync = (state: AppState): void => {
      const order = state.city?.layers ?? [];
      for (const cfg of order) if (!slots.has(cfg.id)) slots.set(cfg.id, scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection);
      for (const cfg of order) {
        const load = state.layerLoad[cfg.id];
        if (!live.has(cfg.id) && load?.state === 'ready' && state.layerVisible[cfg.id]) live.set(cfg.id, createLayer(scene, slots.get(cfg.id)!, cfg.id, load.data));
      }
      for (const [id, layer] of live) layer.update(viewOf(state, id));
    };
    sync(useAppStore.getState());
    const unsubscribe = useAppStore.subscribe((state, prev) => {
      if (
        state.layerLoad !== prev.layerLoad ||
        state.layerVisible !== prev.layerVisible ||
        state.lang !== prev.lang ||
        state.selection !== prev.selection ||
        state.hover !== prev.hover ||
        state.gridMetric !== prev.gridMetric ||
        state.gridStats !== prev.gridStats ||
        state.mode !== prev.mode ||
        state.planner !== prev.planner ||
        state.flood.seq !== prev.flood.seq ||
        state.replay.at !== prev.replay.at ||
        state.liveCellCounts !== prev.liveCellCounts ||
        state.buildingStyle !== prev.buildingStyle
      ) {
        sync(state);
      }
    });

    const handler = new ScreenSpaceEventHandler(scene.canvas);
    handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      const store = useAppStore.getState();
      if (store.planner.tool) {
        // Drawing: a tap places a vertex on the ground instead of selecting.
        const ground = scene.camera.pickEllipsoid(e.position);
        if (ground) {
          const c = Cartographic.fromCartesian(ground);
          store.addVertex(CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude));
        }
        return;
      }
      const picked: unknown = scene.pick(e.position);
      for (const [layerId, layer] of [...live].toReversed()) {
        const hit = layer.pick(picked, e.position);
        if (hit && layerId === DRAWINGS) return store.setPlanner({ active: hit.featureId });
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
        for (const [layerId, layer] of [...live].toReversed()) {
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
      for (const layer of live.values()) layer.destroy();
      live.clear();
      // Slots of layers never shown; a layer's destroy removed its own.
      for (const slot of slots.values()) if (!slot.isDestroyed()) scene.primitives.remove(slot);
    };
  }, [scene]);

  return null;
}
