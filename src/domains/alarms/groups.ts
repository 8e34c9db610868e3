import { isAcknowledged, type Alarm } from './alarmBook.ts';

/** Alarms of one district and one sensor kind: how a flood of alarms reads at a glance. */
export interface AlarmGroup {
  key: string;
  district: string;
  kind: string;
  count: number;
  /** Of them, at alarm severity. */
  alarms: number;
  unacknowledged: number;
  /** The group's first alarm: where the trouble started. */
  first: Alarm;
  rows: Alarm[];
}

/**
 * Rolls alarms up by district and kind. Groups with alarms come first, then the larger; rows keep
 * the list's order (alarms first, oldest first).
 */
export function groupAlarms(alarms: readonly Alarm[]): AlarmGroup[] {
  const groups = new Map<string, AlarmGroup>();
  for (const a of alarms) {
    const key = `${a.district}/${a.kind}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, district: a.district, kind: a.kind, count: 0, alarms: 0, unacknowledged: 0, first: a, rows: [] };
      groups.set(key, g);
    }
    g.count++;
    if (a.severity === 'alarm') g.alarms++;
    if (!isAcknowledged(a)) g.unacknowledged++;
    if (a.startedAt < g.first.startedAt) g.first = a;
    g.rows.push(a);
  }
  return [...groups.values()].toSorted((x, y) => Number(y.alarms > 0) - Number(x.alarms > 0) || y.count - x.count || x.key.localeCompare(y.key));
}
