import type { Bounds } from './decodeFeatures.ts';
import { decodePointFeatures, decodePolygonFeatures, GeoJsonDocumentError } from './decodeFeatures.ts';
import { districtPropsSchema, facilityPropsSchema, waterPropsSchema } from './basemapSchemas.ts';
import type { LayerConfig } from '../config/citySchema.ts';
import type { LayerLoad } from '../sources/layerLoad.ts';
import { analysis } from '../analysis/worker/analysisClient.ts';
import { liveFeed } from '../live/liveFeed.ts';

/** Where the live feed comes from: the city's broker, or the deployment's override. */
export interface LiveSource {
  mqttUrl: string;
  topicPrefix: string;
  username?: string;
  password?: string;
}

/** The grid floats just above the district fill and the river. */
const GRID_HEIGHT_M = 30;

/**
 * Fetches and decodes one layer's data. Never throws: every failure becomes an `error` load state
 * that the layer panel shows next to the layer's toggle.
 */
export async function loadLayer(layer: LayerConfig, cityBase: string, bounds: Bounds, live: LiveSource): Promise<LayerLoad> {
  const url = new URL(layer.url, cityBase).href;
  if (layer.kind === 'sensors') {
    try {
      // The registry arrives first; readings keep streaming into the table afterwards.
      const table = await liveFeed().start({ registryUrl: url, ...live });
      const { rejected, examples } = table.registry;
      return { state: 'ready', report: { accepted: table.count, repaired: 0, rejected: rejected > 0 ? { invalid: rejected } : {}, examples }, data: { kind: 'sensors', table } };
    } catch (e) {
      return { state: 'error', message: `${layer.url}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  if (layer.kind === 'grid') {
    try {
      // The grid draws now; its statistics follow from the same worker (src/controllers/gridStats.ts).
      const loaded = await analysis().request({ type: 'load', gridUrl: url, height: GRID_HEIGHT_M });
      performance.mark('canton-twin:grid-data');
      const report = { ...loaded.report, repaired: 0 };
      return { state: 'ready', report, data: { kind: 'grid', loaded, cellIds: loaded.ids } };
    } catch (e) {
      return { state: 'error', message: `${layer.url}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  // 3D Tiles stream in the scene layer, which reports its own progress and errors.
  if (layer.kind === 'buildings') return { state: 'ready', report: { accepted: 0, repaired: 0, rejected: {}, examples: [] }, data: { kind: 'buildings', url } };
  let json: unknown;
  try {
    const res = await fetch(url);
    if (!res.ok) return { state: 'error', message: `${layer.url}: HTTP ${res.status}` };
    json = await res.json();
  } catch (e) {
    return { state: 'error', message: `${layer.url}: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    switch (layer.kind) {
      case 'districts': {
        const { features, report } = decodePolygonFeatures(json, districtPropsSchema, bounds);
        return { state: 'ready', report, data: { kind: 'districts', features } };
      }
      case 'water': {
        // Water runs past the city's edge into the estuary, so it gets a wider margin.
        const wide = { west: bounds.west - 0.5, south: bounds.south - 0.5, east: bounds.east + 0.5, north: bounds.north + 0.5 };
        const { features, report } = decodePolygonFeatures(json, waterPropsSchema, wide);
        return { state: 'ready', report, data: { kind: 'water', features } };
      }
      case 'flood': {
        const { features, report } = decodePointFeatures(json, facilityPropsSchema, bounds);
        return { state: 'ready', report, data: { kind: 'flood', facilities: features } };
      }
      default:
        return { state: 'error', message: `${layer.url}: no decoder for ${layer.kind}` };
    }
  } catch (e) {
    if (e instanceof GeoJsonDocumentError) return { state: 'error', message: `${layer.url}: ${e.message}` };
    throw e;
  }
}
