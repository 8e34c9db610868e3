/**
 * EXT_mesh_features and EXT_structural_metadata for @gltf-transform, which has neither built in.
 * Written through its Extension API: the property table's columns become buffer views of the
 * glb's one buffer in `prewrite`, and both extensions' JSON is added in `write`.
 * Reading them back is not needed by the pipeline, so `read` leaves the document untouched.
 */
import { Extension, PropertyType, type Primitive, type ReaderContext, type WriterContext } from '@gltf-transform/core';

export interface FeatureIdDef {
  featureCount: number;
  /** N in the primitive's `_FEATURE_ID_N` attribute. */
  attribute: number;
  propertyTable: number;
}

export class MeshFeatures extends Extension {
  static override readonly EXTENSION_NAME = 'EXT_mesh_features';
  override readonly extensionName = 'EXT_mesh_features';
  private readonly defs = new Map<Primitive, FeatureIdDef[]>();

  setFeatureIds(prim: Primitive, featureIds: FeatureIdDef[]): this {
    this.defs.set(prim, featureIds);
    return this;
  }

  read(_context: ReaderContext): this {
    return this;
  }

  write(context: WriterContext): this {
    const json = context.jsonDoc.json;
    for (const mesh of this.document.getRoot().listMeshes()) {
      const meshDef = json.meshes?.[context.meshIndexMap.get(mesh)!];
      mesh.listPrimitives().forEach((prim, i) => {
        const featureIds = this.defs.get(prim);
        const primDef = meshDef?.primitives[i];
        if (!featureIds || !primDef) return;
        primDef.extensions = { ...primDef.extensions, [this.extensionName]: { featureIds } };
      });
    }
    return this;
  }
}

export type ScalarType = 'FLOAT32' | 'UINT16' | 'UINT32' | 'UINT8';

export type Column =
  | { type: 'STRING'; values: string[] }
  | { type: 'SCALAR'; componentType: ScalarType; values: ArrayLike<number>; noData?: number }
  | { type: 'ENUM'; enumType: string; values: ArrayLike<number> };

export interface MetadataSchema {
  id: string;
  classes: Record<string, { name?: string; properties: Record<string, Record<string, unknown>> }>;
  enums?: Record<string, { valueType: 'UINT8'; values: { name: string; value: number }[] }>;
}

const TYPED: Record<ScalarType, new (n: number) => Float32Array | Uint16Array | Uint32Array | Uint8Array> = {
  FLOAT32: Float32Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT8: Uint8Array,
};

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Pads a buffer view to whole 4-byte words. The writer packs these views back to back, so this
 * keeps every FLOAT32 and UINT32 column aligned to its component size, as the spec requires.
 * Trailing bytes past `count` values (or past the last string offset) are ignored by readers.
 */
function padded(data: Uint8Array): Uint8Array {
  const length = Math.max(4, Math.ceil(data.byteLength / 4) * 4);
  if (length === data.byteLength) return data;
  const out = new Uint8Array(length);
  out.set(data);
  return out;
}

function encodeStrings(values: string[]): { values: Uint8Array; offsets: Uint8Array } {
  const encoder = new TextEncoder();
  const parts = values.map((v) => encoder.encode(v));
  const offsets = new Uint32Array(values.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
  const data = new Uint8Array(offsets[values.length]!);
  parts.forEach((p, i) => data.set(p, offsets[i]));
  return { values: data, offsets: bytesOf(offsets) };
}

export class StructuralMetadata extends Extension {
  static override readonly EXTENSION_NAME = 'EXT_structural_metadata';
  override readonly extensionName = 'EXT_structural_metadata';
  override readonly prewriteTypes = [PropertyType.BUFFER];
  private schema?: MetadataSchema;
  private table?: { className: string; count: number; columns: Record<string, Column> };
  /** Column name → its buffer views, in the order the JSON names them. */
  private readonly views = new Map<string, { values: Uint8Array; stringOffsets?: Uint8Array }>();

  setSchema(schema: MetadataSchema): this {
    this.schema = schema;
    return this;
  }

  setPropertyTable(className: string, count: number, columns: Record<string, Column>): this {
    for (const [name, c] of Object.entries(columns)) {
      if (c.values.length !== count) throw new Error(`column ${name}: ${c.values.length} values for ${count} features`);
    }
    this.table = { className, count, columns };
    return this;
  }

  read(_context: ReaderContext): this {
    return this;
  }

  override prewrite(context: WriterContext): this {
    const buffer = this.document.getRoot().listBuffers()[0];
    if (!this.table || !buffer) return this;
    const list = context.otherBufferViews.get(buffer) ?? [];
    for (const [name, c] of Object.entries(this.table.columns)) {
      let entry: { values: Uint8Array; stringOffsets?: Uint8Array };
      if (c.type === 'STRING') {
        const s = encodeStrings(c.values);
        entry = { values: s.values, stringOffsets: s.offsets };
      } else {
        const typed = new TYPED[c.type === 'ENUM' ? 'UINT8' : c.componentType](c.values.length);
        typed.set(Array.from(c.values));
        entry = { values: bytesOf(typed) };
      }
      entry.values = padded(entry.values);
      if (entry.stringOffsets) entry.stringOffsets = padded(entry.stringOffsets);
      list.push(entry.values);
      if (entry.stringOffsets) list.push(entry.stringOffsets);
      this.views.set(name, entry);
    }
    context.otherBufferViews.set(buffer, list);
    return this;
  }

  write(context: WriterContext): this {
    if (!this.schema || !this.table) return this;
    const index = (data: Uint8Array): number => {
      const i = context.otherBufferViewsIndexMap.get(data);
      if (i === undefined) throw new Error('property table buffer view was not written');
      return i;
    };
    const properties: Record<string, Record<string, unknown>> = {};
    for (const [name, entry] of this.views) {
      properties[name] = entry.stringOffsets ? { values: index(entry.values), stringOffsets: index(entry.stringOffsets) } : { values: index(entry.values) };
    }
    const json = context.jsonDoc.json;
    json.extensions = {
      ...json.extensions,
      [this.extensionName]: { schema: this.schema, propertyTables: [{ class: this.table.className, count: this.table.count, properties }] },
    };
    return this;
  }
}
