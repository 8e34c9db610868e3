/**
 * The sun's position, after NOAA's solar calculator (Meeus, "Astronomical Algorithms", low-precision
 * series; within about 0.01° of declination for 1800–2100). Pure: angles in degrees, times as UTC
 * milliseconds, longitude east positive.
 */
const DEG = Math.PI / 180;
const DAY_MS = 86_400_000;

export interface SunPosition {
  /** Degrees clockwise from north. */
  azimuth: number;
  /** Degrees above the horizon, corrected for atmospheric refraction (NOAA's approximation). */
  elevation: number;
  /** Degrees above the horizon, geometric (no refraction): what a shadow-casting ray uses. */
  geometricElevation: number;
  declination: number;
  /** Equation of time, minutes: true solar time minus mean solar time. */
  equationOfTime: number;
  /** The sun's apparent ecliptic longitude, degrees 0–360 (270 at the winter solstice). */
  apparentLongitude: number;
}

interface SunOrbit {
  declination: number;
  equationOfTime: number;
  apparentLongitude: number;
}

const mod360 = (x: number): number => ((x % 360) + 360) % 360;

/** Declination, equation of time and apparent longitude at a moment (NOAA's spreadsheet, column by column). */
export function sunOrbit(utcMs: number): SunOrbit {
  const jd = utcMs / DAY_MS + 2440587.5;
  const t = (jd - 2451545) / 36525;
  const l0 = mod360(280.46646 + t * (36000.76983 + t * 0.0003032));
  const m = 357.52911 + t * (35999.05029 - 0.0001537 * t);
  const e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  const c = Math.sin(m * DEG) * (1.914602 - t * (0.004817 + 0.000014 * t)) + Math.sin(2 * m * DEG) * (0.019993 - 0.000101 * t) + Math.sin(3 * m * DEG) * 0.000289;
  const omega = 125.04 - 1934.136 * t;
  const apparentLongitude = mod360(l0 + c - 0.00569 - 0.00478 * Math.sin(omega * DEG));
  const eps0 = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const eps = eps0 + 0.00256 * Math.cos(omega * DEG);
  const declination = Math.asin(Math.sin(eps * DEG) * Math.sin(apparentLongitude * DEG)) / DEG;
  const y = Math.tan((eps / 2) * DEG) ** 2;
  const l0r = l0 * DEG;
  const mr = m * DEG;
  const eot =
    y * Math.sin(2 * l0r) - 2 * e * Math.sin(mr) + 4 * e * y * Math.sin(mr) * Math.cos(2 * l0r) - 0.5 * y * y * Math.sin(4 * l0r) - 1.25 * e * e * Math.sin(2 * mr);
  return { declination, equationOfTime: (4 * eot) / DEG, apparentLongitude };
}

/** Atmospheric refraction at a geometric elevation, degrees (NOAA's piecewise fit). */
export function refraction(elevation: number): number {
  if (elevation > 85) return 0;
  const te = Math.tan(elevation * DEG);
  let arcsec: number;
  if (elevation > 5) arcsec = 58.1 / te - 0.07 / te ** 3 + 0.000086 / te ** 5;
  else if (elevation > -0.575) arcsec = 1735 + elevation * (-518.2 + elevation * (103.4 + elevation * (-12.79 + elevation * 0.711)));
  else arcsec = -20.772 / te;
  return arcsec / 3600;
}

/** Elevation and azimuth of the sun at a latitude, for a declination and an hour angle (degrees; 0 at true solar noon, + afternoon). */
export function sunFromHourAngle(latDeg: number, declination: number, hourAngle: number): { elevation: number; azimuth: number } {
  const lat = latDeg * DEG;
  const d = declination * DEG;
  const h = hourAngle * DEG;
  // East, north and up components of the unit vector towards the sun.
  const east = -Math.cos(d) * Math.sin(h);
  const north = Math.cos(lat) * Math.sin(d) - Math.sin(lat) * Math.cos(d) * Math.cos(h);
  const up = Math.sin(lat) * Math.sin(d) + Math.cos(lat) * Math.cos(d) * Math.cos(h);
  return { elevation: Math.asin(Math.max(-1, Math.min(1, up))) / DEG, azimuth: mod360(Math.atan2(east, north) / DEG) };
}

/** The sun's position seen from a place at a moment. */
export function solarPosition(utcMs: number, latDeg: number, lonDeg: number): SunPosition {
  const orbit = sunOrbit(utcMs);
  const minutesUtc = (((utcMs % DAY_MS) + DAY_MS) % DAY_MS) / 60_000;
  const trueSolarMinutes = mod360((minutesUtc + orbit.equationOfTime + 4 * lonDeg) / 4) * 4;
  const hourAngle = trueSolarMinutes / 4 - 180;
  const { elevation, azimuth } = sunFromHourAngle(latDeg, orbit.declination, hourAngle);
  return { azimuth, elevation: elevation + refraction(elevation), geometricElevation: elevation, ...orbit };
}

/**
 * The moment (UTC ms) in a year when the sun's apparent longitude reaches `longitude`: 270° is the
 * winter solstice (冬至), 300° Major Cold (大寒), the solar terms of the Chinese calendar.
 * Bisection on the longitude, to the minute.
 */
export function solarTerm(year: number, longitude: number): number {
  // The longitude grows about 0.9856° a day from 280° near 1 January; start from a window around the estimate.
  const jan1 = Date.UTC(year, 0, 1);
  const estimate = jan1 + (mod360(longitude - 280) / 0.9856) * DAY_MS;
  let lo = estimate - 10 * DAY_MS;
  let hi = estimate + 10 * DAY_MS;
  const ahead = (ms: number): number => ((mod360(sunOrbit(ms).apparentLongitude - longitude) + 180) % 360) - 180;
  for (let i = 0; i < 40 && hi - lo > 60_000; i++) {
    const mid = (lo + hi) / 2;
    if (ahead(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
