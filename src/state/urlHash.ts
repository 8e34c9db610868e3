import type { CameraView } from '../config/citySchema.ts';
import { cameraViewSchema } from '../config/citySchema.ts';
import type { AppMode } from '../domains/flood/index.ts';
import { LOOKS, type Look } from '../legend/look.ts';
import type { DrawnGeometry } from '../domains/planner/planner.ts';
import { placeModel, type ProposedBuilding } from '../domains/planner/proposed.ts';

/**
 * The shareable part of the app state, kept in the URL hash:
 *   #cam=lon,lat,height,heading,pitch&layers=districts,water&mode=flood&whatif=3.5
 * `layers` lists the visible layers; a layer missing from the list is hidden. `mode=flood` opens
 * the flood view, and `whatif` sets its river level (m) instead of the live gauges.
 * `draw` holds the planner's shapes (`p:lon,lat` a point, `l:` a line, `a:` an area, vertices
 * separated by `_`, shapes by `~`), `sel=layer:feature` the selection and `theme=water` the
 * vital-sign theme. `prop` holds the proposed buildings (`e:height:lon,lat_lon,lat…` an extruded
 * footprint, `m:name:lon,lat:heading:scale:box` a placed model, by `~`) and `demo` the ids of the
 * buildings they replace, by `,`. `look=day` is the planner's day look (the dark look is the default).
 */
export interface HashState {
  camera?: CameraView;
  visibleLayers?: string[];
  mode?: AppMode;
  whatIfLevelM?: number;
  shapes?: DrawnGeometry[];
  selection?: { layerId: string; featureId: string };
  /** The vital-sign theme on show (its id in the catalogue). */
  theme?: string;
  proposed?: ProposedBuilding[];
  demolished?: string[];
  look?: Look;
}

const coord = (p: readonly number[]): string => `${round(p[0]!, 7)},${round(p[1]!, 7)}`;

/** The proposals as one hash value: shared by the URL and the saved viewpoints. */
export function encodeProposals(proposed: readonly ProposedBuilding[]): string {
  return proposed
    .map((b) => {
      const m = b.model;
      if (!m) return `e:${round(b.height, 1)}:${b.footprint.map(coord).join('_')}`;
      return `m:${encodeURIComponent(m.name)}:${coord([m.lon, m.lat])}:${round(m.heading, 1)}:${round(m.scale, 3)}:${m.box.map((v) => round(v, 2)).join(',')}`;
    })
    .join('~');
}

const pairs = (t: string): number[][] => t.split('_').map((p) => p.split(',').map(Number));
const validLonLat = (p: number[]): boolean => p.length === 2 && p.every(Number.isFinite) && Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90;

/** Proposals from a hash value; a malformed one is reported and left out. */
export function decodeProposals(text: string): { proposed: ProposedBuilding[]; problems: string[] } {
  const proposed: ProposedBuilding[] = [];
  const problems: string[] = [];
  for (const part of text.split('~')) {
    const fields = part.split(':');
    const id = `P${proposed.length + 1}`;
    if (fields[0] === 'e' && fields.length === 3) {
      const height = Number(fields[1]);
      const ring = pairs(fields[2]!);
      if (Number.isFinite(height) && height > 0 && height <= 1000 && ring.length >= 3 && ring.every(validLonLat)) {
        proposed.push({ id, footprint: ring.map((p) => [p[0]!, p[1]!]), height, model: null });
        continue;
      }
    } else if (fields[0] === 'm' && fields.length === 6) {
      const at = pairs(fields[2]!)[0]!;
      const heading = Number(fields[3]);
      const scale = Number(fields[4]);
      const box = fields[5]!.split(',').map(Number);
      if (validLonLat(at) && Number.isFinite(heading) && scale > 0 && scale <= 100 && box.length === 6 && box.every(Number.isFinite)) {
        proposed.push(placeModel(id, { name: decodeURIComponent(fields[1]!), lon: at[0]!, lat: at[1]!, heading, scale, box: box as [number, number, number, number, number, number] }));
        continue;
      }
    }
    problems.push(`prop: not a proposed building: ${part.slice(0, 40)}`);
  }
  return { proposed, problems };
}

const SHAPE_CODES = { Point: 'p', LineString: 'l', Polygon: 'a' } as const;

function encodeShape(g: DrawnGeometry): string {
  const ring = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.coordinates[0]!.slice(0, -1);
  return `${SHAPE_CODES[g.type]}:${ring.map((p) => `${round(p[0]!, 6)},${round(p[1]!, 6)}`).join('_')}`;
}

/** A shape from the hash, or a reason it is not one. */
function decodeShape(text: string): DrawnGeometry | string {
  const [code, body = ''] = text.split(':');
  const points = body.split('_').map((p) => p.split(',').map(Number));
  if (points.some((p) => p.length !== 2 || !p.every(Number.isFinite) || Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90)) return `bad coordinates in ${text.slice(0, 40)}`;
  if (code === 'p' && points.length === 1) return { type: 'Point', coordinates: points[0]! };
  if (code === 'l' && points.length >= 2) return { type: 'LineString', coordinates: points };
  if (code === 'a' && points.length >= 3) return { type: 'Polygon', coordinates: [[...points, points[0]!]] };
  return `not a point, line or area: ${text.slice(0, 40)}`;
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
  if (state.shapes && state.shapes.length > 0) params.push(`draw=${state.shapes.map(encodeShape).join('~')}`);
  if (state.selection) params.push(`sel=${encodeURIComponent(state.selection.layerId)}:${encodeURIComponent(state.selection.featureId)}`);
  if (state.theme) params.push(`theme=${encodeURIComponent(state.theme)}`);
  if (state.proposed && state.proposed.length > 0) params.push(`prop=${encodeProposals(state.proposed)}`);
  if (state.demolished && state.demolished.length > 0) params.push(`demo=${state.demolished.map(encodeURIComponent).join(',')}`);
  if (state.look && state.look !== 'dark') params.push(`look=${state.look}`);
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
  const look = params.get('look');
  if (look !== null) {
    if ((LOOKS as readonly string[]).includes(look)) state.look = look as Look;
    else problems.push(`look: expected ${LOOKS.join(' or ')}, got ${look}`);
  }
  const whatIf = params.get('whatif');
  if (whatIf !== null) {
    const level = Number(whatIf);
    if (whatIf !== '' && Number.isFinite(level) && level >= WHAT_IF_RANGE.min && level <= WHAT_IF_RANGE.max) state.whatIfLevelM = level;
    else problems.push(`whatif: expected a level from ${WHAT_IF_RANGE.min} to ${WHAT_IF_RANGE.max} m, got ${whatIf}`);
  }
  const draw = params.get('draw');
  if (draw) {
    const decoded = draw.split('~').map(decodeShape);
    state.shapes = decoded.filter((d): d is DrawnGeometry => typeof d !== 'string');
    for (const d of decoded) if (typeof d === 'string') problems.push(`draw: ${d}`);
  }
  const sel = params.get('sel');
  if (sel) {
    const at = sel.indexOf(':');
    if (at > 0) state.selection = { layerId: decodeURIComponent(sel.slice(0, at)), featureId: decodeURIComponent(sel.slice(at + 1)) };
    else problems.push(`sel: expected layer:feature, got ${sel}`);
  }
  const theme = params.get('theme');
  if (theme !== null) {
    if (/^[a-z][a-z0-9-]{1,31}$/.test(theme)) state.theme = theme;
    else problems.push(`theme: expected a theme id, got ${theme.slice(0, 40)}`);
  }
  const prop = params.get('prop');
  if (prop) {
    const decoded = decodeProposals(prop);
    state.proposed = decoded.proposed;
    problems.push(...decoded.problems);
  }
  const demo = params.get('demo');
  if (demo) state.demolished = demo.split(',').map(decodeURIComponent).filter((id) => id.length > 0);
  return { state, problems };
}
