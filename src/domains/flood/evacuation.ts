/**
 * Shelter assignment for the people in flooded cells. Distances are straight lines on the ground
 * (there is no road network in the default city), from the middle of a cell's flooded area.
 *
 * Greedy nearest-first: every (cell, shelter) pair among each cell's `candidates` nearest open
 * shelters is taken in order of distance, and moves as many people as the shelter still holds.
 * So the closest pairs fill first, a cell may be split over several shelters, and people left
 * over once the candidates are full are reported as unassigned, never silently dropped.
 * A shelter that is itself flooded is closed and takes no one.
 */
import Flatbush from 'flatbush';

export interface Shelter {
  id: string;
  lon: number;
  lat: number;
  capacity: number;
}

export interface Evacuee {
  /** Grid cell index. */
  cell: number;
  lon: number;
  lat: number;
  residents: number;
}

export interface Assignment {
  cell: number;
  shelter: number;
  people: number;
  distanceM: number;
}

export interface EvacuationPlan {
  assignments: Assignment[];
  /** Places left per shelter after the plan (0 for a closed one). */
  remaining: Float64Array;
  /** People the nearby open shelters could not take. */
  unassigned: number;
}

export interface NearbyShelter {
  shelter: number;
  distanceM: number;
  remaining: number;
}

const M_PER_DEG = 111_195;

/** Ground distance in metres, equirectangular: within 0.1 % of the great circle at city scale. */
export function groundDistanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const kx = Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot((lon2 - lon1) * kx, lat2 - lat1) * M_PER_DEG;
}

/** The shelters in a Flatbush (isotropic degrees) for k-nearest queries that skip closed ones. */
export class ShelterIndex {
  private readonly tree: Flatbush | null;
  private readonly kx: number;

  constructor(readonly shelters: readonly Shelter[]) {
    const lat0 = shelters.reduce((a, s) => a + s.lat, 0) / Math.max(1, shelters.length);
    this.kx = Math.cos((lat0 * Math.PI) / 180);
    this.tree = shelters.length > 0 ? new Flatbush(shelters.length) : null;
    if (!this.tree) return;
    for (const s of shelters) this.tree.add(s.lon * this.kx, s.lat, s.lon * this.kx, s.lat);
    this.tree.finish();
  }

  /** Open shelters nearest a point, nearest first (ties by index), at most `count`. */
  nearestOpen(lon: number, lat: number, closed: ArrayLike<number>, remaining: ArrayLike<number>, count: number): NearbyShelter[] {
    if (!this.tree) return [];
    return this.tree
      .neighbors(lon * this.kx, lat, count, Infinity, (s) => !closed[s])
      .map((s) => ({ shelter: s, distanceM: groundDistanceM(lon, lat, this.shelters[s]!.lon, this.shelters[s]!.lat), remaining: remaining[s]! }))
      .toSorted((a, b) => a.distanceM - b.distanceM || a.shelter - b.shelter);
  }
}

export function planEvacuation(evacuees: readonly Evacuee[], index: ShelterIndex, closed: ArrayLike<number>, candidates = 12): EvacuationPlan {
  const remaining = Float64Array.from(index.shelters, (s, i) => (closed[i] ? 0 : s.capacity));
  const pairs: { e: number; s: number; d: number }[] = [];
  for (let e = 0; e < evacuees.length; e++) {
    const ev = evacuees[e]!;
    if (ev.residents <= 0) continue;
    for (const near of index.nearestOpen(ev.lon, ev.lat, closed, remaining, candidates)) pairs.push({ e, s: near.shelter, d: near.distanceM });
  }
  pairs.sort((a, b) => a.d - b.d || a.e - b.e || a.s - b.s);
  const need = evacuees.map((e) => Math.max(0, e.residents));
  const assignments: Assignment[] = [];
  for (const { e, s, d } of pairs) {
    const people = Math.min(need[e]!, remaining[s]!);
    if (people <= 0) continue;
    need[e]! -= people;
    remaining[s]! -= people;
    assignments.push({ cell: evacuees[e]!.cell, shelter: s, people, distanceM: d });
  }
  return { assignments, remaining, unassigned: need.reduce((a, b) => a + b, 0) };
}
