import type { CameraView } from '../config/citySchema.ts';
import { cameraViewSchema } from '../config/citySchema.ts';

/**
 * The shareable part of the app state, kept in the URL hash:
 *   #cam=lon,lat,height,heading,pitch&layers=districts,water
 * `layers` lists the visible layers; a layer missing from the list is hidden.
 */
export interface HashState {
  camera?: CameraView;
  visibleLayers?: string[];
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

export function formatHash(state: HashState): string {
  const params: string[] = [];
  if (state.camera) {
    const c = state.camera;
    params.push(`cam=${[round(c.lon, 6), round(c.lat, 6), round(c.height, 1), round(c.heading, 2), round(c.pitch, 2)].join(',')}`);
  }
  if (state.visibleLayers) params.push(`layers=${state.visibleLayers.map(encodeURIComponent).join(',')}`);
  return params.length ? `#${params.join('&')}` : '';
}

/** Parses a hash; a malformed part is ignored (and reported) rather than breaking the page. */
export function parseHash(hash: string): { state: HashState; problems: string[] } {
  const state: HashState = {};
  const problems: string[] = [];
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const cam = params.get('cam');
  if (cam !== null) {
    const [lon, lat, height, heading, pitch] = cam.split(',').map(Number);
    const parsed = cameraViewSchema.safeParse({ lon, lat, height, heading: heading ?? 0, pitch: pitch ?? -90 });
    if (parsed.success) state.camera = parsed.data;
    else problems.push(`cam: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  }
  const layers = params.get('layers');
  if (layers !== null) state.visibleLayers = layers === '' ? [] : layers.split(',').map(decodeURIComponent);
  return { state, problems };
}
