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

/** Byte size of one component: what each column's buffer view must be aligned to. */
const COMPONENT_BYTES: Record<ScalarType, number> = { FLOAT32: 4, UINT32: 4, UINT16: 2, UINT8: 1 };

/** One buffer view of the property table, exactly as long as its values: no padding inside a view. */
interface ColumnView {
  column: string;
  role: 'values' | 'stringOffsets';
  data: Uint8Array;
  /** The component size its byteOffset must be a multiple of. */
  align: number;
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
  /** The property table's buffer views, in the order they are packed. */
  private views: ColumnView[] = [];

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

  /**
   * EXT_structural_metadata wants each view exactly `count × component size` long (or the last
   * string offset, for string bytes): alignment padding belongs between views, never inside one.
   * gltf-transform packs these views back to back after the 4-byte-aligned geometry, so writing
   * them by falling component size (4, then 2, then 1 byte) keeps every view aligned with no
   * padding at all. A string column with no text in this tile would need a zero-length view,
   * which glTF forbids, so an optional one is left out of the tile's table.
   */
  override prewrite(context: WriterContext): this {
    const buffer = this.document.getRoot().listBuffers()[0];
    if (!this.table || !buffer) return this;
    const required = this.schema?.classes[this.table.className]?.properties ?? {};
    const views: ColumnView[] = [];
    for (const [column, c] of Object.entries(this.table.columns)) {
      if (c.type === 'STRING') {
        const s = encodeStrings(c.values);
        if (s.values.byteLength === 0) {
          if (required[column]?.required === true) throw new Error(`column ${column}: required, but every value is empty`);
          continue;
        }
        views.push({ column, role: 'values', data: s.values, align: 1 }, { column, role: 'stringOffsets', data: s.offsets, align: 4 });
      } else {
        const componentType = c.type === 'ENUM' ? 'UINT8' : c.componentType;
        const typed = new TYPED[componentType](c.values.length);
        typed.set(Array.from(c.values));
        views.push({ column, role: 'values', data: bytesOf(typed), align: COMPONENT_BYTES[componentType] });
      }
    }
    views.sort((a, b) => b.align - a.align);
    context.otherBufferViews.set(buffer, [...(context.otherBufferViews.get(buffer) ?? []), ...views.map((v) => v.data)]);
    this.views = views;
    return this;
  }

  write(context: WriterContext): this {
    if (!this.schema || !this.table) return this;
    const index = (data: Uint8Array): number => {
      const i = context.otherBufferViewsIndexMap.get(data);
      if (i === undefined) throw new Error('property table buffer view was not written');
      return i;
    };
    const json = context.jsonDoc.json;
    const properties: Record<string, Record<string, number>> = {};
    for (const v of this.views) {
      const i = index(v.data);
      // A guard on the packing order above: gltf-transform owns the offsets.
      const offset = json.bufferViews?.[i]?.byteOffset ?? 0;
      if (offset % v.align !== 0) throw new Error(`column ${v.column}: ${v.role} view at byte ${offset} is not aligned to ${v.align}`);
      (properties[v.column] ??= {})[v.role] = i;
    }
    json.extensions = {
      ...json.extensions,
      [this.extensionName]: { schema: this.schema, propertyTables: [{ class: this.table.className, count: this.table.count, properties }] },
    };
    return this;
  }
}
