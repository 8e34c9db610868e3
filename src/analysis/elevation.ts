/**
 * A plausible ground elevation model for the generated Guangzhou, in metres above the Pearl River
 * datum. It is a documented stand-in for a real DEM, not survey data:
 *   - a delta plain at 2–6 m in the south (Haizhu, Liwan, Panyu, Nansha), rising gently northwards;
 *   - Baiyun Mountain (白云山, ~380 m) north-east of the old city;
 *   - the hills of Huangpu and Zengcheng, and the Conghua uplands in the far north;
 *   - a few metres of smooth undulation, so that low-lying spots exist inside every district.
 * The same function drives where the simulator places waterlogging points and, later, flood fills.
 */
interface Hill {
  lon: number;
  lat: number;
  /** Peak height above the plain, m. */
  height: number;
  /** Degrees over which the hill falls to 1/e of its height. */
  radius: number;
}

const HILLS: readonly Hill[] = [
  { lon: 113.298, lat: 23.182, height: 370, radius: 0.022 }, // Baiyun Mountain
  { lon: 113.49, lat: 23.21, height: 220, radius: 0.05 }, // Huangpu hills
  { lon: 113.74, lat: 23.38, height: 300, radius: 0.09 }, // Zengcheng north
  { lon: 113.6, lat: 23.7, height: 650, radius: 0.16 }, // Conghua uplands
  { lon: 113.2, lat: 23.45, height: 90, radius: 0.07 }, // Huadu hills
  { lon: 113.36, lat: 22.95, height: 60, radius: 0.03 }, // Dafu Mountain, Panyu
];

export function elevation(lon: number, lat: number): number {
  const plain = 3 + Math.max(0, lat - 23.0) * 60 + Math.max(0, lat - 23.25) * 250;
  let hills = 0;
  for (const h of HILLS) {
    const d2 = ((lon - h.lon) ** 2 + (lat - h.lat) ** 2) / (h.radius * h.radius);
    hills += h.height * Math.exp(-d2);
  }
  return Math.max(0.5, plain + hills + undulation(lon, lat));
}

/** A few metres of smooth relief, so that hollows and rises exist at every scale of a district. */
export function undulation(lon: number, lat: number): number {
  return 1.6 * Math.sin(lon * 211 + 0.7) * Math.cos(lat * 197 - 1.3) + 1.1 * Math.sin((lon + lat) * 523);
}

/**
 * Rivers cut their floodplains: ground within a few kilometres of a bank is no higher than this
 * (2.4 m at the bank, rising 1.4 m per km, with a little relief), so that the old city along the
 * Pearl River lies as low as it does in Guangzhou, where river water can reach it. The flood
 * model takes the lower of this and `elevation`.
 */
export function floodplain(lon: number, lat: number, bankDistanceM: number): number {
  return Math.max(0.5, 2.4 + (1.4 * bankDistanceM) / 1000 + 0.4 * undulation(lon, lat));
}
