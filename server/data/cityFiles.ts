/**
 * The default city's generated files as the server reads them (the sensor registry, the vital
 * signs' catalogue, the districts, the crowd model), and their readers. The simulator and the dev
 * stack read the same files through here, so that the server never imports either.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCrowdModel, type CrowdModel } from '../../src/domains/crowd/crowdModel.ts';
import { registrySchema, SENSOR_KINDS, toRegistry, type SensorRegistry } from '../../src/live/contract.ts';
import { parseCatalogue, type Catalogue } from '../../src/domains/signs/catalogue.ts';

const ROOT = join(import.meta.dirname, '../..');
const GENERATED = join(ROOT, 'public/cities/guangzhou/generated');

export const DEFAULT_REGISTRY = join(GENERATED, 'sensors.geojson');
export const DEFAULT_CATALOGUE = join(GENERATED, 'signs.json');
export const DEFAULT_DISTRICTS = join(GENERATED, 'districts.geojson');
/** The default city's topics. */
export const TOPIC_PREFIX = 'city/guangzhou';
/** The model's place under a city's tiles folder. */
export const CROWD_MODEL_FILE = join('crowd', 'model.bin');
/** The default city's tiles folder, whose crowd model the simulator and the service read. */
export const DEFAULT_CROWD_TILES = join(ROOT, 'tiles/guangzhou');

export function readRegistry(file: string): SensorRegistry {
  return toRegistry(registrySchema.parse(JSON.parse(readFileSync(file, 'utf8'))));
}

/** The districts' adcodes, in the order of the districts file. */
export function readDistrictCodes(file: string): string[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: { adcode: string } }[] };
  return doc.features.map((f) => f.properties.adcode);
}

/** The vital signs' catalogue; refused entries are said and left out, a catalogue with none usable throws. */
export function readCatalogue(file: string): Catalogue {
  const r = parseCatalogue(JSON.parse(readFileSync(file, 'utf8')), SENSOR_KINDS);
  if (!r.ok) throw new Error(`${file}: ${r.refused.map((x) => `${x.entry}: ${x.message}`).join('; ')}`);
  for (const x of r.refused) console.warn(`${file}: refused ${x.entry}: ${x.message}`);
  return r.catalogue;
}

export const readCrowdModel = (tilesDir: string): CrowdModel => decodeCrowdModel(readFileSync(join(tilesDir, CROWD_MODEL_FILE)));
