import { Cartesian2, Color, Ellipsoid, Material, Math as CesiumMath, PrimitiveCollection, PrimitiveType, type Scene } from 'cesium';
import { GridIndex } from '../../analysis/gridIndex.ts';
import type { GridLoaded } from '../../analysis/worker/analysisProtocol.ts';
import type { PickResult, SceneLayer } from '../layerKind.ts';
import { SPARSE_METRICS, type GridMetric } from '../../config/gridMetrics.ts';
import { classesFor, metricColor } from '../../legend/choropleth.ts';
import { PERF_MARKS } from '../../perf/marks.ts';
import { colourSheet, colourTable, TABLE_WIDTH } from '../colourSheet.ts';
import { frameScheduler } from '../frameScheduler.ts';
import { lifecycle } from '../lifecycle.ts';

export interface GridLayerProps {
  visible: boolean;
  metric: GridMetric;
  /** The chosen statistic per cell, null until it is known. */
  values: ArrayLike<number> | null;
  selectedId: string | null;
  hoveredId: string | null;
}


const SELECTED = Color.fromCssColorString('#00e5ff').withAlpha(0.85);
const HOVERED = Color.fromCssColorString('#ffffff').withAlpha(0.6);
const OUTLINE = Color.WHITE.withAlpha(0.35);
const ALPHA = 0.8;
/** Class k of `classes`; class 0 ("none") is clear for statistics that most cells lack. */
function classColour(metric: GridMetric, k: number, classes: number): Color {
  return Color.fromCssColorString(metricColor(metric, k, classes)).withAlpha(k === 0 && SPARSE_METRICS.includes(metric) ? 0 : ALPHA);
}

/**
 * All grid cells as one fill primitive and one outline primitive, each a single geometry: no
 * per-cell geometry instance, so there is nothing per cell to batch on this thread. Colours
 * change in place through the colour table; picks find the cell under the pointer where the ray
 * meets the grid's sheet, with the analysis engine's own point-in-cell index.
 */
export function createGridLayer(scene: Scene, collection: PrimitiveCollection, layerId: string, data: GridLoaded, cellIds: readonly string[]): SceneLayer<GridLayerProps> {
  const { mesh, cellCount, grid, height } = data;
  const cellOf = new Map(cellIds.map((id, c) => [id, c]));
  const sheet = colourSheet(collection, layerId, { selected: SELECTED, hovered: HOVERED, outline: OUTLINE });
  const { material, uniforms } = sheet;
  const fills = sheet.add(mesh.positions, mesh.vertexCell, mesh.bounds, PrimitiveType.TRIANGLES, mesh.indices);
  const lines = sheet.add(mesh.outline, new Float32Array(mesh.outline.length / 3).fill(-1), mesh.bounds, PrimitiveType.LINES);

  // The sheet the cells lie on: the ellipsoid raised by the grid's height.
  const r = Ellipsoid.WGS84.radii;
  const sheetEllipsoid = new Ellipsoid(r.x + height, r.y + height, r.z + height);
  let index: GridIndex | null = null;
  const cellUnder = (at: Cartesian2): number => {
    const hit = scene.camera.pickEllipsoid(at, sheetEllipsoid);
    const where = hit && Ellipsoid.WGS84.cartesianToCartographic(hit);
    if (!where) return -1;
    // Built at the first pick: without its raster it takes tens of milliseconds, and no start-up time.
    index ??= new GridIndex(grid, 64);
    return index.cellAt(CesiumMath.toDegrees(where.longitude), CesiumMath.toDegrees(where.latitude));
  };

  /** The values whose colour table was last handed to the shader. */
  let appliedValues: ArrayLike<number> | null = null;
  /** A new colour table is on its way to the screen (Cesium uploads it a frame late). */
  let uploading = false;
  const { frames, release } = frameScheduler(scene);
  let readyMarked = false;
  let statsMarked = false;

  const colours = (metric: GridMetric, values: ArrayLike<number>): OffscreenCanvas => {
    const { breaks, classOf } = classesFor(values, metric);
    const palette = Array.from({ length: breaks.length + 1 }, (_, k) => classColour(metric, k, breaks.length).toBytes());
    return colourTable(cellCount, (rgba) => {
      for (let c = 0; c < cellCount; c++) rgba.set(palette[classOf[c]!]!, 4 * c);
    });
  };

  const markProgress = (): void => {
    if (!readyMarked && fills.ready && lines.ready) {
      readyMarked = true;
      performance.mark(PERF_MARKS.gridReady);
    }
    // Cesium fills in colorsDimensions once a table has replaced its placeholder.
    const tableShown = (material.uniforms as { colorsDimensions?: { x: number } }).colorsDimensions?.x === TABLE_WIDTH;
    if (!statsMarked && readyMarked && appliedValues && tableShown && !uploading) {
      statsMarked = true;
      performance.mark(PERF_MARKS.gridStats);
    }
  };
  const removePostRender = scene.postRender.addEventListener(markProgress);
  const life = lifecycle(scene, collection, removePostRender, release);
  const tableDrawn = (): void => {
    uploading = false;
    markProgress();
  };

  return {
    update(props, old) {
      collection.show = props.visible;
      if (props.metric !== old?.metric || props.values !== old.values) {
        // Until the statistic's values exist, the cells need no table (and the first page load no
        // 2D canvas, whose first use costs ~0.1 s): the shader draws them all in the "none" colour.
        uniforms.noneColor = classColour(props.metric, 0, 0);
        const t0 = performance.now();
        uniforms.colors = props.values ? colours(props.metric, props.values) : Material.DefaultImageId;
        performance.measure(PERF_MARKS.gridColours, { start: t0, end: performance.now(), detail: props.metric });
        appliedValues = props.values;
        uploading = true;
        frames.keepDrawing(2, tableDrawn);
      }
      uniforms.selectedCell = cellOf.get(props.selectedId ?? '') ?? -1;
      uniforms.hoveredCell = cellOf.get(props.hoveredId ?? '') ?? -1;
      scene.requestRender();
    },
    pick: (picked, at): PickResult | undefined => {
      const primitive = (picked as { primitive?: unknown } | undefined)?.primitive;
      if (primitive !== fills && primitive !== lines) return undefined;
      const cell = cellUnder(at);
      return cell < 0 ? undefined : { featureId: cellIds[cell]! };
    },
    destroy() {
      if (life.isDestroyed()) return;
      life.destroy();
      // The material outlives its primitives: it goes once they are removed.
      material.destroy();
    },
    isDestroyed: () => life.isDestroyed(),
  };
}
