/**
 * The box of a GLB model in metres east, north and up, read from its JSON chunk at the edge: the
 * POSITION accessors' bounds carried through the default scene's node transforms. A proposed
 * model's footprint and height for analysis come from it.
 */
import { z } from 'zod';
import type { ModelBox } from './proposed.ts';

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const gltfSchema = z.object({
  asset: z.object({ version: z.string() }),
  scene: z.number().int().nonnegative().optional(),
  scenes: z.array(z.object({ nodes: z.array(z.number().int().nonnegative()).optional() })).optional(),
  nodes: z
    .array(
      z.object({
        mesh: z.number().int().nonnegative().optional(),
        children: z.array(z.number().int().nonnegative()).optional(),
        matrix: z.array(z.number()).length(16).optional(),
        translation: vec3.optional(),
        rotation: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
        scale: vec3.optional(),
      }),
    )
    .optional(),
  meshes: z.array(z.object({ primitives: z.array(z.object({ attributes: z.record(z.string(), z.number().int().nonnegative()) })) })).optional(),
  accessors: z.array(z.object({ min: z.array(z.number()).optional(), max: z.array(z.number()).optional() })).optional(),
});

type Mat = number[];

/** Column-major 4 × 4 from translation, rotation (quaternion x, y, z, w) and scale. */
function trs(t: number[] = [0, 0, 0], r: number[] = [0, 0, 0, 1], s: number[] = [1, 1, 1]): Mat {
  const [x, y, zq, w] = r as [number, number, number, number];
  return [
    (1 - 2 * (y * y + zq * zq)) * s[0]!, 2 * (x * y + zq * w) * s[0]!, 2 * (x * zq - y * w) * s[0]!, 0,
    2 * (x * y - zq * w) * s[1]!, (1 - 2 * (x * x + zq * zq)) * s[1]!, 2 * (y * zq + x * w) * s[1]!, 0,
    2 * (x * zq + y * w) * s[2]!, 2 * (y * zq - x * w) * s[2]!, (1 - 2 * (x * x + y * y)) * s[2]!, 0,
    t[0]!, t[1]!, t[2]!, 1,
  ];
}

function multiply(a: Mat, b: Mat): Mat {
  const out = Array.from({ length: 16 }, () => 0);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r]! += a[k * 4 + r]! * b[c * 4 + k]!;
  return out;
}

/** Reads the JSON chunk of a GLB; throws a plain reason for anything else. */
function glbJson(bytes: Uint8Array): unknown {
  if (bytes.byteLength < 20) throw new Error('not a GLB file: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB file (no glTF magic): export the model as binary glTF (.glb)');
  if (view.getUint32(4, true) !== 2) throw new Error(`GLB version ${view.getUint32(4, true)}, not 2`);
  const length = view.getUint32(12, true);
  if (view.getUint32(16, true) !== 0x4e4f534a || 20 + length > bytes.byteLength) throw new Error('GLB has no JSON chunk first');
  try {
    return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + length)));
  } catch {
    throw new Error('GLB JSON chunk does not parse');
  }
}

/** The model's box, y-up glTF turned to east-north-up as Cesium places it (x east, −z north, y up). */
export function glbBox(bytes: Uint8Array): ModelBox {
  const parsed = gltfSchema.safeParse(glbJson(bytes));
  if (!parsed.success) throw new Error(`GLB JSON: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  const g = parsed.data;
  const nodes = g.nodes ?? [];
  const roots = g.scenes?.[g.scene ?? 0]?.nodes ?? nodes.map((_, i) => i);
  const box = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  const visit = (n: number, parent: Mat, depth: number): void => {
    const node = nodes[n];
    if (!node || depth > 64) throw new Error(`GLB node ${n} is missing or nests too deep`);
    const m = multiply(parent, node.matrix ?? trs(node.translation, node.rotation, node.scale));
    for (const prim of node.mesh !== undefined ? (g.meshes?.[node.mesh]?.primitives ?? []) : []) {
      const acc = prim.attributes.POSITION !== undefined ? g.accessors?.[prim.attributes.POSITION] : undefined;
      if (!acc?.min || !acc.max || acc.min.length !== 3 || acc.max.length !== 3) throw new Error('GLB POSITION accessor without min and max');
      for (let corner = 0; corner < 8; corner++) {
        const p = [0, 1, 2].map((i) => ((corner >> i) & 1 ? acc.max![i]! : acc.min![i]!));
        const x = m[0]! * p[0]! + m[4]! * p[1]! + m[8]! * p[2]! + m[12]!;
        const y = m[1]! * p[0]! + m[5]! * p[1]! + m[9]! * p[2]! + m[13]!;
        const zz = m[2]! * p[0]! + m[6]! * p[1]! + m[10]! * p[2]! + m[14]!;
        const enu = [x, 0 - zz, y];
        for (let i = 0; i < 3; i++) {
          box[i] = Math.min(box[i]!, enu[i]!);
          box[i + 3] = Math.max(box[i + 3]!, enu[i]!);
        }
      }
    }
    for (const c of node.children ?? []) visit(c, m, depth + 1);
  };
  for (const r of roots) visit(r, trs(), 0);
  if (!box.every(Number.isFinite)) throw new Error('GLB has no mesh to place');
  if (box[5]! <= 0) throw new Error('GLB model lies below the ground: nothing above y = 0');
  return box as ModelBox;
}
