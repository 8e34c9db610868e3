/**
 * The vital signs' part of the operations service (server/ops/opsPart.ts): the derived figures
 * and every sign's recent history (./signs.ts), and the history's public route.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SENSOR_KINDS } from '../../../live/contract.ts';
import { parseCatalogue, type Catalogue } from '../catalogue.ts';
import { signHistoryRoute, startSignService, type SignService } from './signs.ts';
import { DEFAULT_DISTRICTS, GENERATED, readDistrictCodes } from '../../../../server/data/cityFiles.ts';
import type { OpsPart } from '../../../../server/ops/opsPart.ts';

export const DEFAULT_CATALOGUE = join(GENERATED, 'signs.json');

/** The vital signs' catalogue; refused entries are said and left out, a catalogue with none usable throws. */
export function readCatalogue(file: string): Catalogue {
  const r = parseCatalogue(JSON.parse(readFileSync(file, 'utf8')), SENSOR_KINDS);
  if (!r.ok) throw new Error(`${file}: ${r.refused.map((x) => `${x.entry}: ${x.message}`).join('; ')}`);
  for (const x of r.refused) console.warn(`${file}: refused ${x.entry}: ${x.message}`);
  return r.catalogue;
}

export interface SignOptions {
  catalogue: Catalogue;
  districts: readonly string[];
}

declare module '../../../../server/ops/opsPart.ts' {
  interface DomainOpsOptions {
    /** The vital-sign catalogue and the districts: the service derives the live-feed figures. */
    signs?: SignOptions;
  }
  interface DomainOpsParts {
    signs: SignService;
  }
}

export const part = {
  name: 'signs',
  /** SIGN_CATALOGUE (default: the generated one; empty: none) and DISTRICTS. */
  fromEnv: (env): SignOptions | undefined =>
    env.SIGN_CATALOGUE === '' ? undefined : { catalogue: readCatalogue(env.SIGN_CATALOGUE ?? DEFAULT_CATALOGUE), districts: readDistrictCodes(env.DISTRICTS ?? DEFAULT_DISTRICTS) },
  start: (ctx) => {
    const o = ctx.options.signs;
    return o ? startSignService({ ...ctx.login('signs'), registry: ctx.registry, prefix: ctx.prefix, ...o, publishes: ctx.leads, now: ctx.now }) : null;
  },
  // The signs' history is as public as the signs: no login.
  api: (service) => ({ open: (req, _url, res) => (service.parts.signs ? signHistoryRoute(service.parts.signs, req, res) : false) }),
} satisfies OpsPart;
