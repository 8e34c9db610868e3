/**
 * Strict checks of a 3D Tiles 1.1 tileset of buildings, standing in for the CesiumGS
 * 3d-tiles-validator (not in the npm registry here): structure, bounding volumes, geometric
 * error, every glb through the Khronos glTF validator, and each content's metadata and
 * geometry against its tile.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateBytes } from 'gltf-validator';
import { ecefToGeodetic } from '../../src/analysis/ellipsoid.ts';

interface GltfJson {
  accessors: { bufferView: number; byteOffset?: number; count: number; componentType: number; type: string; min?: number[]; max?: number[] }[];
  bufferViews: { byteOffset?: number; byteLength: number; byteStride?: number }[];
  meshes: { primitives: { attributes: Record<string, number>; extensions?: { EXT_mesh_features?: { featureIds: { featureCount: number; attribute: number; propertyTable: number }[] } } }[] }[];
  nodes: { translation?: number[]; mesh?: number }[];
  extensionsUsed?: string[];
  extensions?: { EXT_structural_metadata?: { schema: { classes: Record<string, unknown> }; propertyTables: { class: string; count: number; properties: Record<string, { values: number; stringOffsets?: number }> }[] } };
}

export interface Glb {
  json: GltfJson;
  bin: Uint8Array;
}

export function readGlb(bytes: Uint8Array): Glb {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0x46546c67) throw new Error('not a glb');
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))) as GltfJson;
  const binStart = 20 + jsonLength;
  const binLength = view.getUint32(binStart, true);
  return { json, bin: bytes.subarray(binStart + 8, binStart + 8 + binLength) };
}

function viewBytes(glb: Glb, index: number): Uint8Array {
  const bv = glb.json.bufferViews[index]!;
  return glb.bin.subarray(bv.byteOffset ?? 0, (bv.byteOffset ?? 0) + bv.byteLength);
}

/** Float32 VEC3/SCALAR accessor values, honouring interleaving. */
export function readFloatAccessor(glb: Glb, index: number): Float32Array {
  const acc = glb.json.accessors[index]!;
  const bv = glb.json.bufferViews[acc.bufferView]!;
  const comps = acc.type === 'VEC3' ? 3 : 1;
  const stride = bv.byteStride ?? comps * 4;
  const out = new Float32Array(acc.count * comps);
  const dv = new DataView(glb.bin.buffer, glb.bin.byteOffset + (bv.byteOffset ?? 0) + (acc.byteOffset ?? 0));
  for (let i = 0; i < acc.count; i++) for (let c = 0; c < comps; c++) out[i * comps + c] = dv.getFloat32(i * stride + c * 4, true);
  return out;
}

export function readPropertyTable(glb: Glb): { count: number; strings: (name: string) => string[]; floats: (name: string) => Float32Array } {
  const table = glb.json.extensions?.EXT_structural_metadata?.propertyTables[0];
  if (!table) throw new Error('no property table');
  return {
    count: table.count,
    strings: (name) => {
      const p = table.properties[name]!;
      const data = viewBytes(glb, p.values);
      const offBytes = viewBytes(glb, p.stringOffsets!);
      const offsets = new Uint32Array(offBytes.buffer.slice(offBytes.byteOffset, offBytes.byteOffset + (table.count + 1) * 4));
      return Array.from({ length: table.count }, (_, i) => new TextDecoder().decode(data.subarray(offsets[i], offsets[i + 1])));
    },
    floats: (name) => {
      const b = viewBytes(glb, table.properties[name]!.values);
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + table.count * 4));
    },
  };
}

interface TileJson {
  boundingVolume: { region?: number[] };
  geometricError: number;
  refine?: string;
  content?: { uri: string };
  children?: TileJson[];
  transform?: number[];
}

export interface TilesetCheck {
  errors: string[];
  tiles: number;
  features: number;
  maxContentBytes: number;
  /** Every building id with its height, across all contents. */
  heights: Map<string, number>;
  gltfValidatorIssues: { errors: number; warnings: number };
}

const MAX_ERRORS = 20;

export async function checkTileset(dir: string, options: { maxContentBytes: number } = { maxContentBytes: 1_048_576 }): Promise<TilesetCheck> {
  const errors: string[] = [];
  const fail = (msg: string): void => {
    if (errors.length < MAX_ERRORS) errors.push(msg);
  };
  const tileset = JSON.parse(readFileSync(join(dir, 'tileset.json'), 'utf8')) as { asset: { version: string }; geometricError: number; root: TileJson };
  if (tileset.asset.version !== '1.1') fail(`asset.version is ${tileset.asset.version}, not 1.1`);
  const m = tileset.root.transform;
  if (!m || m.length !== 16) fail('root.transform must be a 4×4 matrix');
  const result: TilesetCheck = { errors, tiles: 0, features: 0, maxContentBytes: 0, heights: new Map(), gltfValidatorIssues: { errors: 0, warnings: 0 } };
  if (tileset.root.geometricError > tileset.geometricError) fail('root geometricError exceeds the tileset geometricError');

  const visit = async (tile: TileJson, path: string, parent?: TileJson): Promise<void> => {
    result.tiles++;
    const r = tile.boundingVolume.region;
    if (!r || r.length !== 6) return fail(`${path}: needs a region bounding volume`);
    if (!(r[0]! <= r[2]! && r[1]! <= r[3]! && r[4]! <= r[5]!)) fail(`${path}: region is inverted`);
    if (tile.transform && parent) fail(`${path}: only the root may carry a transform`);
    if (parent) {
      const p = parent.boundingVolume.region!;
      const eps = 1e-12;
      if (r[0]! < p[0]! - eps || r[1]! < p[1]! - eps || r[2]! > p[2]! + eps || r[3]! > p[3]! + eps || r[4]! < p[4]! - 1e-6 || r[5]! > p[5]! + 1e-6) {
        fail(`${path}: region is not inside its parent's`);
      }
      if (!(tile.geometricError < parent.geometricError)) fail(`${path}: geometricError ${tile.geometricError} does not decrease from ${parent.geometricError}`);
    }
    if (!tile.children?.length && tile.geometricError !== 0) fail(`${path}: a leaf must have geometricError 0`);
    if (tile.refine !== undefined && tile.refine !== 'ADD' && tile.refine !== 'REPLACE') fail(`${path}: bad refine ${tile.refine}`);
    if (tile.content) {
      const file = join(dir, tile.content.uri);
      if (!existsSync(file)) return fail(`${path}: content ${tile.content.uri} is missing`);
      const bytes = new Uint8Array(readFileSync(file));
      result.maxContentBytes = Math.max(result.maxContentBytes, statSync(file).size);
      if (bytes.byteLength > options.maxContentBytes) fail(`${tile.content.uri}: ${bytes.byteLength} bytes, over ${options.maxContentBytes}`);
      const report = await validateBytes(bytes, { maxIssues: 50 });
      result.gltfValidatorIssues.errors += report.issues.numErrors;
      result.gltfValidatorIssues.warnings += report.issues.numWarnings;
      if (report.issues.numErrors > 0) fail(`${tile.content.uri}: glTF validator: ${report.issues.messages.filter((x) => x.severity === 0).map((x) => `${x.code} ${x.pointer ?? ''}`).join('; ')}`);
      checkContent(readGlb(bytes), tile.content.uri, r, m ?? [], fail, result);
    }
    for (const [i, c] of (tile.children ?? []).entries()) await visit(c, `${path}.children[${i}]`, tile);
  };
  await visit(tileset.root, 'root');
  return result;
}

function checkContent(glb: Glb, uri: string, region: number[], m: number[], fail: (msg: string) => void, result: TilesetCheck): void {
  for (const ext of ['EXT_mesh_features', 'EXT_structural_metadata']) if (!glb.json.extensionsUsed?.includes(ext)) fail(`${uri}: ${ext} not in extensionsUsed`);
  const prim = glb.json.meshes[0]?.primitives[0];
  const fids = prim?.extensions?.EXT_mesh_features?.featureIds[0];
  if (!prim || !fids) return fail(`${uri}: primitive has no EXT_mesh_features feature IDs`);
  const table = readPropertyTable(glb);
  if (fids.featureCount !== table.count) fail(`${uri}: featureCount ${fids.featureCount} ≠ property table count ${table.count}`);
  const featureIds = readFloatAccessor(glb, prim.attributes[`_FEATURE_ID_${fids.attribute}`]!);
  const seen = new Set<number>();
  for (const id of featureIds) {
    if (!Number.isInteger(id) || id < 0 || id >= table.count) return fail(`${uri}: feature id ${id} out of range`);
    seen.add(id);
  }
  if (seen.size !== table.count) fail(`${uri}: ${table.count - seen.size} features have no geometry`);
  const ids = table.strings('id');
  const heights = table.floats('height');
  ids.forEach((id, i) => {
    if (result.heights.has(id)) fail(`${uri}: building ${id} appears in two tiles`);
    result.heights.set(id, heights[i]!);
  });
  result.features += table.count;

  // Every vertex must lie inside the tile's region: ENU (Y-up) → ECEF through the root transform.
  const pos = readFloatAccessor(glb, prim.attributes.POSITION!);
  const t = glb.json.nodes.find((nd) => nd.mesh !== undefined)?.translation ?? [0, 0, 0];
  const tol = 2e-7; // radians, about 1 m
  for (let i = 0; i < pos.length; i += 3) {
    const e = pos[i]! + t[0]!;
    const n = -(pos[i + 2]! + t[2]!);
    const u = pos[i + 1]! + t[1]!;
    const x = m[0]! * e + m[4]! * n + m[8]! * u + m[12]!;
    const y = m[1]! * e + m[5]! * n + m[9]! * u + m[13]!;
    const z = m[2]! * e + m[6]! * n + m[10]! * u + m[14]!;
    const [lon, lat, h] = ecefToGeodetic(x, y, z);
    if (lon < region[0]! - tol || lon > region[2]! + tol || lat < region[1]! - tol || lat > region[3]! + tol || h < region[4]! - 1 || h > region[5]! + 1) {
      return fail(`${uri}: vertex ${i / 3} (${((lon * 180) / Math.PI).toFixed(6)}, ${((lat * 180) / Math.PI).toFixed(6)}, ${h.toFixed(1)} m) is outside the tile region`);
    }
  }
}
