import { describe, expect, it } from 'vitest';
import { CROWD_EVENTS, venuePeople } from '../../scripts/live/crowdEvents.ts';
import { VENUES, venueById, venueThresholds } from '../../src/domains/crowd/venues.ts';

const at = (local: string): number => Date.parse(`${local}+08:00`);
const share = (id: string, event: (typeof CROWD_EVENTS)[number], local: string): number => venuePeople(venueById.get(id)!, event, at(local)) / venueById.get(id)!.capacity;

describe('the crowd scenarios', () => {
  it('never warns on a normal day, at any minute, at any venue', () => {
    for (const v of VENUES)
      for (let m = 0; m < 24 * 60; m += 5) expect(venuePeople(v, 'normal', at('2026-12-04T00:00:00') + m * 60_000), `${v.id} at minute ${m}`).toBeLessThan(venueThresholds(v).warning);
  });

  it('fills Huacheng Square beyond its alarm threshold for the New Year countdown, and empties it after', () => {
    expect(share('huacheng', 'nye', '2026-12-31T20:00:00')).toBeLessThan(0.5);
    expect(share('huacheng', 'nye', '2026-12-31T23:45:00')).toBeGreaterThan(0.95);
    expect(share('huacheng', 'nye', '2027-01-01T00:05:00')).toBeGreaterThan(0.95);
    expect(share('huacheng', 'nye', '2027-01-01T02:30:00')).toBeLessThan(0.1);
    // The same hour on another day is a normal evening.
    expect(share('huacheng', 'nye', '2026-12-30T23:45:00')).toBeLessThan(0.1);
  });

  it('brings the Canton Fair to a warning on its opening day, and the flower fair Beijing Road to an alarm', () => {
    expect(share('canton-fair', 'canton-fair', '2027-04-15T12:00:00')).toBeGreaterThan(0.8);
    expect(share('canton-fair', 'canton-fair', '2027-04-15T12:00:00')).toBeLessThan(0.95);
    expect(share('beijing-road', 'flower-fair', '2027-02-05T22:00:00')).toBeGreaterThan(0.95);
    expect(share('south-station', 'flower-fair', '2027-02-05T12:00:00')).toBeGreaterThan(0.7);
  });
});
