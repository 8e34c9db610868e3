/**
 * Proposed footprints extruded into one glTF 2.0 binary (walls and roofs, flat normals), so that
 * the proposals draw as a Cesium Model: it casts shadows and takes a split direction in the
 * compare view, which a Primitive does not. Pure: no Cesium, tested with the Khronos validator.
 */
import earcut from 'earcut';

/** A footprint in metres east and north of the model's origin, open, either winding, and its height. */
export interface Extrusion {
  ring: [number, number][];
  height: number;
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** glTF is y-up: east, north, up go to x, −z, y. */
function push(positions: number[], e: number, n: number, u: number): void {
  positions.push(e, u, -n);
}

export function extrusionGlb(extrusions: readonly Extrusion[], rgba: [number, number, number, number]): Uint8Array {
  const positions: number[] = [];
  const normals: number[] = [];
  const indices: number[] = [];
  for (const { ring, height } of extrusions) {
    // Counter-clockwise seen from above, so that walls face out and roofs up.
    let area = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) area += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
    const pts = area < 0 ? ring.toReversed() : ring;
    for (let i = 0; i < pts.length; i++) {
      const [x1, y1] = pts[i]!;
      const [x2, y2] = pts[(i + 1) % pts.length]!;
      const len = Math.hypot(x2 - x1, y2 - y1);
      if (len === 0) continue;
      const nx = (y2 - y1) / len;
      const ny = -(x2 - x1) / len;
      const v = positions.length / 3;
      push(positions, x1, y1, 0);
      push(positions, x2, y2, 0);
      push(positions, x2, y2, height);
      push(positions, x1, y1, height);
      for (let k = 0; k < 4; k++) normals.push(nx, 0, -ny);
      indices.push(v, v + 1, v + 2, v, v + 2, v + 3);
    }
    const roof = positions.length / 3;
    for (const [x, y] of pts) {
      push(positions, x, y, height);
      normals.push(0, 1, 0);
    }
    // Each roof triangle wound counter-clockwise seen from above, so that it faces up.
    const tri = earcut(pts.flat());
    for (let t = 0; t < tri.length; t += 3) {
      const [a, b, c] = [pts[tri[t]!]!, pts[tri[t + 1]!]!, pts[tri[t + 2]!]!];
      const ccw = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 0;
      indices.push(roof + tri[t]!, roof + tri[ccw ? t + 1 : t + 2]!, roof + tri[ccw ? t + 2 : t + 1]!);
    }
  }
  const vertexCount = positions.length / 3;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i++) {
    min[i % 3] = Math.min(min[i % 3]!, positions[i]!);
    max[i % 3] = Math.max(max[i % 3]!, positions[i]!);
  }
  const posBytes = vertexCount * 12;
  const indexBytes = indices.length * 4;
  const bin = new Uint8Array(pad4(2 * posBytes + indexBytes));
  new Float32Array(bin.buffer, 0, positions.length).set(positions);
  new Float32Array(bin.buffer, posBytes, normals.length).set(normals);
  new Uint32Array(bin.buffer, 2 * posBytes, indices.length).set(indices);
  const json = {
    asset: { version: '2.0', generator: 'Canton Twin proposals' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0, NORMAL: 1 }, indices: 2, material: 0 }] }],
    materials: [{ pbrMetallicRoughness: { baseColorFactor: rgba, metallicFactor: 0, roughnessFactor: 0.8 }, ...(rgba[3] < 1 ? { alphaMode: 'BLEND' } : {}) }],
    buffers: [{ byteLength: bin.byteLength }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: posBytes, target: 34962 },
      { buffer: 0, byteOffset: posBytes, byteLength: posBytes, target: 34962 },
      { buffer: 0, byteOffset: 2 * posBytes, byteLength: indexBytes, target: 34963 },
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count: vertexCount, type: 'VEC3', min, max },
      { bufferView: 1, componentType: 5126, count: vertexCount, type: 'VEC3' },
      { bufferView: 2, componentType: 5125, count: indices.length, type: 'SCALAR' },
    ],
  };
  const jsonText = new TextEncoder().encode(JSON.stringify(json));
  const jsonLength = pad4(jsonText.length);
  const total = 12 + 8 + jsonLength + 8 + bin.byteLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, 0x4e4f534a, true);
  out.set(jsonText, 20);
  out.fill(0x20, 20 + jsonText.length, 20 + jsonLength);
  view.setUint32(20 + jsonLength, bin.byteLength, true);
  view.setUint32(24 + jsonLength, 0x004e4942, true);
  out.set(bin, 28 + jsonLength);
  return out;
}
