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
  extensions?: { EXT_structural_metadata?: StructuralMetadataJson };
}

interface ClassPropertyJson {
  type: string;
  componentType?: string;
  enumType?: string;
  array?: boolean;
  count?: number;
  required?: boolean;
}

interface PropertyTablePropertyJson {
  values: number;
  stringOffsets?: number;
  arrayOffsets?: number;
  stringOffsetType?: string;
  arrayOffsetType?: string;
}

interface StructuralMetadataJson {
  schema: { classes: Record<string, { properties?: Record<string, ClassPropertyJson> }>; enums?: Record<string, { valueType?: string }> };
  propertyTables: { class: string; count: number; properties: Record<string, PropertyTablePropertyJson> }[];
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

const COMPONENT_BYTES: Record<string, number> = { INT8: 1, UINT8: 1, INT16: 2, UINT16: 2, INT32: 4, UINT32: 4, INT64: 8, UINT64: 8, FLOAT32: 4, FLOAT64: 8 };
const TYPE_COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT2: 4, MAT3: 9, MAT4: 16 };

function readOffsets(bytes: Uint8Array, type: string): number[] {
  const size = COMPONENT_BYTES[type]!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: Math.floor(bytes.byteLength / size) }, (_, i) =>
    size === 1 ? dv.getUint8(i) : size === 2 ? dv.getUint16(i * 2, true) : size === 4 ? dv.getUint32(i * 4, true) : Number(dv.getBigUint64(i * 8, true)),
  );
}

/**
 * The binary layout rules of EXT_structural_metadata property tables, as the CesiumGS
 * 3d-tiles-validator applies them (its METADATA_INVALID_LENGTH, _ALIGNMENT and _OFFSETS
 * checks): each `values` view holds exactly count × components × component size bytes (booleans
 * one bit each; strings the bytes up to the last string offset), each `stringOffsets` and
 * `arrayOffsets` view exactly (n + 1) offsets, ascending from 0, and every view starts on a
 * multiple of its component size. Required properties must be present, unknown ones absent, and
 * no view may be empty (glTF forbids a zero-length buffer view).
 */
export function propertyTableProblems(glb: Glb): string[] {
  const problems: string[] = [];
  const ext = glb.json.extensions?.EXT_structural_metadata;
  if (!ext) return ['no EXT_structural_metadata'];
  const view = (index: number | undefined, what: string): { bytes: Uint8Array; byteOffset: number } | undefined => {
    const bv = index === undefined ? undefined : glb.json.bufferViews[index];
    if (!bv) {
      problems.push(`${what}: no buffer view ${index}`);
      return undefined;
    }
    if (bv.byteLength <= 0) problems.push(`${what}: buffer view ${index} is empty`);
    return { bytes: viewBytes(glb, index!), byteOffset: bv.byteOffset ?? 0 };
  };
  const aligned = (what: string, v: { byteOffset: number }, type: string): void => {
    if (v.byteOffset % COMPONENT_BYTES[type]! !== 0) problems.push(`${what}: byteOffset ${v.byteOffset} is not a multiple of ${COMPONENT_BYTES[type]} (${type})`);
  };
  /** Checks an offsets view of n + 1 entries and returns its last offset, or undefined when broken. */
  const offsets = (what: string, index: number | undefined, type: string, n: number): number | undefined => {
    const v = view(index, what);
    if (!v) return undefined;
    aligned(what, v, type);
    const expected = (n + 1) * COMPONENT_BYTES[type]!;
    if (v.bytes.byteLength !== expected) {
      problems.push(`${what}: byteLength ${v.bytes.byteLength}, expected ${n + 1} × ${COMPONENT_BYTES[type]} = ${expected}`);
      return undefined;
    }
    const list = readOffsets(v.bytes, type);
    if (list[0] !== 0) problems.push(`${what}: first offset is ${list[0]}, not 0`);
    for (let i = 1; i < list.length; i++) if (list[i]! < list[i - 1]!) return void problems.push(`${what}: offset ${i} (${list[i]}) is below offset ${i - 1} (${list[i - 1]})`);
    return list[list.length - 1];
  };

  ext.propertyTables.forEach((table, t) => {
    const cls = ext.schema.classes[table.class]?.properties;
    if (!cls) return void problems.push(`propertyTables[${t}]: class ${table.class} is not in the schema`);
    for (const [id, def] of Object.entries(cls)) if (def.required && !table.properties[id]) problems.push(`propertyTables[${t}]: required property ${id} is missing`);
    for (const [id, prop] of Object.entries(table.properties)) {
      const where = `propertyTables[${t}].${id}`;
      const def = cls[id];
      if (!def) {
        problems.push(`${where}: not a property of class ${table.class}`);
        continue;
      }
      // Elements per feature: fixed-length arrays hold `count`, variable ones the arrayOffsets span.
      let elements = table.count * (def.array && def.count !== undefined ? def.count : 1);
      if (def.array && def.count === undefined) {
        const last = offsets(`${where} arrayOffsets`, prop.arrayOffsets, prop.arrayOffsetType ?? 'UINT32', table.count);
        if (last === undefined) continue;
        // Array offsets count elements (strings, for a string array), not bytes.
        elements = last;
      }
      const values = view(prop.values, `${where} values`);
      if (!values) continue;
      let expected: number;
      if (def.type === 'STRING') {
        const last = offsets(`${where} stringOffsets`, prop.stringOffsets, prop.stringOffsetType ?? 'UINT32', elements);
        if (last === undefined) continue;
        expected = last;
      } else if (def.type === 'BOOLEAN') {
        expected = Math.ceil(elements / 8);
      } else {
        const componentType = def.type === 'ENUM' ? (ext.schema.enums?.[def.enumType ?? '']?.valueType ?? 'UINT16') : def.componentType;
        const size = componentType ? COMPONENT_BYTES[componentType] : undefined;
        const components = def.type === 'ENUM' ? 1 : TYPE_COMPONENTS[def.type];
        if (!componentType || !size || !components) {
          problems.push(`${where}: type ${def.type} with component type ${componentType} is not valid`);
          continue;
        }
        aligned(`${where} values`, values, componentType);
        expected = elements * components * size;
      }
      if (values.bytes.byteLength !== expected) problems.push(`${where} values: byteLength ${values.bytes.byteLength}, expected ${expected}`);
    }
  });
  return problems;
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
  for (const problem of propertyTableProblems(glb)) fail(`${uri}: ${problem}`);
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
