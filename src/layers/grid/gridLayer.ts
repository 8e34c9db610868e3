import {
  BoundingSphere,
  Color,
  ColorGeometryInstanceAttribute,
  ComponentDatatype,
  Geometry,
  GeometryAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  Primitive,
  PrimitiveCollection,
  PrimitiveType,
  type Scene,
} from 'cesium';
import type { GridLoaded } from '../../workers/analysisProtocol.ts';
import type { LayerView, PickResult, SceneLayer } from '../sceneLayer.ts';
import { classColor, classify, SPARSE_METRICS } from './choropleth.ts';
import { pickInstance, type InstanceId } from '../instanceId.ts';

/** A performance mark the tests and benchmarks read. */
const GRID_READY_MARK = 'canton-twin:grid-ready';
const GRID_STATS_MARK = 'canton-twin:grid-stats';

interface PickId extends InstanceId {
  cell: number;
}

const SELECTED = Color.fromCssColorString('#00e5ff').withAlpha(0.85);
const HOVERED = Color.fromCssColorString('#ffffff').withAlpha(0.6);
const ALPHA = 0.8;

/**
 * All grid cells as one batched fill primitive (one geometry instance per cell, triangulated in
 * the analysis worker) plus one line primitive for every edge. Colours change in place through
 * per-instance attributes; the geometry is built once.
 */
export function createGridLayer(scene: Scene, layerId: string, data: GridLoaded, cellIds: readonly string[]): SceneLayer {
  const { mesh, cellCount } = data;
  const collection = scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const ids: PickId[] = Array.from({ length: cellCount }, (_, cell) => ({ layerId, featureId: cellIds[cell]!, cell }));
  const cellOf = new Map(ids.map((id) => [id.featureId, id.cell]));
  const instances = ids.map((id, c) => {
    const v0 = mesh.vertexStart[c]!;
    const v1 = mesh.vertexStart[c + 1]!;
    const positions = mesh.positions.subarray(3 * v0, 3 * v1);
    const indices = mesh.indices.slice(mesh.indexStart[c]!, mesh.indexStart[c + 1]!);
    for (let k = 0; k < indices.length; k++) indices[k]! -= v0;
    return new GeometryInstance({
      id,
      geometry: new Geometry({
        attributes: { position: new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values: positions }) } as never,
        indices,
        primitiveType: PrimitiveType.TRIANGLES,
        boundingSphere: BoundingSphere.fromVertices(positions as unknown as number[]),
      }),
      attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.GRAY.withAlpha(ALPHA)) },
    });
  });
  const fills = collection.add(
    // Prebuilt geometries cannot go to Cesium's geometry workers; the triangulation already
    // happened in the analysis worker, so only batching is left for this thread.
    new Primitive({ geometryInstances: instances, appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }), compressVertices: false, asynchronous: false }),
  ) as Primitive;
  collection.add(
    new Primitive({
      geometryInstances: new GeometryInstance({
        geometry: new Geometry({
          attributes: { position: new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values: mesh.outline }) } as never,
          primitiveType: PrimitiveType.LINES,
          boundingSphere: BoundingSphere.fromVertices(Array.from(mesh.outline.subarray(0, Math.min(mesh.outline.length, 30_000)))),
        }),
        attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.WHITE.withAlpha(0.35)) },
      }),
      appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
      compressVertices: false,
      asynchronous: false,
    }),
  );

  let view: LayerView | null = null;
  let attrs: { color: Uint8Array }[] | null = null;
  let colors: Color[] = [];
  let appliedKey = '';
  let appliedValues: LayerView['gridValues'] = null;
  let marked = false;

  const colour = (c: number): Color => {
    if (view?.selectedId === ids[c]!.featureId) return SELECTED;
    if (view?.hoveredId === ids[c]!.featureId) return HOVERED;
    return colors[c] ?? Color.GRAY;
  };

  // Instance attributes exist once the primitive is ready; cache them in cell order, which
  // Cesium looks up in linear time.
  const apply = (): void => {
    if (!view || !fills.ready) return;
    attrs ??= ids.map((id) => fills.getGeometryInstanceAttributes(id) as { color: Uint8Array });
    const key = `${view.gridMetric}|${view.selectedId}|${view.hoveredId}`;
    if (key === appliedKey && view.gridValues === appliedValues) return;
    const metricChanged = !appliedKey.startsWith(`${view.gridMetric}|`) || view.gridValues !== appliedValues;
    if (metricChanged) {
      const { breaks, classOf } = view.gridValues ? classify(view.gridValues) : { breaks: [], classOf: new Uint8Array(cellCount) };
      // Until the statistics arrive, every cell shows in the "none" colour.
      const sparse = SPARSE_METRICS.includes(view.gridMetric);
      // One Color per class, shared by its cells: parsing a CSS colour per cell costs more than the rest.
      const palette = Array.from({ length: breaks.length + 1 }, (_, k) => Color.fromCssColorString(classColor(k, breaks.length)).withAlpha(k === 0 && sparse ? 0 : ALPHA));
      colors = Array.from(classOf, (k) => palette[k]!);
      for (let c = 0; c < cellCount; c++) attrs[c]!.color = ColorGeometryInstanceAttribute.toValue(colour(c), attrs[c]!.color);
    } else {
      // Only the cells whose highlight changed.
      const [, prevSelected, prevHovered] = appliedKey.split('|');
      for (const id of [prevSelected, prevHovered, view.selectedId, view.hoveredId]) {
        const c = cellOf.get(id ?? '');
        if (c !== undefined) attrs[c]!.color = ColorGeometryInstanceAttribute.toValue(colour(c), attrs[c]!.color);
      }
    }
    appliedKey = key;
    appliedValues = view.gridValues;
    scene.requestRender();
  };
  const removePreRender = scene.preRender.addEventListener(apply);
  let statsMarked = false;
  const removePostRender = scene.postRender.addEventListener(() => {
    if (!marked && fills.ready && appliedKey) {
      marked = true;
      performance.mark(GRID_READY_MARK);
    }
    if (!statsMarked && appliedValues) {
      statsMarked = true;
      performance.mark(GRID_STATS_MARK);
    }
  });

  return {
    update(v) {
      view = v;
      collection.show = v.visible;
      apply();
      scene.requestRender();
    },
    pick: (picked): PickResult | undefined => pickInstance(picked, layerId),
    destroy() {
      removePreRender();
      removePostRender();
      scene.primitives.remove(collection);
      scene.requestRender();
    },
  };
}
