import type { Level, LevelChange } from './alerts.ts';
import { HISTORY_SPAN_MS } from './history.ts';

/**
 * Alerts as episodes: one alert from the moment a sensor leaves normal until it is back, keeping
 * the worst severity and the peak reading. Acknowledging marks it seen; it stays listed while active.
 */
export interface Alert {
  /** `${sensorId}@${startedAt}`: stable across re-renders and exports. */
  id: string;
  sensor: number;
  sensorId: string;
  severity: 'warning' | 'alarm';
  cell: string | null;
  district: string;
  startedAt: number;
  updatedAt: number;
  peak: number;
  clearedAt: number | null;
  acknowledged: boolean;
}

export interface SensorInfo {
  ids: readonly string[];
  props: readonly { cell: string | null; district: string }[];
}

/** Cleared alerts shown in the list, newest first. */
const SHOW_CLEARED = 200;
/** Cleared alerts kept for the replay: those of the replay's span, at most this many. */
const KEEP_CLEARED = 20_000;

export class AlertBook {
  private readonly open = new Map<number, Alert>();
  private cleared: Alert[] = [];

  constructor(
    private readonly sensors: SensorInfo,
    private readonly keepMs = HISTORY_SPAN_MS,
  ) {}

  /** Applies level changes in order; returns whether anything changed. */
  apply(changes: readonly LevelChange[]): boolean {
    for (const c of changes) {
      const current = this.open.get(c.index);
      if (c.to === 0) {
        if (!current) continue;
        this.open.delete(c.index);
        this.cleared.unshift({ ...current, clearedAt: c.ts, updatedAt: c.ts });
        continue;
      }
      const severity = severityOf(c.to);
      if (!current) {
        const id = this.sensors.ids[c.index]!;
        const p = this.sensors.props[c.index]!;
        this.open.set(c.index, { id: `${id}@${c.ts}`, sensor: c.index, sensorId: id, severity, cell: p.cell, district: p.district, startedAt: c.ts, updatedAt: c.ts, peak: c.value, clearedAt: null, acknowledged: false });
      } else {
        // An escalation asks for attention again; a step down keeps the acknowledgement.
        const escalated = severity === 'alarm' && current.severity === 'warning';
        this.open.set(c.index, { ...current, severity: escalated ? 'alarm' : current.severity, updatedAt: c.ts, peak: Math.max(current.peak, c.value), acknowledged: escalated ? false : current.acknowledged });
      }
    }
    if (this.cleared.length > KEEP_CLEARED) this.cleared.length = KEEP_CLEARED;
    const last = changes.at(-1);
    if (last) while (this.cleared.length > 0 && this.cleared.at(-1)!.clearedAt! < last.ts - this.keepMs) this.cleared.pop();
    return changes.length > 0;
  }

  acknowledge(id: string): boolean {
    for (const [k, a] of this.open) {
      if (a.id === id && !a.acknowledged) {
        this.open.set(k, { ...a, acknowledged: true });
        return true;
      }
    }
    return false;
  }

  /** Active alerts in list order. */
  active(): Alert[] {
    return [...this.open.values()].toSorted(listOrder);
  }

  recentlyCleared(): readonly Alert[] {
    return this.cleared.slice(0, SHOW_CLEARED);
  }

  /**
   * The alerts that were active at a past moment, for the replay: the episodes open then, with the
   * severity the sensor's level had then (`levelAt`; its level may sit in the hysteresis band, 0).
   */
  at(t: number, levelAt: (sensor: number) => number): Alert[] {
    const open = [...this.open.values(), ...this.cleared].filter((a) => a.startedAt <= t && (a.clearedAt === null || a.clearedAt > t));
    return open
      .map((a) => {
        const l = levelAt(a.sensor);
        return { ...a, severity: l === 2 ? 'alarm' : l === 1 ? 'warning' : a.severity, clearedAt: null } satisfies Alert;
      })
      .toSorted(listOrder);
  }
}

/** Alarms first, each group oldest first: a new alert joins the end of its group, so the rows above it stay put under a finger. */
const listOrder = (a: Alert, b: Alert): number => (a.severity === b.severity ? a.startedAt - b.startedAt || a.sensor - b.sensor : a.severity === 'alarm' ? -1 : 1);

const severityOf = (level: Level): 'warning' | 'alarm' => (level === 2 ? 'alarm' : 'warning');
