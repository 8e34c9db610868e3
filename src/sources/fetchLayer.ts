import { GeoJsonDocumentError } from './decodeFeatures.ts';
import type { LayerData, LayerLoad, LoadReport } from './layerLoad.ts';

/** A load that failed, named by the layer's URL as city.json gives it. */
export function failedLoad(configUrl: string, e: unknown): LayerLoad {
  return { state: 'error', message: `${configUrl}: ${e instanceof Error ? e.message : String(e)}` };
}

/**
 * Fetches a layer's GeoJSON and decodes it. Never throws: a network error, an HTTP error, broken
 * JSON or a document that is not GeoJSON each become an `error` load, shown by the layer's toggle.
 */
export async function loadGeoJson(configUrl: string, url: string, decode: (json: unknown) => { report: LoadReport; data: LayerData }): Promise<LayerLoad> {
  let json: unknown;
  try {
    const res = await fetch(url);
    if (!res.ok) return { state: 'error', message: `${configUrl}: HTTP ${res.status}` };
    json = await res.json();
  } catch (e) {
    return failedLoad(configUrl, e);
  }
  try {
    return { state: 'ready', ...decode(json) };
  } catch (e) {
    if (e instanceof GeoJsonDocumentError) return failedLoad(configUrl, e);
    throw e;
  }
}
