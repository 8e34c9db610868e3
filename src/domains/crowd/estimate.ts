/**
 * Signalling counts → people, the way operations hubs estimate crowds from the carriers' feeds:
 * each station's count of SIM cards, divided by the SIM cards per person, is spread over the
 * pieces of city it serves in proportion to the people expected there at that hour (residents
 * at night, workers and visitors by day: the five panoramas' people). A venue's crowd is the
 * count of its own small cells, its geofence.
 */
import type { CrowdModel } from './crowdModel.ts';

/** Guangzhou's clock: hours since local midnight (UTC+8, no daylight saving). */
export const localHour = (ms: number): number => (((ms / 3_600_000 + 8) % 24) + 24) % 24;

/**
 * How much of the day's population is at work rather than at home, 0..1, by local hour: nobody
 * at night, most from mid-morning to late afternoon, easing into the evening.
 */
const ramp = (a: number, b: number, x: number): number => Math.min(1, Math.max(0, (x - a) / (b - a)));

export function dayWeight(hour: number): number {
  return 0.85 * ramp(6.5, 9.5, hour) * (1 - ramp(17, 22, hour)) + 0.1 * ramp(6.5, 9.5, hour) * (1 - ramp(20, 24, hour));
}

/** The people each piece is expected to hold at a time of day, before any count. */
export function priors(model: CrowdModel, atMs: number, into: Float64Array = new Float64Array(model.header.pieces)): Float64Array {
  const w = dayWeight(localHour(atMs));
  for (let p = 0; p < into.length; p++) into[p] = model.pieceResidents[p]! * (1 - w) + model.pieceDaytime[p]! * w;
  return into;
}

export interface CrowdEstimate {
  /** Scenario time the counts were taken, ms. */
  at: number;
  /** People per hexagon, and per km² of it. */
  hexPeople: Float32Array;
  hexDensity: Float32Array;
  /** People per grid cell, and per km² of it. */
  cellPeople: Float32Array;
  cellDensity: Float32Array;
  /** People inside each venue (its small cells' count). */
  venuePeople: Float64Array;
  /** People in the whole city. */
  total: number;
}

export class CrowdEstimator {
  private readonly prior: Float64Array<ArrayBuffer>;
  private readonly siteWeight: Float64Array;
  private readonly sitePieces: Uint32Array;

  constructor(readonly model: CrowdModel) {
    this.prior = new Float64Array(model.header.pieces);
    this.siteWeight = new Float64Array(model.header.sites);
    this.sitePieces = new Uint32Array(model.header.sites);
    for (let p = 0; p < model.header.pieces; p++) this.sitePieces[model.pieceSite[p]!]!++;
  }

  /** People per hexagon, cell and venue from one minute's count per station. */
  estimate(counts: ArrayLike<number>, atMs: number): CrowdEstimate {
    const m = this.model;
    const { pieces, sites, hexes, cells, phonesPerPerson } = m.header;
    if (counts.length !== sites) throw new RangeError(`${counts.length} counts for ${sites} stations`);
    const prior = priors(m, atMs, this.prior);
    const weight = this.siteWeight.fill(0);
    for (let p = 0; p < pieces; p++) weight[m.pieceSite[p]!]! += prior[p]!;
    const hexPeople = new Float32Array(hexes);
    const cellPeople = new Float32Array(cells);
    let total = 0;
    for (let p = 0; p < pieces; p++) {
      const site = m.pieceSite[p]!;
      const people = counts[site]! / phonesPerPerson;
      // A station whose pieces expect nobody (hills, water) spreads its count evenly.
      const share = weight[site]! > 0 ? prior[p]! / weight[site]! : 1 / this.sitePieces[site]!;
      const x = people * share;
      hexPeople[m.pieceHex[p]!]! += x;
      cellPeople[m.pieceCell[p]!]! += x;
      total += x;
    }
    const venuePeople = new Float64Array(m.header.venues.length);
    for (let site = 0; site < sites; site++) if (m.siteVenue[site]! >= 0) venuePeople[m.siteVenue[site]!]! += counts[site]! / phonesPerPerson;
    const hexDensity = Float32Array.from(hexPeople, (x, h) => x / m.hexArea[h]!);
    const cellDensity = Float32Array.from(cellPeople, (x, c) => x / m.cellArea[c]!);
    return { at: atMs, hexPeople, hexDensity, cellPeople, cellDensity, venuePeople, total };
  }
}
