import type { CameraView } from '../config/citySchema.ts';
import { cameraViewSchema } from '../config/citySchema.ts';
import type { AppMode } from './store.ts';

/**
 * The shareable part of the app state, kept in the URL hash:
 *   #cam=lon,lat,height,heading,pitch&layers=districts,water&mode=flood&whatif=3.5
 * `layers` lists the visible layers; a layer missing from the list is hidden. `mode=flood` opens
 * the flood view, and `whatif` sets its river level (m) instead of the live gauges.
 */
export interface HashState {
  camera?: CameraView;
  visibleLayers?: string[];
  mode?: AppMode;
  whatIfLevelM?: number;
}

/** The what-if slider's range, m. */
export const WHAT_IF_RANGE = { min: 0, max: 8, step: 0.1 } as const;

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

export function formatHash(state: HashState): string {
  const params: string[] = [];
  if (state.camera) {
    const c = state.camera;
    params.push(`cam=${[round(c.lon, 6), round(c.lat, 6), round(c.height, 1), round(c.heading, 2), round(c.pitch, 2)].join(',')}`);
  }
  if (state.visibleLayers) params.push(`layers=${state.visibleLayers.map(encodeURIComponent).join(',')}`);
  if (state.mode === 'flood') params.push('mode=flood');
  if (state.whatIfLevelM !== undefined) params.push(`whatif=${round(state.whatIfLevelM, 2)}`);
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
  const mode = params.get('mode');
  if (mode === 'flood' || mode === 'city') state.mode = mode;
  else if (mode !== null) problems.push(`mode: expected flood or city, got ${mode}`);
  const whatIf = params.get('whatif');
  if (whatIf !== null) {
    const level = Number(whatIf);
    if (whatIf !== '' && Number.isFinite(level) && level >= WHAT_IF_RANGE.min && level <= WHAT_IF_RANGE.max) state.whatIfLevelM = level;
    else problems.push(`whatif: expected a level from ${WHAT_IF_RANGE.min} to ${WHAT_IF_RANGE.max} m, got ${whatIf}`);
  }
  return { state, problems };
}
