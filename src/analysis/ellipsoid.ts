/** WGS84 geodetic → Earth-centred, Earth-fixed coordinates, metres. */
const A = 6378137.0;
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
