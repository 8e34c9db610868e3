/**
 * A sheet of many polygons drawn as one primitive, each polygon coloured by a texel of a colour
 * table that its vertices index: the grid's cells and the crowd's hexagons. A new table recolours
 * every polygon with one texture upload; no buffer changes, no per-polygon instance.
 */
import { Appearance, BlendingState, BoundingSphere, Cartesian3, Color, ComponentDatatype, Geometry, GeometryAttribute, GeometryInstance, Material, Primitive, PrimitiveType, TextureMagnificationFilter, TextureMinificationFilter, type PrimitiveCollection } from 'cesium';

/** Texels per row of a colour table; rows follow from the polygon count. */
export const TABLE_WIDTH = 256;

/**
 * A polygon's colour is a texel of the table, looked up by the number each vertex carries; line
 * vertices carry -1. Selection and hover are uniforms, so a tap or a mouse move changes no buffer
 * and no texture.
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
    // No table (Cesium's 1×1 placeholder) until there are values: every polygon in the "none" colour.
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
  // Clear polygons (the empty ones of a sparse statistic) leave no colour, depth or pick behind.
  if (material.alpha < 0.004) discard;
  out_FragColor = czm_gammaCorrect(vec4(material.diffuse, material.alpha));
}
`;

/**
 * Blended, yet drawn in the opaque pass. A sheet lies flat under everything else that is
 * translucent, so order-independent translucency buys nothing here, and leaving it out spares
 * compiling its shader variants: over a second of start-up under software WebGL.
 */
class SheetAppearance extends Appearance {
  override isTranslucent(): boolean {
    return false;
  }

  override getRenderState(): object {
    // No depth written, as for any translucent sheet: the river below still shows through, and
    // an outline (drawn after the fill) is not hidden by it.
    return { depthTest: { enabled: true }, depthMask: false, blending: BlendingState.ALPHA_BLEND };
  }
}

export interface SheetColours {
  selected: Color;
  hovered: Color;
  outline: Color;
}

export interface ColourSheet {
  material: Material;
  uniforms: { colors: unknown; noneColor: Color; selectedCell: number; hoveredCell: number };
  /** Adds one primitive of one geometry to the collection, drawn with the sheet's material. */
  add(positions: Float64Array, index: Float32Array, bounds: { center: readonly number[]; radius: number }, primitiveType: PrimitiveType, indices?: Uint32Array, allowPicking?: boolean): Primitive;
}

export function colourSheet(collection: PrimitiveCollection, layerId: string, colours: SheetColours): ColourSheet {
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
        selectedColor: colours.selected,
        hoveredColor: colours.hovered,
        outlineColor: colours.outline,
      },
      source: MATERIAL_GLSL,
    },
  });
  // One appearance for all of a layer's primitives: the same shader source, so one program to compile.
  const appearance = new SheetAppearance({ material, vertexShaderSource: VERTEX_GLSL, fragmentShaderSource: FRAGMENT_GLSL });
  return {
    material,
    uniforms: material.uniforms as ColourSheet['uniforms'],
    add: (positions, index, bounds, primitiveType, indices, allowPicking = true) => {
      const geometry = new Geometry({
        attributes: {
          position: new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values: positions }),
          cell: new GeometryAttribute({ componentDatatype: ComponentDatatype.FLOAT, componentsPerAttribute: 1, values: index }),
        } as never,
        indices,
        primitiveType,
        boundingSphere: new BoundingSphere(Cartesian3.fromArray([...bounds.center]), bounds.radius),
      });
      return collection.add(new Primitive({ geometryInstances: new GeometryInstance({ geometry, id: { layerId } }), appearance, compressVertices: false, asynchronous: false, allowPicking })) as Primitive;
    },
  };
}

/**
 * A colour table of `count` polygons, RGBA bytes per polygon written by `fill`. A new canvas each
 * time: Cesium re-uploads a texture uniform when the object changes.
 */
export function colourTable(count: number, fill: (rgba: Uint8ClampedArray) => void): OffscreenCanvas {
  const height = Math.max(1, Math.ceil(count / TABLE_WIDTH));
  const rgba = new Uint8ClampedArray(4 * TABLE_WIDTH * height);
  fill(rgba);
  const canvas = new OffscreenCanvas(TABLE_WIDTH, height);
  // A canvas read by the CPU, not a GPU one: no second GPU context to set up (half a second under software WebGL).
  canvas.getContext('2d', { willReadFrequently: true })!.putImageData(new ImageData(rgba, TABLE_WIDTH, height), 0, 0);
  return canvas;
}
