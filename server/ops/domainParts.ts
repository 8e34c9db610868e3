/**
 * The domains' parts of the operations service (./opsPart.ts), found by folder: every
 * src/domains/<name>/server/opsPart.ts, in the folders' order. The page finds its domains' parts
 * with import.meta.glob; Node has no glob import, so the folder is read once, at load.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpsPart } from './opsPart.ts';

const DOMAINS = join(import.meta.dirname, '../../src/domains');
export const PART_FILE = join('server', 'opsPart.ts');

const files = readdirSync(DOMAINS)
  .toSorted()
  .map((name) => join(DOMAINS, name, PART_FILE))
  .filter((file) => existsSync(file));

export const domainParts: readonly OpsPart[] = await Promise.all(files.map(async (file) => ((await import(pathToFileURL(file).href)) as { part: OpsPart }).part));
