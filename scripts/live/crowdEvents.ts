/**
 * The crowds of the major-events scenario, as pure functions of the venue and the scenario clock,
 * so that tests can check an event's shape without a broker.
 *
 * normal        a normal day on the real clock: each kind of place has its own daily curve.
 * nye           New Year's Eve (2026-12-31 from 20:00): Huacheng Square and Canton Tower fill to
 *               beyond capacity for the countdown, Beijing Road and Tianhe Road are busy.
 * canton-fair   the Canton Fair's opening day (2027-04-15 from 07:30): Pazhou fills through the
 *               morning and stays near capacity until mid-afternoon.
 * flower-fair   the Spring Festival flower fair on New Year's Eve of the lunar calendar
 *               (2027-02-05 from 17:00): Beijing Road (the Xihu Road fair beside it) and the
 *               Tianhe fair at the Sports Centre peak late in the evening; the South Station
 *               carries the Spring Festival travel rush.
 */
import { localHour } from '../../src/domains/crowd/estimate.ts';
import type { Venue } from '../../src/domains/crowd/venues.ts';

export const CROWD_EVENTS = ['normal', 'nye', 'canton-fair', 'flower-fair'] as const;
export type CrowdEvent = (typeof CROWD_EVENTS)[number];

/** Where each event's clock starts (Guangzhou time, UTC+8); normal follows the real clock. */
export const EVENT_START: Record<Exclude<CrowdEvent, 'normal'>, string> = {
  nye: '2026-12-31T20:00:00+08:00',
  'canton-fair': '2027-04-15T07:30:00+08:00',
  'flower-fair': '2027-02-05T17:00:00+08:00',
};

/** A crowd that builds from `rise` to `peak`, holds until `hold` and is gone by `gone` (hours from the event day's midnight; past 24 is after midnight). */
interface Surge {
  venue: string;
  /** Share of the venue's capacity at the peak. */
  peak: number;
  rise: number;
  full: number;
  hold: number;
  gone: number;
}

const SURGES: Record<Exclude<CrowdEvent, 'normal'>, Surge[]> = {
  nye: [
    { venue: 'huacheng', peak: 1.16, rise: 19, full: 23.7, hold: 24.2, gone: 26 },
    { venue: 'beijing-road', peak: 0.84, rise: 19, full: 23.5, hold: 24.3, gone: 25.5 },
    { venue: 'tianhe-road', peak: 0.7, rise: 18, full: 21, hold: 23.5, gone: 25 },
    { venue: 'tianhe-sports', peak: 0.35, rise: 19, full: 22, hold: 24, gone: 25 },
  ],
  'canton-fair': [
    { venue: 'canton-fair', peak: 0.9, rise: 8, full: 10.5, hold: 15, gone: 18.5 },
    { venue: 'airport', peak: 0.72, rise: 6, full: 9, hold: 12, gone: 20 },
  ],
  'flower-fair': [
    { venue: 'beijing-road', peak: 1.05, rise: 17, full: 21, hold: 24.5, gone: 26 },
    { venue: 'tianhe-sports', peak: 0.82, rise: 17.5, full: 20.5, hold: 24, gone: 25.5 },
    { venue: 'shamian', peak: 0.55, rise: 15, full: 18, hold: 21, gone: 23 },
    { venue: 'south-station', peak: 0.78, rise: 6, full: 9, hold: 20, gone: 23 },
  ],
};

const smooth = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

function surgeAt(s: Surge, hours: number): number {
  if (hours <= s.rise || hours >= s.gone) return 0;
  if (hours < s.full) return s.peak * smooth((hours - s.rise) / (s.full - s.rise));
  if (hours <= s.hold) return s.peak;
  return s.peak * smooth((s.gone - hours) / (s.gone - s.hold));
}

/** The share of its capacity a kind of place holds on a normal day, by local hour. */
function normalShare(type: Venue['type'], h: number): number {
  const bump = (centre: number, width: number): number => Math.exp(-(((h - centre) / width) ** 2));
  switch (type) {
    case 'district':
    case 'street':
      return 0.06 + 0.22 * bump(15, 3) + 0.26 * bump(20, 2.2);
    case 'square':
      return 0.01 + 0.05 * bump(20.5, 2);
    case 'expo':
      return 0.02 * bump(13, 4);
    case 'stadium':
      return 0.03 + 0.05 * bump(19, 2.5);
    case 'airport':
      return 0.12 + 0.28 * bump(10, 3) + 0.25 * bump(19, 3);
    case 'station':
      return 0.08 + 0.3 * bump(9, 2.5) + 0.32 * bump(18, 2.5);
    case 'heritage':
      return 0.04 + 0.3 * bump(16, 3);
  }
}

/** Minutes a visitor stays, by kind of place: with the crowd's changes, it sets the gates' counts. */
export const DWELL_MINUTES: Record<Venue['type'], number> = { district: 85, street: 70, square: 75, expo: 200, stadium: 150, airport: 110, station: 45, heritage: 80 };

/** The scenario clock's start, ms; the real clock for normal. */
export function eventStart(event: CrowdEvent, now = Date.now()): number {
  return event === 'normal' ? now : Date.parse(EVENT_START[event]);
}

/** People in a venue at scenario time `atMs`. */
export function venuePeople(v: Venue, event: CrowdEvent, atMs: number): number {
  const h = localHour(atMs);
  let share = normalShare(v.type, h);
  if (event !== 'normal') {
    // Hours since the event day's local midnight, so that a surge may run past midnight.
    const day = Math.floor((Date.parse(EVENT_START[event]) + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000;
    const hours = (atMs - day) / 3_600_000;
    for (const s of SURGES[event]) if (s.venue === v.id) share = Math.max(share, surgeAt(s, hours));
  }
  return v.capacity * share;
}

/** Passengers through a station's gates per minute on a normal day, each way, by local hour: the commute's two peaks. */
export function stationShare(h: number): number {
  const bump = (centre: number, width: number): number => Math.exp(-(((h - centre) / width) ** 2));
  return h < 6 ? 0.05 : 0.25 + 0.75 * bump(8.3, 1.2) + 0.8 * bump(18.3, 1.4) + 0.25 * bump(13, 3);
}
