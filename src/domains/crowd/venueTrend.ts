/**
 * A venue's minute-by-minute record and what the panel derives from it: flows, footfall, dwell
 * time and a 30-minute forecast.
 *
 * Forecast: Holt's linear exponential smoothing (level α = 0.5, trend β = 0.3) over the minutes
 * seen, the trend damped by φ = 0.95 a minute so that a surge is not extrapolated for ever, and
 * never below zero. It answers "where is this crowd heading in the next half hour" from the crowd
 * alone; it knows nothing of the event's programme.
 *
 * Dwell time: Little's law, L = λW: the mean number present over the last 30 minutes divided by
 * the mean number leaving per minute.
 */

export interface VenueMinute {
  /** Scenario time, ms (a whole minute). */
  at: number;
  people: number;
  /** People who entered and left during the minute (the geofence's counts). */
  in: number;
  out: number;
}

export const TREND_MINUTES = 180;
export const FORECAST_MINUTES = 30;
const ALPHA = 0.5;
const BETA = 0.3;
const DAMPING = 0.95;

export function holtForecast(series: readonly number[], steps = FORECAST_MINUTES): number[] {
  if (series.length === 0) return [];
  let level = series[0]!;
  let trend = series.length > 1 ? series[1]! - series[0]! : 0;
  for (let i = 1; i < series.length; i++) {
    const prev = level;
    level = ALPHA * series[i]! + (1 - ALPHA) * (level + DAMPING * trend);
    trend = BETA * (level - prev) + (1 - BETA) * DAMPING * trend;
  }
  const out: number[] = [];
  let damp = 0;
  for (let k = 1; k <= steps; k++) {
    damp += DAMPING ** k;
    out.push(Math.max(0, Math.round(level + damp * trend)));
  }
  return out;
}

export interface VenueSummary {
  people: number;
  /** Entering and leaving in the last minute. */
  inflow: number;
  outflow: number;
  /** People who entered in the last hour. */
  footfall: number;
  /** Minutes, Little's law over the last 30 minutes; null until people have left. */
  dwellMinutes: number | null;
  forecast: number[];
}

export function summarise(series: readonly VenueMinute[]): VenueSummary | null {
  const last = series.at(-1);
  if (!last) return null;
  const hour = series.filter((m) => m.at > last.at - 3_600_000);
  const half = series.filter((m) => m.at > last.at - 1_800_000);
  const meanPeople = half.reduce((a, m) => a + m.people, 0) / half.length;
  const meanOut = half.reduce((a, m) => a + m.out, 0) / half.length;
  return {
    people: last.people,
    inflow: last.in,
    outflow: last.out,
    footfall: Math.round(hour.reduce((a, m) => a + m.in, 0)),
    dwellMinutes: meanOut > 0 ? Math.round(meanPeople / meanOut) : null,
    forecast: holtForecast(series.slice(-60).map((m) => m.people)),
  };
}

/** A record's minutes from their wire form, [at, people, in, out] (src/domains/crowd/contract.ts). */
export const minutesOf = (series: readonly (readonly [number, number, number, number])[]): VenueMinute[] => series.map(([at, people, i, out]) => ({ at, people, in: i, out }));

/** Adds a minute to a record kept in time order, replacing one of the same minute, and keeps the last TREND_MINUTES. */
export function addMinute(series: readonly VenueMinute[], minute: VenueMinute): VenueMinute[] {
  const kept = series.filter((m) => m.at !== minute.at && m.at > minute.at - TREND_MINUTES * 60_000);
  kept.push(minute);
  return kept.toSorted((a, b) => a.at - b.at);
}
