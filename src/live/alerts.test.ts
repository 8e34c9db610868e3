import { describe, expect, it } from 'vitest';
import { AlertLevels, HYSTERESIS, nextLevel } from './alerts.ts';
import { AlertBook } from './alertBook.ts';

const T = { warning: 30, alarm: 50 };
const band = HYSTERESIS * (T.alarm - T.warning);

describe('threshold levels with hysteresis', () => {
  it('rises at each threshold', () => {
    expect(nextLevel(0, 29.9, T)).toBe(0);
    expect(nextLevel(0, 30, T)).toBe(1);
    expect(nextLevel(0, 50, T)).toBe(2);
    expect(nextLevel(1, 50, T)).toBe(2);
  });

  it('falls only below the threshold minus the band', () => {
    expect(nextLevel(2, 50 - band, T)).toBe(2);
    expect(nextLevel(2, 50 - band - 0.01, T)).toBe(1);
    expect(nextLevel(1, 30 - band, T)).toBe(1);
    expect(nextLevel(1, 30 - band - 0.01, T)).toBe(0);
    expect(nextLevel(2, 0, T)).toBe(0);
  });

  it('raises one change, not one per message, for a reading wobbling around a line', () => {
    const levels = new AlertLevels([T]);
    const readings = [29, 30.5, 29.5, 30.2, 29.1, 30.9, 28.9, 27.5];
    const changes = readings.map((v, k) => levels.apply(0, v, k)).filter((c) => c !== null);
    expect(changes.map((c) => [c.from, c.to, c.ts])).toEqual([
      [0, 1, 1],
      [1, 0, 7],
    ]);
  });
});

describe('the alert book', () => {
  const sensors = { ids: ['WL-1', 'WL-2'], props: [{ cell: '440105-0001', district: '440105' }, { cell: null, district: '440115' }] };

  it('keeps one alert per episode, escalates it, and clears it', () => {
    const book = new AlertBook(sensors);
    book.apply([{ index: 0, from: 0, to: 1, value: 31, ts: 1000 }]);
    const [first] = book.active();
    expect(first).toMatchObject({ id: 'WL-1@1000', severity: 'warning', cell: '440105-0001', district: '440105', peak: 31, acknowledged: false });
    expect(book.acknowledge(first!.id)).toBe(true);
    expect(book.active()[0]!.acknowledged).toBe(true);
    // Escalation asks for attention again.
    book.apply([{ index: 0, from: 1, to: 2, value: 55, ts: 2000 }]);
    expect(book.active()[0]).toMatchObject({ id: 'WL-1@1000', severity: 'alarm', peak: 55, acknowledged: false });
    book.acknowledge('WL-1@1000');
    // Stepping down keeps both the acknowledgement and the worst severity.
    book.apply([{ index: 0, from: 2, to: 1, value: 40, ts: 3000 }]);
    expect(book.active()[0]).toMatchObject({ severity: 'alarm', acknowledged: true, peak: 55 });
    book.apply([{ index: 0, from: 1, to: 0, value: 10, ts: 4000 }]);
    expect(book.active()).toEqual([]);
    expect(book.recentlyCleared()[0]).toMatchObject({ id: 'WL-1@1000', clearedAt: 4000 });
  });

  it('lists alarms before warnings, oldest first, so that new alerts do not push rows down', () => {
    const book = new AlertBook({ ids: ['WL-1', 'WL-2', 'WL-3'], props: [...sensors.props, sensors.props[0]!] });
    book.apply([
      { index: 0, from: 0, to: 1, value: 31, ts: 1000 },
      { index: 1, from: 0, to: 2, value: 60, ts: 500 },
      { index: 2, from: 0, to: 2, value: 60, ts: 700 },
    ]);
    expect(book.active().map((a) => a.sensorId)).toEqual(['WL-2', 'WL-3', 'WL-1']);
    expect(book.acknowledge('nope')).toBe(false);
  });
});
