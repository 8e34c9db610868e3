/**
 * The registry of layer kinds: each kind is one folder under src/layers, and this list is the one
 * line per kind that adds it. The city config's schema, the loader, the scene host, the info panel
 * and the layer panel read kinds from here and name none of them. The app's own layers (the
 * planner's) are listed here too, so the scene host names none of those either.
 */
import { z } from 'zod';
import { makeCitySchema, type LayerConfig } from '../config/citySchema.ts';
import { buildingsKind } from '../layers/buildings/index.tsx';
import { casesKind } from '../domains/cases/layer/index.tsx';
import { crowdKind } from '../domains/crowd/layer/index.tsx';
import { districtsKind } from '../layers/districts/index.tsx';
import { floodKind } from '../domains/flood/layer/index.tsx';
import { gridKind } from '../layers/grid/index.tsx';
import type { AppLayer, LayerKind, LoadContext } from '../layers/layerKind.ts';
import { analysesLayer } from '../domains/planner/analyses/index.ts';
import { drawingsLayer } from '../domains/planner/drawings/index.ts';
import { proposalsLayer } from '../domains/planner/proposals/index.ts';
import { panoramaKind } from '../domains/panorama/layer/index.tsx';
import { sensorsKind } from '../domains/sensors/layer/index.tsx';
import { trucksKind } from '../domains/trucks/layer/index.tsx';
import { waterKind } from '../layers/water/index.tsx';
import type { LayerLoad } from '../sources/layerLoad.ts';

/** A kind seen from outside its folder: its config, data and props are its own business. */
export type AnyLayerKind = LayerKind<LayerConfig['kind'], unknown>;

// Each descriptor is typed by its own kind; the list holds them as kinds in general (the
// registry only passes a kind's own config and data back to it).
const KINDS = [districtsKind, waterKind, buildingsKind, gridKind, sensorsKind, trucksKind, floodKind, panoramaKind, crowdKind, casesKind] as unknown as readonly AnyLayerKind[];

/** The app's own layers, in drawing order: each typed by its own props, held as layers in general. */
export const APP_LAYERS = [drawingsLayer, proposalsLayer, analysesLayer] as unknown as readonly AppLayer<unknown>[];

const byKind = new Map(KINDS.map((k) => [k.kind as string, k]));

export function layerKind(kind: string): AnyLayerKind {
  const k = byKind.get(kind);
  if (!k) throw new Error(`no layer kind ${kind}`);
  return k;
}

/** city.json's schema: a layer entry is valid when it is valid for its kind. */
export const citySchema = makeCitySchema(z.discriminatedUnion('kind', KINDS.map((k) => k.config) as unknown as [z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<LayerConfig>);

/** Fetches and decodes one layer's data with its kind's loader. Never throws. */
export function loadLayer(config: LayerConfig, ctx: Omit<LoadContext, 'url'>): Promise<LayerLoad> {
  return layerKind(config.kind).load(config, { ...ctx, url: new URL(config.url, ctx.cityBase).href });
}
