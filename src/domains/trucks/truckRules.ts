import { metresPerDegree } from '../../analysis/ellipsoid.ts';
import { inWindows, type CompiledWorld } from './truckWorld.ts';

/**
 * The muck-truck rules, checked on every GPS fix:
 *
 *   off-route      more than 50 m from the trip's approved route for more than 60 s
 *   closed-zone    inside a closed zone during one of its windows
 *   speeding       over the limit of the road class it is on
 *   unlicensed-stop  stationary for more than 5 minutes outside every construction and disposal site
 *   gps-silence    no fix for more than 3 minutes (raised by `tick`, which the caller runs on its clock)
 *
 * A fix with bad coordinates, one outside the city, one that jumps faster than any truck drives,
 * or one whose time is not after the truck's last fix is refused and counted by reason; it changes
 * no state and never raises a violation.
 *
 * Per-truck state is columnar (typed arrays), so memory per truck is a fixed few hundred bytes plus
 * its evidence ring; open violations carry their own evidence track.
 */
export const RULES = ['off-route', 'closed-zone', 'speeding', 'unlicensed-stop', 'gps-silence'] as const;
export type Rule = (typeof RULES)[number];

export const REFUSALS = ['bad-coordinates', 'outside-city', 'unknown-truck', 'time-backwards', 'duplicate', 'jump'] as const;
export type Refusal = (typeof REFUSALS)[number];

export const OFF_ROUTE_M = 50;
export const OFF_ROUTE_S = 60;
export const STOP_S = 5 * 60;
export const SILENCE_S = 3 * 60;
/** A truck that has moved less than this from where it stopped is still stopped, metres (GPS wander). */
export const STOP_RADIUS_M = 25;
/** Faster than any muck truck drives: a fix implying more is a GPS jump, km/h. */
export const MAX_PLAUSIBLE_KMH = 150;
/** Jumps shorter than this are GPS noise at short intervals, not teleports, metres. */
const JUMP_FLOOR_M = 100;
/** How far from a road centre line a truck is still on that road, metres. */
const ON_ROAD_M = 30;
/**
 * Fixes kept per truck for the lead-in of a violation's evidence: an off-route breach opens 60 s
 * after it began, so at a fix every 2 s this reaches a minute before the start.
 */
const RING = 64;
/** Points kept in one violation's evidence track before it is thinned to every other point. */
const MAX_TRACK = 720;

const NONE: readonly Violation[] = [];

export interface Fix {
  /** Truck index in the engine's fleet. */
  truck: number;
  /** ms since the epoch. */
  t: number;
  lon: number;
  lat: number;
  /** Reported speed, km/h; derived from the previous fix when absent. */
  speed?: number;
}

export interface Violation {
  /** `${truck id}:${rule}:${start}` (and `:${zone id}` for a zone), stable across restarts. */
  id: string;
  truck: number;
  rule: Rule;
  /** Zone index for closed-zone violations, else -1. */
  zone: number;
  start: number;
  /** null while open. */
  end: number | null;
  lon: number;
  lat: number;
  /** The highest speed seen for speeding, km/h; 0 for the other rules. */
  peak: number;
  /** Evidence: t, lon, lat, speed per point, from before the start to the latest fix. */
  track: number[];
}

export interface ViolationChange {
  change: 'opened' | 'closed';
  violation: Violation;
}

export interface TruckRulesOptions {
  /** Truck ids, by index; used in violation ids. */
  truckIds: readonly string[];
}

export class TruckRules {
  readonly refused: Record<Refusal, number> = { 'bad-coordinates': 0, 'outside-city': 0, 'unknown-truck': 0, 'time-backwards': 0, duplicate: 0, jump: 0 };
  accepted = 0;
  private readonly ids: readonly string[];
  private readonly route: Int32Array;
  private readonly lastT: Float64Array;
  private readonly lastLon: Float64Array;
  private readonly lastLat: Float64Array;
  private readonly offSince: Float64Array;
  private readonly stopSince: Float64Array;
  private readonly stopLon: Float64Array;
  private readonly stopLat: Float64Array;
  /** The last RING fixes per truck: t, lon, lat, speed. */
  private readonly ring: Float64Array;
  private readonly ringNext: Uint16Array;
  private readonly ringCount: Uint16Array;
  /** Open violations per truck, at most one per rule and zone. */
  private readonly open: Map<number, Violation[]> = new Map();
  private changes: ViolationChange[] = [];
  /** The route segment each truck was last matched to, -1 when none. */
  private readonly routeSeg: Int32Array;
  private readonly minLimit: number;
  private readonly maxLimit: number;
  /** Scratch for checkZones: the zones in their window at the fix being checked. */
  private readonly active: number[] = [];
  private activeT = 0;
  private readonly collectActive = (z: number): void => {
    if (!this.active.includes(z) && inWindows(this.world.world.zones[z]!.windows, this.activeT)) this.active.push(z);
  };

  constructor(
    readonly world: CompiledWorld,
    { truckIds }: TruckRulesOptions,
  ) {
    const n = truckIds.length;
    this.ids = truckIds;
    this.route = new Int32Array(n).fill(-1);
    this.lastT = new Float64Array(n).fill(Number.NaN);
    this.lastLon = new Float64Array(n);
    this.lastLat = new Float64Array(n);
    this.offSince = new Float64Array(n).fill(Number.NaN);
    this.stopSince = new Float64Array(n).fill(Number.NaN);
    this.stopLon = new Float64Array(n);
    this.stopLat = new Float64Array(n);
    this.ring = new Float64Array(n * RING * 4);
    this.ringNext = new Uint16Array(n);
    this.ringCount = new Uint16Array(n);
    this.routeSeg = new Int32Array(n).fill(-1);
    const limits = Object.values(world.speedLimits);
    this.minLimit = Math.min(...limits);
    this.maxLimit = Math.max(...limits);
  }

  get truckCount(): number {
    return this.ids.length;
  }

  /** Bytes of per-truck state (typed arrays), excluding open violations' tracks. */
  get bytesPerTruck(): number {
    const arrays = [this.route, this.routeSeg, this.lastT, this.lastLon, this.lastLat, this.offSince, this.stopSince, this.stopLon, this.stopLat, this.ring, this.ringNext, this.ringCount];
    return arrays.reduce((a, x) => a + x.byteLength, 0) / Math.max(1, this.ids.length);
  }

  /** Sets the approved route a truck drives (by world route index), or -1 for none (the off-route rule then rests). */
  assignRoute(truck: number, route: number): void {
    this.route[truck] = route;
    this.routeSeg[truck] = -1;
    this.offSince[truck] = Number.NaN;
    if (route < 0) this.close(truck, 'off-route', -1, this.lastT[truck]!);
  }

  routeOf(truck: number): number {
    return this.route[truck]!;
  }

  /** Violations opened and closed since the last call. */
  takeChanges(): ViolationChange[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  /**
   * Takes back a violation that was open when the engine stopped (from the database after a
   * restart), so that it closes when the breach ends instead of opening a second time.
   */
  restore(v: Violation): void {
    if (v.end !== null || v.truck < 0 || v.truck >= this.ids.length || this.find(v.truck, v.rule, v.zone)) return;
    const list = this.open.get(v.truck);
    if (list) list.push(v);
    else this.open.set(v.truck, [v]);
  }

  /** The violations open for one truck. */
  openFor(truck: number): readonly Violation[] {
    return this.open.get(truck) ?? NONE;
  }

  /**
   * Forgets a truck's state and its open violations without closing them: another engine (a
   * service instance that now owns the truck) carries on with them.
   */
  release(truck: number): void {
    this.open.delete(truck);
    this.lastT[truck] = Number.NaN;
    this.offSince[truck] = Number.NaN;
    this.stopSince[truck] = Number.NaN;
    this.ringCount[truck] = 0;
  }

  openViolations(): Violation[] {
    return [...this.open.values()].flat();
  }

  /** Checks one fix; returns the refusal reason, or null when it was accepted. */
  check(fix: Fix): Refusal | null {
    // Metres per degree once per fix, for the jump test and every rule (NaN for a bad latitude, which is refused first).
    const { x: kx, y: ky } = metresPerDegree(fix.lat);
    const refusal = this.refusal(fix, kx, ky);
    if (refusal) {
      this.refused[refusal]++;
      return refusal;
    }
    this.accepted++;
    const { truck: i, t, lon, lat } = fix;
    const prevT = this.lastT[i]!;
    const moved = Number.isNaN(prevT) ? 0 : Math.hypot((lon - this.lastLon[i]!) * kx, (lat - this.lastLat[i]!) * ky);
    const speed = fix.speed !== undefined && Number.isFinite(fix.speed) ? fix.speed : Number.isNaN(prevT) ? 0 : (moved / ((t - prevT) / 1000)) * 3.6;
    this.lastT[i] = t;
    this.lastLon[i] = lon;
    this.lastLat[i] = lat;
    this.remember(i, t, lon, lat, speed);
    for (const v of this.open.get(i) ?? NONE) appendTrack(v.track, t, lon, lat, speed);

    this.close(i, 'gps-silence', -1, t);
    this.checkRoute(i, t, lon, lat, kx, ky);
    this.checkZones(i, t, lon, lat);
    this.checkSpeed(i, t, lon, lat, speed, kx, ky);
    this.checkStop(i, t, lon, lat, kx, ky, Number.isNaN(prevT) || t - prevT > SILENCE_S * 1000);
    return null;
  }

  /** Raises GPS silence for every truck whose last fix is more than SILENCE_S before `now`. */
  tick(now: number): void {
    for (let i = 0; i < this.ids.length; i++) {
      const last = this.lastT[i]!;
      if (Number.isNaN(last) || now - last <= SILENCE_S * 1000 || this.find(i, 'gps-silence', -1)) continue;
      this.openViolation(i, 'gps-silence', -1, last, this.lastLon[i]!, this.lastLat[i]!, 0);
    }
  }

  private refusal({ truck, t, lon, lat }: Fix, kx: number, ky: number): Refusal | null {
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !Number.isFinite(t) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return 'bad-coordinates';
    const [w, s, e, n] = this.world.extent;
    if (lon < w || lon > e || lat < s || lat > n) return 'outside-city';
    if (!Number.isInteger(truck) || truck < 0 || truck >= this.ids.length) return 'unknown-truck';
    const prevT = this.lastT[truck]!;
    if (Number.isNaN(prevT)) return null;
    if (t < prevT) return 'time-backwards';
    if (t === prevT) return 'duplicate';
    const metres = Math.hypot((lon - this.lastLon[truck]!) * kx, (lat - this.lastLat[truck]!) * ky);
    if (metres > JUMP_FLOOR_M && (metres / ((t - prevT) / 1000)) * 3.6 > MAX_PLAUSIBLE_KMH) return 'jump';
    return null;
  }

  private checkRoute(i: number, t: number, lon: number, lat: number, kx: number, ky: number): void {
    const r = this.route[i]!;
    if (r < 0) return;
    let onRoute = this.world.nearRouteSegment(r, this.routeSeg[i]!, lon, lat, OFF_ROUTE_M, kx, ky);
    if (!onRoute) {
      this.routeSeg[i] = this.world.nearestRouteSegment(r, lon, lat, OFF_ROUTE_M, kx, ky);
      onRoute = this.routeSeg[i]! >= 0;
    }
    if (onRoute) {
      this.offSince[i] = Number.NaN;
      this.close(i, 'off-route', -1, t);
      return;
    }
    if (Number.isNaN(this.offSince[i]!)) this.offSince[i] = t;
    const open = this.find(i, 'off-route', -1);
    if (open) return;
    if (t - this.offSince[i]! > OFF_ROUTE_S * 1000) this.openViolation(i, 'off-route', -1, this.offSince[i]!, lon, lat, 0);
  }

  private checkZones(i: number, t: number, lon: number, lat: number): void {
    const active = this.active;
    active.length = 0;
    this.activeT = t;
    this.world.forEachZoneAt(lon, lat, this.collectActive);
    // Collected first, because closing takes the violation out of the list.
    const left = this.open.get(i)?.filter((v) => v.rule === 'closed-zone' && !active.includes(v.zone));
    if (left) for (const v of left) this.close(i, 'closed-zone', v.zone, t);
    for (const z of active) if (!this.find(i, 'closed-zone', z)) this.openViolation(i, 'closed-zone', z, t, lon, lat, 0);
  }

  private checkSpeed(i: number, t: number, lon: number, lat: number, speed: number, kx: number, ky: number): void {
    // The road only matters between the lowest and the highest limit.
    const limit =
      speed <= this.minLimit ? this.minLimit : speed > this.maxLimit ? this.maxLimit : this.world.speedLimits[this.world.roadClassAt(lon, lat, ON_ROAD_M, kx, ky) ?? 'local'];
    const open = this.find(i, 'speeding', -1);
    if (speed <= limit) {
      if (open) this.close(i, 'speeding', -1, t);
    } else if (open) open.peak = Math.max(open.peak, speed);
    else this.openViolation(i, 'speeding', -1, t, lon, lat, speed);
  }

  /** `afterGap`: the fix follows a silence, so nothing is known of whether the truck stood still meanwhile. */
  private checkStop(i: number, t: number, lon: number, lat: number, kx: number, ky: number, afterGap: boolean): void {
    const since = this.stopSince[i]!;
    const fromStop = Math.hypot((lon - this.stopLon[i]!) * kx, (lat - this.stopLat[i]!) * ky);
    if (afterGap || fromStop > STOP_RADIUS_M) {
      this.stopSince[i] = t;
      this.stopLon[i] = lon;
      this.stopLat[i] = lat;
      this.close(i, 'unlicensed-stop', -1, t);
      return;
    }
    if (t - since > STOP_S * 1000 && !this.find(i, 'unlicensed-stop', -1) && !this.world.inAnySite(this.stopLon[i]!, this.stopLat[i]!)) {
      this.openViolation(i, 'unlicensed-stop', -1, since, this.stopLon[i]!, this.stopLat[i]!, 0);
    }
  }

  private remember(i: number, t: number, lon: number, lat: number, speed: number): void {
    const k = this.ringNext[i]!;
    const slot = (i * RING + k) * 4;
    this.ring[slot] = t;
    this.ring[slot + 1] = lon;
    this.ring[slot + 2] = lat;
    this.ring[slot + 3] = speed;
    this.ringNext[i] = (k + 1) % RING;
    this.ringCount[i] = Math.min(RING, this.ringCount[i]! + 1);
  }

  /** The remembered fixes of truck i from `from` on, oldest first. */
  private recent(i: number, from: number): number[] {
    const out: number[] = [];
    const count = this.ringCount[i]!;
    for (let k = 0; k < count; k++) {
      const slot = (i * RING + ((this.ringNext[i]! - count + k + RING) % RING)) * 4;
      if (this.ring[slot]! >= from) out.push(this.ring[slot]!, this.ring[slot + 1]!, this.ring[slot + 2]!, this.ring[slot + 3]!);
    }
    return out;
  }

  private find(i: number, rule: Rule, zone: number): Violation | undefined {
    return this.open.get(i)?.find((v) => v.rule === rule && v.zone === zone);
  }

  private openViolation(i: number, rule: Rule, zone: number, start: number, lon: number, lat: number, peak: number): void {
    const zoneId = zone >= 0 ? `:${this.world.world.zones[zone]!.id}` : '';
    // The lead-in: a minute before the start, so the track shows the truck arriving at the breach.
    const track = this.recent(i, start - 60_000);
    const violation: Violation = { id: `${this.ids[i]}:${rule}:${start}${zoneId}`, truck: i, rule, zone, start, end: null, lon, lat, peak, track };
    const list = this.open.get(i);
    if (list) list.push(violation);
    else this.open.set(i, [violation]);
    this.changes.push({ change: 'opened', violation });
  }

  private close(i: number, rule: Rule, zone: number, t: number): void {
    const list = this.open.get(i);
    if (!list) return;
    const k = list.findIndex((v) => v.rule === rule && v.zone === zone);
    if (k < 0) return;
    const [violation] = list.splice(k, 1);
    if (list.length === 0) this.open.delete(i);
    violation!.end = t;
    this.changes.push({ change: 'closed', violation: violation! });
  }
}

function appendTrack(track: number[], t: number, lon: number, lat: number, speed: number): void {
  track.push(t, lon, lat, speed);
  if (track.length / 4 <= MAX_TRACK) return;
  // Thin to every other point, keeping the first and the latest, so a long breach keeps its whole course.
  let w = 4;
  for (let p = 8; p < track.length - 4; p += 8) {
    for (let c = 0; c < 4; c++) track[w + c] = track[p + c]!;
    w += 4;
  }
  for (let c = 0; c < 4; c++) track[w + c] = track[track.length - 4 + c]!;
  track.length = w + 4;
}
