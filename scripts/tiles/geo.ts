/** WGS84 ellipsoid math for the tiler: geodetic → ECEF → a local east-north-up frame. */
import { geodeticToEcef, metresPerDegree } from '../../src/analysis/ellipsoid.ts';

export { geodeticToEcef, metresPerDegree };

const DEG = Math.PI / 180;

/** A local tangent frame at an origin: converts lon/lat/height to metres east, north and up. */
export interface EnuFrame {
  origin: [number, number, number];
  toEnu: (lonDeg: number, latDeg: number, h: number) => [number, number, number];
  /** Column-major 4×4 ENU → ECEF matrix: the tileset root `transform`. */
  matrix: number[];
}

const dot = (v: number[], d: number[]): number => v[0]! * d[0]! + v[1]! * d[1]! + v[2]! * d[2]!;

export function enuFrame(lonDeg: number, latDeg: number): EnuFrame {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const origin = geodeticToEcef(lonDeg, latDeg, 0);
  const east = [-Math.sin(lon), Math.cos(lon), 0];
  const north = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const up = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  return {
    origin,
    toEnu: (lo, la, h) => {
      const p = geodeticToEcef(lo, la, h);
      const d = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
      return [dot(east, d), dot(north, d), dot(up, d)];
    },
    matrix: [...east, 0, ...north, 0, ...up, 0, ...origin, 1],
  };
}
