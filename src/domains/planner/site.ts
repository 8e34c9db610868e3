/**
 * A planning site: the buildings around a place as prisms in its local frame, with the planner's
 * changes: proposed buildings added, a demolition set marked. Analyses choose per ray which of the
 * two states they look at (today: without the proposed; proposed: without the demolished).
 */
import type { BuildingRows } from '../../analysis/buildingsFormat.ts';
import type { Footprints } from '../../analysis/footprintsFormat.ts';
import { LocalFrame, PrismSet, type Prism } from './prisms.ts';

/** A proposed building: a footprint ring of [lon, lat] (open or closed, either winding) and a height. */
export interface ProposedFootprint {
  id: string;
  ring: [number, number][];
  height: number;
}

export const PRISM_EXISTING = 0;
export const PRISM_DEMOLISHED = 1;
export const PRISM_PROPOSED = 2;

export interface Site {
  frame: LocalFrame;
  set: PrismSet;
  /** Per prism: its row in buildings.bin, or -1 for a proposed building. */
  row: Int32Array;
  /** Per prism: PRISM_EXISTING, PRISM_DEMOLISHED or PRISM_PROPOSED. */
  state: Uint8Array;
  /** Per prism: the building's id (a row's id, or the proposed building's). */
  ids: string[];
  /** Prism indices to leave out for today's city and for the proposed one. */
  today: ReadonlySet<number>;
  proposed: ReadonlySet<number>;
}

/** Which city the rays look at: today's, or today's with the proposals built and the demolition set gone. */
export type CityState = 'today' | 'proposed';

/** The prisms a ray ignores in a state of the city. */
export const leftOut = (site: Site, state: CityState): ReadonlySet<number> => (state === 'today' ? site.today : site.proposed);

export interface SiteInput {
  lon: number;
  lat: number;
  radiusM: number;
  demolished: ReadonlySet<string>;
  proposed: readonly ProposedFootprint[];
}

function signedArea(r: Float64Array): number {
  let a = 0;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) a += r[2 * j]! * r[2 * i + 1]! - r[2 * i]! * r[2 * j + 1]!;
  return a / 2;
}

/** A ring of [lon, lat] in the frame, open and counter-clockwise. */
export function localRing(frame: LocalFrame, ring: readonly (readonly number[])[]): Float64Array {
  const pts = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring;
  const out = new Float64Array(2 * pts.length);
  pts.forEach((p, i) => {
    out[2 * i] = frame.x(p[0]!);
    out[2 * i + 1] = frame.y(p[1]!);
  });
  if (signedArea(out) < 0) {
    const rev = new Float64Array(out.length);
    for (let i = 0; i < pts.length; i++) {
      rev[2 * i] = out[2 * (pts.length - 1 - i)]!;
      rev[2 * i + 1] = out[2 * (pts.length - 1 - i) + 1]!;
    }
    return rev;
  }
  return out;
}

/** The rings of row `b`'s footprint in the frame. */
export function footprintRings(fp: Footprints, frame: LocalFrame, b: number): Float64Array[] {
  const rings: Float64Array[] = [];
  for (let r = fp.buildingRing[b]!; r < fp.buildingRing[b + 1]!; r++) {
    const p0 = fp.ringPoint[r]!;
    const p1 = fp.ringPoint[r + 1]!;
    const ring = new Float64Array(2 * (p1 - p0));
    for (let p = p0; p < p1; p++) {
      ring[2 * (p - p0)] = frame.x(fp.lon0 + fp.offsets[2 * p]!);
      ring[2 * (p - p0) + 1] = frame.y(fp.lat0 + fp.offsets[2 * p + 1]!);
    }
    rings.push(ring);
  }
  return rings;
}

/** The buildings whose centroid lies within the radius, and every proposed building. */
export function buildSite(rows: BuildingRows, fp: Footprints, input: SiteInput): Site {
  if (fp.count !== rows.count) throw new Error(`footprints.bin has ${fp.count} buildings, buildings.bin ${rows.count}: built from different data`);
  const frame = new LocalFrame(input.lon, input.lat);
  const prisms: Prism[] = [];
  const row: number[] = [];
  const state: number[] = [];
  const ids: string[] = [];
  const r2 = input.radiusM * input.radiusM;
  for (let b = 0; b < rows.count; b++) {
    const x = frame.x(rows.lonLat[2 * b]!);
    const y = frame.y(rows.lonLat[2 * b + 1]!);
    if (x * x + y * y > r2) continue;
    const rings = footprintRings(fp, frame, b);
    if (rings.length === 0) continue;
    const id = rows.id(b);
    prisms.push({ rings, height: rows.height[b]! });
    row.push(b);
    ids.push(id);
    state.push(input.demolished.has(id) ? PRISM_DEMOLISHED : PRISM_EXISTING);
  }
  for (const p of input.proposed) {
    prisms.push({ rings: [localRing(frame, p.ring)], height: p.height });
    row.push(-1);
    ids.push(p.id);
    state.push(PRISM_PROPOSED);
  }
  const today = new Set<number>();
  const proposed = new Set<number>();
  state.forEach((s, i) => {
    if (s === PRISM_PROPOSED) today.add(i);
    if (s === PRISM_DEMOLISHED) proposed.add(i);
  });
  return { frame, set: new PrismSet(prisms), row: Int32Array.from(row), state: Uint8Array.from(state), ids, today, proposed };
}
