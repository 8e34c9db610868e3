/**
 * The crowds' part of the operations service (server/ops/opsPart.ts): the venues' crowds from the
 * signalling feed (./crowd.ts), with the business districts' signs of the catalogue when the
 * signs' part has one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCrowdModel, type CrowdModel } from '../crowdModel.ts';
import { startCrowdService, type CrowdService, type CrowdServiceStats } from './crowd.ts';
import type { OpsPart } from '../../../../server/ops/opsPart.ts';

/** The model's place under a city's tiles folder. */
export const CROWD_MODEL_FILE = join('crowd', 'model.bin');

export const readCrowdModel = (tilesDir: string): CrowdModel => decodeCrowdModel(readFileSync(join(tilesDir, CROWD_MODEL_FILE)));

declare module '../../../../server/ops/opsPart.ts' {
  interface DomainOpsOptions {
    /** The crowd model: the service then turns the signalling feed into the venues' crowds. */
    crowd?: { model: CrowdModel };
  }
  interface DomainOpsParts {
    crowd: CrowdService;
  }
  interface DomainOpsStats {
    crowd?: CrowdServiceStats;
  }
}

/** The crowd model of a tiles folder; a folder without one is said, and the service runs without crowds. */
function crowdOf(tiles: string | undefined): { model: CrowdModel } | undefined {
  if (!tiles) return undefined;
  try {
    return { model: readCrowdModel(tiles) };
  } catch (e) {
    console.warn(`crowds: no crowd model in ${tiles} (${e instanceof Error ? e.message : String(e)}); run npm run tiles`);
    return undefined;
  }
}

export const part = {
  name: 'crowd',
  /** CROWD_TILES (unset: no crowds), the tiles folder whose crowd model the venues' crowds run on. */
  fromEnv: (env) => crowdOf(env.CROWD_TILES),
  start: (ctx) => {
    const o = ctx.options.crowd;
    return o ? startCrowdService({ ...ctx.login('crowd'), prefix: ctx.prefix, model: o.model, catalogue: ctx.options.signs?.catalogue, publishes: ctx.leads, now: ctx.now }) : null;
  },
} satisfies OpsPart;
