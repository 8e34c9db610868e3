/** WGS84 geodetic ↔ Earth-centred, Earth-fixed coordinates, metres. */
export const WGS84_A = 6378137.0;
const A = WGS84_A;
const F = 1 / 298.257223563;
export const WGS84_E2 = F * (2 - F);
const DEG = Math.PI / 180;

export function geodeticToEcef(lonDeg: number, latDeg: number, h: number): [number, number, number] {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  return [(n + h) * cosLat * Math.cos(lon), (n + h) * cosLat * Math.sin(lon), (n * (1 - WGS84_E2) + h) * sinLat];
}

/** ECEF → [lon, lat] in radians and height in metres (a few fixed-point iterations, sub-mm at city scale). */
export function ecefToGeodetic(x: number, y: number, z: number): [number, number, number] {
  const lon = Math.atan2(y, x);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - WGS84_E2));
  let h = 0;
  for (let i = 0; i < 6; i++) {
    const n = A / Math.sqrt(1 - WGS84_E2 * Math.sin(lat) ** 2);
    h = p / Math.cos(lat) - n;
    lat = Math.atan2(z, p * (1 - (WGS84_E2 * n) / (n + h)));
  }
  return [lon, lat, h];
}

/** Metres per degree of longitude and latitude at a latitude, for planar work at city scale. */
export function metresPerDegree(latDeg: number): { x: number; y: number } {
  const lat = latDeg * DEG;
  const s = Math.sin(lat);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  return { x: ((A * Math.cos(lat)) / w) * DEG, y: ((A * (1 - WGS84_E2)) / (w * w * w)) * DEG };
}
