import { metresPerDegree } from '../../src/analysis/ellipsoid.ts';
import { RouteGeometry } from '../../src/domains/trucks/routeGeometry.ts';
import type { CompiledWorld } from '../../src/domains/trucks/truckWorld.ts';
import { cellSeed, mulberry32 } from '../city/random.ts';
import type { ScenarioName } from './scenario.ts';

/**
 * How a simulated muck truck behaves. Most keep to their approved route at the road's limit; a
 * seeded share are prone to break one rule, and do so on a leg when they lapse (the default fleet
 * file routes no truck through a closed zone, scripts/trucks; a city's own file may, and the rules
 * catch it):
 *   off-route  leaves the route for a stretch in the middle of the leg, 120 m to one side
 *   speeding   drives half as fast again as the limit for the leg
 *   dumping    stops for 8 minutes half-way out, outside any site
 *   silent     goes silent (no GPS) for 5 minutes at 40 % of the leg
 */
export const TRUCK_BEHAVIOURS = ['compliant', 'off-route', 'speeding', 'dumping', 'silent'] as const;
export type TruckBehaviour = (typeof TRUCK_BEHAVIOURS)[number];
const SHARES: Record<Exclude<TruckBehaviour, 'compliant'>, number> = { 'off-route': 0.04, speeding: 0.03, dumping: 0.03, silent: 0.03 };
const PRONE_SHARE = Object.values(SHARES).reduce((a, b) => a + b, 0);

/**
 * The chance that a prone truck lapses on one leg of an ordinary day. The figure is a stated
 * assumption, not a measurement: under a GPS platform's supervision about one muck truck in a
 * hundred commits one flagged violation in a working day (municipal enforcement reports run at
 * tenths of a percent of trucks a day from road checks alone; GPS catches more). A truck drives
 * about 12 hours a day at about two legs an hour (the default routes average 17.5 km one way, at
 * 30–40 km/h), so 24 legs a day; only the prone share lapse. That gives
 *   0.01 / (0.13 × 24) ≈ 0.0032 per leg, about one violation an hour over the default 1,200 trucks.
 */
export const ORDINARY_DAY_VIOLATIONS_PER_TRUCK = 0.01;
const LEGS_PER_DAY = 24;
export const NORMAL_LAPSE = ORDINARY_DAY_VIOLATIONS_PER_TRUCK / (PRONE_SHARE * LEGS_PER_DAY);
/**
 * Per scenario. In the typhoon, streets close under water: trucks detour, wait out flooded
 * stretches and lose their GPS under the rain, so every prone truck lapses on every leg (the
 * storm is the exercise the governance view is drilled with).
 */
export const LAPSE: Record<ScenarioName, number> = { normal: NORMAL_LAPSE, typhoon: 1 };

const DETOUR_M = 120;
/** Over this much travel the detour swings out and back, so the track stays a drivable line. */
const DETOUR_RAMP_M = 150;
const DUMP_S = 8 * 60;
const SILENT_S = 5 * 60;
/** A compliant driver keeps this far under the limit, km/h. */
const MARGIN_KMH = 3;
/**
 * Every run opens with one off-route truck this far before its detour, on a route long enough
 * that the detour is plainly off it: a console just started sees the governance chain work end
 * to end in its first two minutes, rather than after the hour the ordinary rate takes.
 */
const OPENING_LEAD_M = 100;
const OPENING_ROUTE_M = 3000;

export interface TruckState {
  lon: number;
  lat: number;
  heading: number;
  /** km/h, the speed the GPS unit reports. */
  speed: number;
  /** False while the unit is silent: publish nothing. */
  reporting: boolean;
}

export interface RouteFleetOptions {
  /** The chance that a prone truck lapses on a leg (LAPSE); default 1, every leg. */
  lapse?: number;
}

/**
 * Muck trucks driving their approved routes out and back. Positions are a pure function of the
 * distance driven and the time, so a run is deterministic for a given sequence of `drive` calls.
 */
export class RouteFleet {
  readonly behaviour: TruckBehaviour[];
  /** The chance that a prone truck lapses on a leg; the simulator sets it from the scenario. */
  lapse: number;
  /** The truck that opens the run with a detour on its first leg, -1 if none fits. */
  readonly opening: number;
  private readonly geometry: RouteGeometry[];
  /** Distance driven along the out-and-back loop, metres, and the loops completed. */
  private readonly driven: Float64Array;
  private readonly loops: Int32Array;
  /** Seconds left standing (dumping) or silent, and which leg that last happened on. */
  private readonly holdLeft: Float64Array;
  private readonly holdLeg: Int32Array;
  /** When `report` last moved each truck (scenario s), and whether its unit has reported since the last `resend`. */
  private readonly lastDriven: Float64Array;
  private readonly reported: Uint8Array;

  constructor(
    private readonly world: CompiledWorld,
    private readonly routeOf: Int32Array,
    private readonly seed: number,
    o: RouteFleetOptions = {},
  ) {
    this.lapse = o.lapse ?? 1;
    this.geometry = world.world.routes.map((r) => new RouteGeometry(r.coords));
    const n = routeOf.length;
    this.driven = new Float64Array(n);
    this.loops = new Int32Array(n);
    this.holdLeft = new Float64Array(n);
    this.holdLeg = new Int32Array(n).fill(-1);
    this.lastDriven = new Float64Array(n);
    this.reported = new Uint8Array(n);
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
    this.opening = this.behaviour.findIndex((b, i) => b === 'off-route' && this.geometry[routeOf[i]!]!.length >= OPENING_ROUTE_M);
    if (this.opening >= 0) this.driven[this.opening] = 0.4 * this.geometry[routeOf[this.opening]!]!.length - OPENING_LEAD_M;
  }

  get count(): number {
    return this.routeOf.length;
  }

  /** Whether truck i breaks its rule on its leg number `leg` (counted from the start of the run). */
  lapses(i: number, leg: number): boolean {
    if (this.behaviour[i] === 'compliant') return false;
    if (this.lapse >= 1 || (i === this.opening && leg === 0)) return true;
    return mulberry32(cellSeed(cellSeed(this.seed, i, 23), leg, 29))() < this.lapse;
  }

  /**
   * What truck i's GPS unit sends at scenario second t, driving at about `wanted` km/h since its
   * last report; null while the unit is silent, except that every unit reports once after a
   * `resend`, so that the broker's retained store is complete.
   */
  report(i: number, t: number, wanted: number): TruckState | null {
    const state = this.drive(i, t - this.lastDriven[i]!, wanted);
    this.lastDriven[i] = t;
    if (!state.reporting && this.reported[i]) return null;
    this.reported[i] = 1;
    return state;
  }

  /** After a reconnect: every unit reports once again, silent or not. */
  resend(): void {
    this.reported.fill(0);
  }

  /** Moves truck i on by `dt` seconds at about `wanted` km/h, and says where it is. */
  drive(i: number, dt: number, wanted: number): TruckState {
    const g = this.geometry[this.routeOf[i]!]!;
    const leg = Math.floor(this.driven[i]! / g.length);
    const s = this.driven[i]! % g.length;
    const along = leg % 2 === 0 ? s : g.length - s;
    const behaviour = this.lapses(i, 2 * this.loops[i]! + leg) ? this.behaviour[i]! : 'compliant';
    // Holds: a dump half-way out, or a silence at 40 % of the leg.
    const holdAt = behaviour === 'dumping' ? 0.5 : behaviour === 'silent' ? 0.4 : -1;
    if (holdAt >= 0 && this.holdLeg[i] !== leg && s >= holdAt * g.length && (behaviour === 'silent' || leg % 2 === 0)) {
      this.holdLeg[i] = leg;
      this.holdLeft[i] = behaviour === 'dumping' ? DUMP_S : SILENT_S;
    }
    const holding = this.holdLeft[i]! > 0;
    if (holding) this.holdLeft[i] = Math.max(0, this.holdLeft[i]! - dt);
    const standing = holding && this.behaviour[i] === 'dumping';
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
    const loop = this.driven[i]! + (speed / 3.6) * dt;
    if (loop >= 2 * g.length) this.loops[i]!++;
    this.driven[i] = loop % (2 * g.length);
    const heading = leg % 2 === 0 ? p.heading : (p.heading + 180) % 360;
    return { lon, lat, heading, speed: Math.round(speed), reporting: !(holding && this.behaviour[i] === 'silent') };
  }
}
