import {
  Appearance,
  BlendingState,
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Color,
  ComponentDatatype,
  Ellipsoid,
  Geometry,
  GeometryAttribute,
  GeometryInstance,
  Material,
  Math as CesiumMath,
  Primitive,
  PrimitiveCollection,
  PrimitiveType,
  TextureMagnificationFilter,
  TextureMinificationFilter,
  type Scene,
} from 'cesium';
import { GridIndex } from '../../analysis/gridIndex.ts';
import type { GridLoaded } from '../../analysis/worker/analysisProtocol.ts';
import type { PickResult, SceneLayer } from '../layerKind.ts';
import { classColor, classesFor, SPARSE_METRICS, type GridMetric } from '../../legend/choropleth.ts';
import { PERF_MARKS } from '../../perf/marks.ts';
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
/** Texels per row of the colour table; rows follow from the cell count. */
const TABLE_WIDTH = 256;

/**
 * A cell's colour is a texel of a colour table, looked up by the cell number each vertex
 * carries; outline vertices carry -1. Selection and hover are uniforms, so a tap or a mouse move
 * changes no buffer and no texture.
 */
const MATERIAL_GLSL = /* glsl */ `
in float v_cell;

czm_material czm_getMaterial(czm_materialInput materialInput) {
  czm_material material = czm_getDefaultMaterial(materialInput);
  vec4 rgba;
  if (v_cell < -0.5) {
    rgba = outlineColor;
  } else if (abs(v_cell - selectedCell) < 0.5) {
    rgba = selectedColor;
  } else if (abs(v_cell - hoveredCell) < 0.5) {
    rgba = hoveredColor;
  } else if (colorsDimensions.x < 2) {
    // No table (Cesium's 1×1 placeholder) until there are values: every cell in the "none" colour.
    rgba = noneColor;
  } else {
    vec2 size = vec2(colorsDimensions.xy);
    float cell = floor(v_cell + 0.5);
    float row = floor(cell / size.x);
    // Textures from a canvas are flipped: the canvas's first row is the texture's last.
    vec2 uv = vec2((cell - row * size.x + 0.5) / size.x, 1.0 - (row + 0.5) / size.y);
    rgba = texture(colors, uv);
  }
  material.diffuse = rgba.rgb;
  material.alpha = rgba.a;
  return material;
}
`;

const VERTEX_GLSL = /* glsl */ `
in vec3 position3DHigh;
in vec3 position3DLow;
in float cell;
in float batchId;
out float v_cell;

void main() {
  v_cell = cell;
  gl_Position = czm_modelViewProjectionRelativeToEye * czm_computePosition();
}
`;

const FRAGMENT_GLSL = /* glsl */ `
void main() {
  czm_materialInput materialInput;
  czm_material material = czm_getMaterial(materialInput);
  // Clear cells (the empty ones of a sparse statistic) leave no colour, depth or pick behind.
  if (material.alpha < 0.004) discard;
  out_FragColor = czm_gammaCorrect(vec4(material.diffuse, material.alpha));
}
`;

/**
 * Blended, yet drawn in the opaque pass. The grid is one flat sheet under everything else that
 * is translucent, so order-independent translucency buys nothing here, and leaving it out spares
 * compiling its shader variants: over a second of start-up under software WebGL.
 */
class SheetAppearance extends Appearance {
  override isTranslucent(): boolean {
    return false;
  }

  override getRenderState(): object {
    // No depth written, as for any translucent sheet: the river below still shows over the
    // cells, and the outline (drawn after the fill) is not hidden by it.
    return { depthTest: { enabled: true }, depthMask: false, blending: BlendingState.ALPHA_BLEND };
  }
}

/** Class k of `classes`; class 0 ("none") is clear for statistics that most cells lack. */
function classColour(metric: GridMetric, k: number, classes: number): Color {
  return Color.fromCssColorString(classColor(k, classes)).withAlpha(k === 0 && SPARSE_METRICS.includes(metric) ? 0 : ALPHA);
}

function geometry(positions: Float64Array, cell: Float32Array, boundingSphere: BoundingSphere, primitiveType: PrimitiveType, indices?: Uint32Array): Geometry {
  return new Geometry({
    attributes: {
      position: new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values: positions }),
      cell: new GeometryAttribute({ componentDatatype: ComponentDatatype.FLOAT, componentsPerAttribute: 1, values: cell }),
    } as never,
    indices,
    primitiveType,
    boundingSphere,
  });
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
  const tableHeight = Math.max(1, Math.ceil(cellCount / TABLE_WIDTH));
  const material = new Material({
    translucent: false,
    minificationFilter: TextureMinificationFilter.NEAREST,
    magnificationFilter: TextureMagnificationFilter.NEAREST,
    fabric: {
      uniforms: {
        // Cesium adds colorsDimensions (the texture's size) because the source reads it.
        colors: Material.DefaultImageId,
        selectedCell: -1,
        hoveredCell: -1,
        noneColor: Color.GRAY,
        selectedColor: SELECTED,
        hoveredColor: HOVERED,
        outlineColor: OUTLINE,
      },
      source: MATERIAL_GLSL,
    },
  });
  // One appearance for both primitives: the same shader source, so one program to compile.
  const appearance = new SheetAppearance({ material, vertexShaderSource: VERTEX_GLSL, fragmentShaderSource: FRAGMENT_GLSL });
  const single = (g: Geometry): Primitive =>
    collection.add(new Primitive({ geometryInstances: new GeometryInstance({ geometry: g, id: { layerId } }), appearance, compressVertices: false, asynchronous: false })) as Primitive;
  const bounds = new BoundingSphere(Cartesian3.fromArray(mesh.bounds.center), mesh.bounds.radius);
  const fills = single(geometry(mesh.positions, mesh.vertexCell, bounds, PrimitiveType.TRIANGLES, mesh.indices));
  const lines = single(geometry(mesh.outline, new Float32Array(mesh.outline.length / 3).fill(-1), bounds, PrimitiveType.LINES));

  // The sheet the cells lie on: the ellipsoid raised by the grid's height.
  const r = Ellipsoid.WGS84.radii;
  const sheet = new Ellipsoid(r.x + height, r.y + height, r.z + height);
  let index: GridIndex | null = null;
  const cellUnder = (at: Cartesian2): number => {
    const hit = scene.camera.pickEllipsoid(at, sheet);
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

  const colourTable = (metric: GridMetric, values: ArrayLike<number>): OffscreenCanvas => {
    const { breaks, classOf } = classesFor(values);
    const palette = Array.from({ length: breaks.length + 1 }, (_, k) => classColour(metric, k, breaks.length).toBytes());
    const rgba = new Uint8ClampedArray(4 * TABLE_WIDTH * tableHeight);
    for (let c = 0; c < cellCount; c++) rgba.set(palette[classOf[c]!]!, 4 * c);
    // A new canvas each time: Cesium re-uploads a texture uniform when the object changes.
    const canvas = new OffscreenCanvas(TABLE_WIDTH, tableHeight);
    // A canvas read by the CPU, not a GPU one: no second GPU context to set up (half a second under software WebGL).
    canvas.getContext('2d', { willReadFrequently: true })!.putImageData(new ImageData(rgba, TABLE_WIDTH, tableHeight), 0, 0);
    return canvas;
  };

  const uniforms = material.uniforms as { colors: unknown; noneColor: Color; selectedCell: number; hoveredCell: number };
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
        uniforms.colors = props.values ? colourTable(props.metric, props.values) : Material.DefaultImageId;
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
