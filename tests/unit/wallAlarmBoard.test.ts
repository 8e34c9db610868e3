/**
 * The wall's alarm board keeps to the theme on show (#35): a theme lists the alarms of the sensor
 * kinds its own alarm-count figures count, in the default catalogue, so a flood of muck-truck
 * alarms fills the city-management board and no other theme's but the all-kinds ones. The board
 * (src/domains/alarms/AlarmBoard.tsx) lists exactly `themeAlarms(alerts, themeAlarmKinds(…), district)`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../scripts/signs/generateCatalogue.ts';
import type { Alarm } from '../../src/domains/alarms/alarmBook.ts';
import { SENSOR_KINDS } from '../../src/live/contract.ts';
import { parseCatalogue, type Catalogue } from '../../src/domains/signs/index.ts';
import { themeAlarmKinds, themeAlarms } from '../../src/domains/alarms/themeAlarms.ts';

const alarm = (id: string, kind: string, district: string): Alarm => ({
  id, sensor: 0, kind, cell: null, district, state: 'unack', severity: 'alarm', level: 2, startedAt: 0, updatedAt: 0, peak: 1, value: 1,
  ackedBy: null, ackedAt: null, shelf: null, outOfService: null, chattering: false, entries: [], rev: 1, clearedAt: null,
});

/** Twelve muck trucks speeding, a river gauge, a rain gauge and a road, in two districts. */
const ALERTS: Alarm[] = [
  ...Array.from({ length: 12 }, (_, k) => alarm(`MT-${k}`, 'truck', k % 2 ? '440106' : '440104')),
  alarm('WL-1', 'water-level', '440104'),
  alarm('RF-1', 'rainfall', '440106'),
  alarm('TR-1', 'traffic', '440106'),
];

let catalogue: Catalogue;

beforeAll(() => {
  const parsed = parseCatalogue(generateCatalogue(), SENSOR_KINDS);
  if (!parsed.ok) throw new Error('the default catalogue does not parse');
  catalogue = parsed.catalogue;
});

/** The alarm ids a theme's board lists, sorted. */
function listed(theme: string, district: string | null = null): string[] {
  return themeAlarms(ALERTS, themeAlarmKinds(catalogue, theme), district).map((a) => a.id).toSorted();
}

describe('the wall’s alarm board', () => {
  it('lists only the alarms of the theme on show', () => {
    expect(listed('water')).toEqual(['WL-1']);
    expect(listed('weather')).toEqual(['RF-1']);
    expect(listed('traffic')).toEqual(['TR-1']);
    expect(listed('city-management')).toEqual(ALERTS.filter((a) => a.kind === 'truck').map((a) => a.id).toSorted());
    // A theme that counts no alarms lists none; the emergency theme and the grid's count them all.
    expect(listed('economy')).toEqual([]);
    expect(listed('emergency')).toEqual(ALERTS.map((a) => a.id).toSorted());
    expect(listed('grid-governance')).toEqual(ALERTS.map((a) => a.id).toSorted());
  });

  it('filters the theme’s alarms by the chosen district too', () => {
    expect(listed('city-management', '440104')).toEqual(['MT-0', 'MT-10', 'MT-2', 'MT-4', 'MT-6', 'MT-8']);
    expect(listed('water', '440106')).toEqual([]);
  });

  it('takes each theme’s kinds from its own alarm-count figures', () => {
    expect(themeAlarmKinds(catalogue, 'water')).toEqual(new Set(['water-level', 'waterlogging']));
    expect(themeAlarmKinds(catalogue, 'grid-governance')).toBe('all');
    // An open-alarms figure that names no kinds counts them all.
    const unnamed = { indicators: catalogue.indicators.map((i) => (i.id === 'WAT-9002' ? { ...i, source: { kind: 'derived' as const, feed: 'open-alarms' as const } } : i)) };
    expect(themeAlarmKinds(unnamed, 'water')).toBe('all');
  });
});
