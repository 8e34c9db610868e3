/**
 * Live points as one Cesium primitive over one interleaved vertex buffer, written in place.
 *
 * Cesium's PointPrimitiveCollection keeps an object per point with about twenty boxed numbers
 * (positions, colours, sizes, a pick id). At 50,000 sensors that made about three million objects
 * on the page's heap, and the garbage collector's pauses over them (scavenges of 35–150 ms, a
 * final mark of about 100 ms) were half of a flood's long tasks (a CPU profile and V8's GC trace
 * of bench:live's flood). Here a point is 36 bytes of one ArrayBuffer; the changed points of a
 * frame go to the GPU in few ranges (uploadRanges.ts), and pick ids are made on the first pick.
 *
 * It uses Cesium's renderer (Buffer, VertexArray, DrawCommand, ShaderProgram, RenderState), which
 * Cesium exports but leaves out of its public types: the parts used are typed in cesiumRenderer.d.ts.
 */
import { BlendingState, BoundingSphere, Buffer, BufferUsage, Cartesian3, Color, ComponentDatatype, DrawCommand, Matrix4, Pass, PrimitiveType, RenderState, ShaderProgram, VertexArray, type RendererContext, type RendererFrameState, type GpuBuffer, type PickId, type VertexAttribute } from 'cesium';
import { uploadRanges } from './uploadRanges.ts';

/** Bytes per point: position (3 floats, metres from the centre), size, outline width, show (3 floats), colour and outline colour and pick colour (4 bytes each). */
const STRIDE = 36;
const POSITION = 0;
const SIZE = 12;
const COLOR = 24;
const OUTLINE = 28;
const PICK = 32;
/** Unchanged points a range may carry between changed ones, rather than one more upload. */
const MERGE_GAP = 64;

const ATTRIBUTES = { position3D: 0, sizeOutlineShow: 1, color: 2, outlineColor: 3, pickColor: 4 };

// After Cesium's PointPrimitiveCollection shaders: a disc of `size` px inside an outline, on top of
// the scene when its frustum holds it (as disableDepthTestDistance = ∞ does), gone when not shown.
const VERTEX_SHADER = `
in vec3 position3D;
in vec3 sizeOutlineShow;
in vec4 color;
in vec4 outlineColor;
in vec4 pickColor;
out vec4 v_color;
out vec4 v_outlineColor;
out float v_innerPercent;
out float v_pixelDistance;
out vec4 v_pickColor;
void main() {
  float outline = 2.0 * sizeOutlineShow.y;
  float total = (sizeOutlineShow.x + outline) * czm_pixelRatio;
  float show = sizeOutlineShow.z;
  gl_Position = czm_modelViewProjection * vec4(position3D, 1.0);
  float zclip = gl_Position.z / gl_Position.w;
  if (zclip >= -1.0 && zclip <= 1.0) gl_Position.z = -gl_Position.w;
  gl_PointSize = total * show;
  gl_Position *= show;
  v_color = color;
  v_outlineColor = outlineColor;
  v_innerPercent = 1.0 - outline * czm_pixelRatio / max(total, 1e-3);
  v_pixelDistance = 2.0 / max(total, 1e-3);
  v_pickColor = pickColor;
}`;
const FRAGMENT_SHADER = `
in vec4 v_color;
in vec4 v_outlineColor;
in float v_innerPercent;
in float v_pixelDistance;
in vec4 v_pickColor;
void main() {
  float d = length(gl_PointCoord - vec2(0.5));
  float edge = max(0.0, 0.5 - v_pixelDistance);
  float whole = 1.0 - smoothstep(edge, 0.5, d);
  float inner = 1.0 - smoothstep(edge * v_innerPercent, 0.5 * v_innerPercent, d);
  vec4 c = mix(v_outlineColor, v_color, inner);
  c.a *= whole;
  if (c.a < 0.005) discard;
  out_FragColor = czm_gammaCorrect(c);
}`;

export class LivePoints {
  show = true;
  readonly count: number;
  private readonly centre: Cartesian3;
  private readonly data: ArrayBuffer;
  private readonly floats: Float32Array;
  private readonly bytes: Uint8Array;
  private readonly boundingVolume: BoundingSphere;
  private readonly modelMatrix: Matrix4;
  /** Points changed since the last upload, each once. */
  private readonly dirty: Uint8Array;
  private changed: number[] = [];
  private gpu: { buffer: GpuBuffer; vertexArray: VertexArray; program: ShaderProgram; command: DrawCommand } | null = null;
  private pickIds: PickId[] | null = null;
  private destroyed = false;

  /**
   * @param positions Earth-fixed x, y, z per point (metres).
   * @param pickObject What a pick of point i returns: Cesium hands it back from `scene.pick`.
   */
  constructor(
    positions: Float64Array,
    private readonly pickObject: (i: number) => unknown,
  ) {
    this.count = positions.length / 3;
    // The box's centre and the farthest point from it, without an object per point.
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let k = 0; k < positions.length; k++) {
      lo[k % 3] = Math.min(lo[k % 3]!, positions[k]!);
      hi[k % 3] = Math.max(hi[k % 3]!, positions[k]!);
    }
    this.centre = this.count > 0 ? new Cartesian3((lo[0]! + hi[0]!) / 2, (lo[1]! + hi[1]!) / 2, (lo[2]! + hi[2]!) / 2) : new Cartesian3();
    let radius = 0;
    for (let i = 0; i < this.count; i++) radius = Math.max(radius, Math.hypot(positions[3 * i]! - this.centre.x, positions[3 * i + 1]! - this.centre.y, positions[3 * i + 2]! - this.centre.z));
    // Moving points (trucks) stay within the city: a margin keeps them inside the volume.
    this.boundingVolume = new BoundingSphere(this.centre, radius * 1.25 + 5000);
    this.modelMatrix = Matrix4.fromTranslation(this.centre);
    this.data = new ArrayBuffer(Math.max(1, this.count) * STRIDE);
    this.floats = new Float32Array(this.data);
    this.bytes = new Uint8Array(this.data);
    this.dirty = new Uint8Array(this.count);
    // Written, not marked changed: the first frame uploads the whole buffer anyway.
    for (let i = 0; i < this.count; i++) this.writePosition(i, positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!);
  }

  setPosition(i: number, x: number, y: number, z: number): void {
    this.writePosition(i, x, y, z);
    this.touch(i);
  }

  /** Colours, pixel size and outline width (px) of point i; written only if they changed. */
  setStyle(i: number, color: Color, pixelSize: number, outlineColor: Color, outlineWidth: number): void {
    const f = (i * STRIDE + SIZE) / 4;
    let changed = this.floats[f] !== Math.fround(pixelSize) || this.floats[f + 1] !== Math.fround(outlineWidth);
    this.floats[f] = pixelSize;
    this.floats[f + 1] = outlineWidth;
    changed = this.writeColor(i * STRIDE + COLOR, color) || changed;
    changed = this.writeColor(i * STRIDE + OUTLINE, outlineColor) || changed;
    if (changed) this.touch(i);
  }

  setShow(i: number, show: boolean): void {
    const f = (i * STRIDE + SIZE) / 4 + 2;
    const v = show ? 1 : 0;
    if (this.floats[f] === v) return;
    this.floats[f] = v;
    this.touch(i);
  }

  isShown(i: number): boolean {
    return this.floats[(i * STRIDE + SIZE) / 4 + 2] === 1;
  }

  /** Cesium's primitive interface: uploads the changed points and draws them in one command. */
  update(frameState: RendererFrameState): void {
    if (!this.show || this.count === 0) return;
    const { context } = frameState;
    if (frameState.passes.pick && !this.pickIds) this.makePickIds(context);
    if (!this.gpu) {
      this.gpu = this.createGpu(context);
      this.clearChanges();
    } else if (this.changed.length > 0) {
      this.changed.sort((a, b) => a - b);
      const { buffer } = this.gpu;
      for (const [start, end] of uploadRanges(this.changed, MERGE_GAP)) buffer.copyFromArrayView(new Uint8Array(this.data, start * STRIDE, (end - start) * STRIDE), start * STRIDE);
      this.clearChanges();
    }
    if (frameState.passes.render || frameState.passes.pick) frameState.commandList.push(this.gpu.command);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.gpu?.vertexArray.destroy();
    this.gpu?.buffer.destroy();
    this.gpu?.program.destroy();
    for (const p of this.pickIds ?? []) p.destroy();
    this.gpu = null;
    this.pickIds = null;
    this.destroyed = true;
  }

  private writePosition(i: number, x: number, y: number, z: number): void {
    const f = (i * STRIDE + POSITION) / 4;
    this.floats[f] = x - this.centre.x;
    this.floats[f + 1] = y - this.centre.y;
    this.floats[f + 2] = z - this.centre.z;
  }

  private touch(i: number): void {
    if (this.dirty[i]) return;
    this.dirty[i] = 1;
    this.changed.push(i);
  }

  private clearChanges(): void {
    for (const i of this.changed) this.dirty[i] = 0;
    this.changed = [];
  }

  private writeColor(offset: number, c: Color): boolean {
    const r = Color.floatToByte(c.red);
    const g = Color.floatToByte(c.green);
    const b = Color.floatToByte(c.blue);
    const a = Color.floatToByte(c.alpha);
    const o = this.bytes;
    if (o[offset] === r && o[offset + 1] === g && o[offset + 2] === b && o[offset + 3] === a) return false;
    o[offset] = r;
    o[offset + 1] = g;
    o[offset + 2] = b;
    o[offset + 3] = a;
    return true;
  }

  /** Pick ids for every point, on the first pick: a wall that is never touched never makes them. */
  private makePickIds(context: RendererContext): void {
    this.pickIds = [];
    for (let i = 0; i < this.count; i++) {
      const id = context.createPickId(this.pickObject(i));
      this.pickIds.push(id);
      this.writeColor(i * STRIDE + PICK, id.color);
    }
    // All of them change: the whole buffer goes up once.
    if (this.gpu) this.gpu.buffer.copyFromArrayView(this.bytes, 0);
  }

  private createGpu(context: RendererContext): NonNullable<LivePoints['gpu']> {
    const buffer = Buffer.createVertexBuffer({ context, typedArray: this.bytes, usage: BufferUsage.STREAM_DRAW });
    const attribute = (index: number, components: number, type: ComponentDatatype, offsetInBytes: number, normalize: boolean): VertexAttribute => ({
      index,
      vertexBuffer: buffer,
      componentsPerAttribute: components,
      componentDatatype: type,
      normalize,
      offsetInBytes,
      strideInBytes: STRIDE,
    });
    const vertexArray = new VertexArray({
      context,
      attributes: [
        attribute(ATTRIBUTES.position3D, 3, ComponentDatatype.FLOAT, POSITION, false),
        attribute(ATTRIBUTES.sizeOutlineShow, 3, ComponentDatatype.FLOAT, SIZE, false),
        attribute(ATTRIBUTES.color, 4, ComponentDatatype.UNSIGNED_BYTE, COLOR, true),
        attribute(ATTRIBUTES.outlineColor, 4, ComponentDatatype.UNSIGNED_BYTE, OUTLINE, true),
        attribute(ATTRIBUTES.pickColor, 4, ComponentDatatype.UNSIGNED_BYTE, PICK, true),
      ],
    });
    const program = ShaderProgram.fromCache({ context, vertexShaderSource: VERTEX_SHADER, fragmentShaderSource: FRAGMENT_SHADER, attributeLocations: ATTRIBUTES });
    const renderState = RenderState.fromCache({ depthTest: { enabled: true, func: 0x0203 /* LEQUAL */ }, depthMask: true, blending: BlendingState.ALPHA_BLEND });
    const command = new DrawCommand({
      primitiveType: PrimitiveType.POINTS,
      vertexArray,
      shaderProgram: program,
      renderState,
      pass: Pass.OPAQUE,
      modelMatrix: this.modelMatrix,
      boundingVolume: this.boundingVolume,
      count: this.count,
      owner: this,
      pickId: 'v_pickColor',
    });
    return { buffer, vertexArray, program, command };
  }
}
