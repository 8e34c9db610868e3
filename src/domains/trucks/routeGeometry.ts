import { metresPerDegree } from '../../analysis/ellipsoid.ts';
import type { LonLat } from './truckWorld.ts';

/**
 * A route as a measured polyline: the point and heading at any distance along it, in metres.
 * The simulator drives trucks with it, and the page places a replayed truck with it.
 */
export class RouteGeometry {
  /** Cumulative length at each vertex, metres. */
  readonly at: Float64Array;
  readonly length: number;

  constructor(readonly coords: readonly LonLat[]) {
    this.at = new Float64Array(coords.length);
    for (let k = 1; k < coords.length; k++) {
      const [ax, ay] = coords[k - 1]!;
      const [bx, by] = coords[k]!;
      const m = metresPerDegree((ay + by) / 2);
      this.at[k] = this.at[k - 1]! + Math.hypot((bx - ax) * m.x, (by - ay) * m.y);
    }
    this.length = this.at[coords.length - 1] ?? 0;
  }

  /** The point `s` metres along (clamped to the ends), its heading in degrees clockwise from north, and the segment it lies on. */
  pointAt(s: number): { lon: number; lat: number; heading: number; segment: number } {
    const d = Math.min(Math.max(s, 0), this.length);
    let lo = 0;
    let hi = this.coords.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.at[mid]! <= d) lo = mid;
      else hi = mid;
    }
    const [ax, ay] = this.coords[lo]!;
    const [bx, by] = this.coords[hi] ?? this.coords[lo]!;
    const span = this.at[hi]! - this.at[lo]!;
    const u = span > 0 ? (d - this.at[lo]!) / span : 0;
    const m = metresPerDegree(ay);
    const heading = ((Math.atan2((bx - ax) * m.x, (by - ay) * m.y) * 180) / Math.PI + 360) % 360;
    return { lon: ax + u * (bx - ax), lat: ay + u * (by - ay), heading, segment: lo };
  }

  /** The point `s` metres along, moved `offset` metres to the right of the direction of travel. */
  offsetAt(s: number, offset: number): [number, number] {
    const p = this.pointAt(s);
    const m = metresPerDegree(p.lat);
    const h = (p.heading * Math.PI) / 180;
    return [p.lon + (offset * Math.cos(h)) / m.x, p.lat - (offset * Math.sin(h)) / m.y];
  }
}
