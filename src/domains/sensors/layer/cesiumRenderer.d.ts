/**
 * The parts of Cesium's renderer that livePoints.ts uses. Cesium 1.145 exports these from its
 * module but leaves them out of its public types; declared here, they are checked like the rest.
 */
import type { BoundingSphere, Color, ComponentDatatype, Matrix4, PrimitiveType } from 'cesium';

declare module 'cesium' {
  interface GpuBuffer {
    copyFromArrayView(view: ArrayBufferView, offsetInBytes?: number): void;
    destroy(): void;
  }
  interface PickId {
    readonly color: Color;
    destroy(): void;
  }
  interface RendererContext {
    createPickId(object: unknown): PickId;
  }
  /** What a primitive's update(frameState) is given. */
  interface RendererFrameState {
    context: RendererContext;
    passes: { render: boolean; pick: boolean };
    commandList: unknown[];
  }
  interface VertexAttribute {
    index: number;
    vertexBuffer: GpuBuffer;
    componentsPerAttribute: number;
    componentDatatype: ComponentDatatype;
    normalize: boolean;
    offsetInBytes: number;
    strideInBytes: number;
  }

  const Buffer: { createVertexBuffer(o: { context: RendererContext; typedArray: ArrayBufferView; usage: number }): GpuBuffer };
  const BufferUsage: { readonly STREAM_DRAW: number };
  const Pass: { readonly OPAQUE: number };
  class VertexArray {
    constructor(o: { context: RendererContext; attributes: VertexAttribute[] });
    destroy(): void;
  }
  class ShaderProgram {
    static fromCache(o: { context: RendererContext; vertexShaderSource: string; fragmentShaderSource: string; attributeLocations: Record<string, number> }): ShaderProgram;
    destroy(): void;
  }
  const RenderState: { fromCache(o: { depthTest?: { enabled: boolean; func?: number }; depthMask?: boolean; blending?: unknown }): object };
  class DrawCommand {
    constructor(o: {
      primitiveType: PrimitiveType;
      vertexArray: VertexArray;
      shaderProgram: ShaderProgram;
      renderState: object;
      pass: number;
      modelMatrix: Matrix4;
      boundingVolume: BoundingSphere;
      count: number;
      owner: unknown;
      /** The varying that holds the pick colour: Cesium derives the pick pass from it. */
      pickId: string;
    });
    /** Vertices drawn. */
    count: number;
  }
}
