/**
 * The planner's keys in the URL hash (found by src/state/urlHash.ts):
 *   - `draw`: its shapes, by `~`: `p:lon,lat` a point, `l:` a line, `a:` an area, vertices by `_`;
 *   - `prop`: the proposed buildings, by `~`: `e:height:lon,lat_lon,lat…` an extruded footprint,
 *     `m:name:lon,lat:heading:scale:box` a placed model;
 *   - `demo`: the ids of the buildings they replace, by `,`.
 * A saved viewpoint keeps `prop` and `demo` in the same form.
 */
import type { HashPart } from '../../state/urlHash.ts';
import type { DrawnGeometry } from './planner.ts';
import { placeModel, type ProposedBuilding } from './proposed.ts';

// As the hash's other keys round; a part imports only types from urlHash.ts, so it is not shared.
const round = (v: number, digits: number): number => Number(v.toFixed(digits));

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

/** One proposal from its hash form, or null if it is not one. */
function decodeProposal(id: string, fields: string[]): ProposedBuilding | null {
  if (fields[0] === 'e' && fields.length === 3) {
    const height = Number(fields[1]);
    const ring = pairs(fields[2]!);
    if (Number.isFinite(height) && height > 0 && height <= 1000 && ring.length >= 3 && ring.every(validLonLat)) return { id, footprint: ring.map((p) => [p[0]!, p[1]!]), height, model: null };
  } else if (fields[0] === 'm' && fields.length === 6) {
    const at = pairs(fields[2]!)[0]!;
    const heading = Number(fields[3]);
    const scale = Number(fields[4]);
    const box = fields[5]!.split(',').map(Number);
    if (validLonLat(at) && Number.isFinite(heading) && scale > 0 && scale <= 100 && box.length === 6 && box.every(Number.isFinite)) {
      return placeModel(id, { name: decodeURIComponent(fields[1]!), lon: at[0]!, lat: at[1]!, heading, scale, box: box as [number, number, number, number, number, number] });
    }
  }
  return null;
}

/** Proposals from a hash value; a malformed one is reported and left out. */
export function decodeProposals(text: string): { proposed: ProposedBuilding[]; problems: string[] } {
  const proposed: ProposedBuilding[] = [];
  const problems: string[] = [];
  for (const part of text.split('~')) {
    const building = decodeProposal(`P${proposed.length + 1}`, part.split(':'));
    if (building) proposed.push(building);
    else problems.push(`prop: not a proposed building: ${part.slice(0, 40)}`);
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

/** A list's value, or undefined to leave an empty list out of the hash. */
const listValue = <T>(list: readonly T[] | undefined, encode: (items: readonly T[]) => string): string | undefined => (list && list.length > 0 ? encode(list) : undefined);

export const hashPart: HashPart = {
  keys: {
    draw: {
      order: 50,
      read(value, into, problems) {
        if (!value) return;
        const decoded = value.split('~').map(decodeShape);
        into.shapes = decoded.filter((d): d is DrawnGeometry => typeof d !== 'string');
        for (const d of decoded) if (typeof d === 'string') problems.push(`draw: ${d}`);
      },
      write: (s) => listValue(s.shapes, (shapes) => shapes.map(encodeShape).join('~')),
    },
    prop: {
      order: 80,
      read(value, into, problems) {
        if (!value) return;
        const decoded = decodeProposals(value);
        into.proposed = decoded.proposed;
        problems.push(...decoded.problems);
      },
      write: (s) => listValue(s.proposed, encodeProposals),
    },
    demo: {
      order: 90,
      read(value, into) {
        if (value) into.demolished = value.split(',').map(decodeURIComponent).filter((id) => id.length > 0);
      },
      write: (s) => listValue(s.demolished, (ids) => ids.map(encodeURIComponent).join(',')),
    },
  },
};

declare module '../../state/urlHash.ts' {
  interface DomainHashState {
    /** The planner's drawn shapes. */
    shapes?: DrawnGeometry[];
    /** The proposed buildings, numbered P1, P2… as they are read. */
    proposed?: ProposedBuilding[];
    /** The ids of the buildings the proposals replace. */
    demolished?: string[];
  }
}
