/**
 * The default city's generated files as the server reads them (the sensor registry, the
 * districts), and their readers; each domain reads its own files beside its server part. The
 * simulator and the dev stack read the same files through here, so that the server never
 * imports either.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registrySchema, toRegistry, type SensorRegistry } from '../../src/live/contract.ts';

const ROOT = join(import.meta.dirname, '../..');
/** The default city's generated files. */
export const GENERATED = join(ROOT, 'public/cities/guangzhou/generated');

export const DEFAULT_REGISTRY = join(GENERATED, 'sensors.geojson');
export const DEFAULT_DISTRICTS = join(GENERATED, 'districts.geojson');
/** The default city's topics. */
export const TOPIC_PREFIX = 'city/guangzhou';
/** The default city's tiles folder (`npm run tiles`). */
export const DEFAULT_TILES = join(ROOT, 'tiles/guangzhou');

export function readRegistry(file: string): SensorRegistry {
  return toRegistry(registrySchema.parse(JSON.parse(readFileSync(file, 'utf8'))));
}

/** The districts' adcodes, in the order of the districts file. */
export function readDistrictCodes(file: string): string[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: { adcode: string } }[] };
  return doc.features.map((f) => f.properties.adcode);
}
