import { metresPerDegree } from '../../src/analysis/ellipsoid.ts';
import { RouteGeometry } from '../../src/analysis/trucks/routeGeometry.ts';
import type { CompiledWorld } from '../../src/analysis/trucks/truckWorld.ts';
import { cellSeed, mulberry32 } from '../city/random.ts';

/**
 * How a simulated muck truck behaves. Most keep to their approved route at the road's limit; a
 * seeded share break one rule on every trip (the closed-zone breakers are the trucks the fleet
 * file sends through a zone, scripts/trucks):
 *   off-route  leaves the route for a stretch in the middle of each leg, 120 m to one side
 *   speeding   drives half as fast again as the limit
 *   dumping    stops for 8 minutes half-way out, outside any site
 *   silent     goes silent (no GPS) for 5 minutes once per leg
 */
export const TRUCK_BEHAVIOURS = ['compliant', 'off-route', 'speeding', 'dumping', 'silent'] as const;
export type TruckBehaviour = (typeof TRUCK_BEHAVIOURS)[number];
const SHARES: Record<Exclude<TruckBehaviour, 'compliant'>, number> = { 'off-route': 0.04, speeding: 0.03, dumping: 0.03, silent: 0.03 };
const DETOUR_M = 120;
/** Over this much travel the detour swings out and back, so the track stays a drivable line. */
const DETOUR_RAMP_M = 150;
const DUMP_S = 8 * 60;
const SILENT_S = 5 * 60;
/** A compliant driver keeps this far under the limit, km/h. */
const MARGIN_KMH = 3;

export interface TruckState {
  lon: number;
  lat: number;
  heading: number;
  /** km/h, the speed the GPS unit reports. */
  speed: number;
  /** False while the unit is silent: publish nothing. */
  reporting: boolean;
}

/**
 * Muck trucks driving their approved routes out and back. Positions are a pure function of the
 * distance driven and the time, so a run is deterministic for a given sequence of `drive` calls.
 */
export class RouteFleet {
  readonly behaviour: TruckBehaviour[];
  private readonly geometry: RouteGeometry[];
  /** Distance driven along the out-and-back loop, metres. */
  private readonly driven: Float64Array;
  /** Seconds left standing (dumping) or silent, and which leg that last happened on. */
  private readonly holdLeft: Float64Array;
  private readonly holdLeg: Int32Array;

  constructor(
    private readonly world: CompiledWorld,
    private readonly routeOf: Int32Array,
    seed: number,
  ) {
    this.geometry = world.world.routes.map((r) => new RouteGeometry(r.coords));
    const n = routeOf.length;
    this.driven = new Float64Array(n);
    this.holdLeft = new Float64Array(n);
    this.holdLeg = new Int32Array(n).fill(-1);
    this.behaviour = Array.from({ length: n }, (_, i) => {
      const rnd = mulberry32(cellSeed(seed, i, 17));
      this.driven[i] = rnd() * 2 * this.geometry[routeOf[i]!]!.length;
      let r = rnd();
      for (const [b, share] of Object.entries(SHARES) as [TruckBehaviour, number][]) {
        if (r < share) return b;
        r -= share;
      }
      return 'compliant';
    });
  }

  get count(): number {
    return this.routeOf.length;
  }

  /** Moves truck i on by `dt` seconds at about `wanted` km/h, and says where it is. */
  drive(i: number, dt: number, wanted: number): TruckState {
    const g = this.geometry[this.routeOf[i]!]!;
    const leg = Math.floor(this.driven[i]! / g.length);
    const s = this.driven[i]! % g.length;
    const along = leg % 2 === 0 ? s : g.length - s;
    const behaviour = this.behaviour[i]!;
    // Holds: a dump half-way out, or a silence at 40 % of each leg.
    const holdAt = behaviour === 'dumping' ? 0.5 : behaviour === 'silent' ? 0.4 : -1;
    if (holdAt >= 0 && this.holdLeg[i] !== leg && s >= holdAt * g.length && (behaviour === 'silent' || leg % 2 === 0)) {
      this.holdLeg[i] = leg;
      this.holdLeft[i] = behaviour === 'dumping' ? DUMP_S : SILENT_S;
    }
    const holding = this.holdLeft[i]! > 0;
    if (holding) this.holdLeft[i] = Math.max(0, this.holdLeft[i]! - dt);
    const standing = holding && behaviour === 'dumping';
    const p = g.pointAt(along);
    let lon = p.lon;
    let lat = p.lat;
    if (behaviour === 'off-route') {
      // Out to one side and back over the middle fifth of the leg: the route there moved 120 m
      // square to its direction where the detour begins, so the track has no corner jumps.
      const from = 0.4 * g.length;
      const to = 0.6 * g.length;
      const swing = Math.min(1, Math.max(0, Math.min(s - from, to - s) / DETOUR_RAMP_M));
      if (swing > 0) {
        const h = (g.pointAt(from).heading * Math.PI) / 180;
        const m = metresPerDegree(lat);
        lon += (DETOUR_M * swing * Math.cos(h)) / m.x;
        lat -= (DETOUR_M * swing * Math.sin(h)) / m.y;
      }
    }
    // The limit of the road where the truck is (off the network on a detour: a local street's).
    const cls = this.world.roadClassAt(lon, lat, 30) ?? 'local';
    const limit = this.world.speedLimits[cls];
    const speed = standing ? 0 : behaviour === 'speeding' ? Math.max(wanted, limit * 1.5) : Math.min(Math.max(wanted, 10), limit - MARGIN_KMH);
    this.driven[i] = (this.driven[i]! + (speed / 3.6) * dt) % (2 * g.length);
    const heading = leg % 2 === 0 ? p.heading : (p.heading + 180) % 360;
    return { lon, lat, heading, speed: Math.round(speed), reporting: !(holding && behaviour === 'silent') };
  }
}
