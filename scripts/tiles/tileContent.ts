/** One tile's content: a glb with one mesh, one feature ID per building and its property table. */
import { Document, NodeIO } from '@gltf-transform/core';
import { BUILDING_USES, type Building } from './footprints.ts';
import { TileMeshBuilder } from './mesh.ts';
import { MeshFeatures, StructuralMetadata, type MetadataSchema } from './metadataExtensions.ts';

export const BUILDING_CLASS = 'building';

export const BUILDING_SCHEMA: MetadataSchema = {
  id: 'canton_twin_buildings',
  classes: {
    [BUILDING_CLASS]: {
      name: 'Building',
      properties: {
        id: { type: 'STRING', required: true },
        name: { type: 'STRING' },
        height: { type: 'SCALAR', componentType: 'FLOAT32', description: 'Top of the building, metres above ground', required: true },
        floors: { type: 'SCALAR', componentType: 'UINT16' },
        use: { type: 'ENUM', enumType: 'use', required: true },
        year: { type: 'SCALAR', componentType: 'UINT16', noData: 0, description: 'Year built; 0 when unknown' },
        district: { type: 'STRING', description: 'District adcode' },
      },
    },
  },
  enums: { use: { valueType: 'UINT8', values: BUILDING_USES.map((name, value) => ({ name, value })) } },
};

const io = new NodeIO().registerExtensions([MeshFeatures, StructuralMetadata]);

export interface TileContent {
  glb: Uint8Array;
  vertices: number;
  triangles: number;
}

export async function writeTileContent(buildings: readonly Building[], toEnu: (lon: number, lat: number, h: number) => [number, number, number], centre: [number, number, number]): Promise<TileContent> {
  const builder = new TileMeshBuilder(toEnu, centre);
  buildings.forEach((b, i) => builder.addBuilding(b, i));
  const mesh = builder.finish();

  const doc = new Document();
  const buffer = doc.createBuffer();
  const accessor = (type: 'VEC3' | 'SCALAR', array: Float32Array | Uint32Array | Uint16Array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const material = doc.createMaterial('building').setBaseColorFactor([0.92, 0.93, 0.95, 1]).setMetallicFactor(0).setRoughnessFactor(0.85);
  const prim = doc
    .createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', mesh.positions))
    .setAttribute('NORMAL', accessor('VEC3', mesh.normals))
    .setAttribute('_FEATURE_ID_0', accessor('SCALAR', mesh.featureIds))
    // 16-bit indices whenever they fit: a third less index data in most tiles.
    .setIndices(accessor('SCALAR', mesh.positions.length / 3 <= 65535 ? Uint16Array.from(mesh.indices) : mesh.indices))
    .setMaterial(material);
  const node = doc.createNode('buildings').setMesh(doc.createMesh('buildings').addPrimitive(prim));
  // The tile centre, in the tileset's ENU frame written Y-up, keeps the float32 positions small.
  node.setTranslation([centre[0], centre[2], -centre[1]]);
  doc.createScene('tile').addChild(node);
  doc.getRoot().setDefaultScene(doc.getRoot().listScenes()[0]!);

  doc.createExtension(MeshFeatures).setFeatureIds(prim, [{ featureCount: buildings.length, attribute: 0, propertyTable: 0 }]);
  doc
    .createExtension(StructuralMetadata)
    .setSchema(BUILDING_SCHEMA)
    .setPropertyTable(BUILDING_CLASS, buildings.length, {
      id: { type: 'STRING', values: buildings.map((b) => b.id) },
      name: { type: 'STRING', values: buildings.map((b) => b.name) },
      height: { type: 'SCALAR', componentType: 'FLOAT32', values: buildings.map((b) => b.height) },
      floors: { type: 'SCALAR', componentType: 'UINT16', values: buildings.map((b) => Math.min(65535, b.floors)) },
      use: { type: 'ENUM', enumType: 'use', values: buildings.map((b) => BUILDING_USES.indexOf(b.use)) },
      year: { type: 'SCALAR', componentType: 'UINT16', values: buildings.map((b) => b.year) },
      district: { type: 'STRING', values: buildings.map((b) => b.district) },
    });
  doc.getRoot().getAsset().generator = 'Canton Twin tiler';
  return { glb: await io.writeBinary(doc), vertices: mesh.positions.length / 3, triangles: mesh.indices.length / 3 };
}
