import { PointPrimitiveCollection } from 'cesium';

/** WebGL's STREAM_DRAW usage (Cesium's BufferUsage, not in its public types). */
const STREAM_DRAW = 0x88e0;

/** The parts of Cesium's PointPrimitiveCollection (1.145) that choose its buffers' usage. */
interface BufferChoice {
  _buffersUsage: number[];
  computeNewBuffersUsage(): boolean;
}

/**
 * A PointPrimitiveCollection for live points: every property in stream buffers from the start.
 *
 * Cesium picks static or stream buffers from the set of properties changed since its last
 * rebuild, and rebuilds every point whenever that set differs from the last. Under live readings
 * the set differs from frame to frame (trucks move in some, only colours change in others), so
 * it rebuilt all 50,000 points, 70–130 ms, on most frames of a flood (bench:live). With the
 * choice made once, the collection rebuilds only when points are added, and otherwise writes the
 * points that changed.
 */
export function streamingPointCollection(): PointPrimitiveCollection {
  const points = new PointPrimitiveCollection();
  const inner = points as unknown as BufferChoice;
  // Another Cesium version: its own rule stands (slower at 50,000 points, still correct).
  if (!Array.isArray(inner._buffersUsage) || typeof inner.computeNewBuffersUsage !== 'function') return points;
  inner._buffersUsage.fill(STREAM_DRAW);
  inner.computeNewBuffersUsage = () => false;
  return points;
}
