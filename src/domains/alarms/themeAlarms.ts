import type { Alarm } from './alarmBook.ts';
import type { Catalogue } from '../signs/index.ts';

/**
 * The sensor kinds whose alarms belong to a theme: the kinds its own alarm-count figures count, so
 * the wall's board lists the alarms that its figures add up. An open-alarms figure names its kinds
 * (none named: every kind), a cell's open-alarms figure counts every kind; a theme with no such
 * figure (the economy, say) owns no alarms. `all` stands for every kind.
 */
export function themeAlarmKinds(catalogue: Pick<Catalogue, 'indicators'>, themeId: string): ReadonlySet<string> | 'all' {
  const kinds = new Set<string>();
  for (const ind of catalogue.indicators) {
    if (ind.theme !== themeId) continue;
    const { source } = ind;
    if (source.kind === 'cell' && source.feed === 'cell-open-alarms') return 'all';
    if (source.kind !== 'derived' || source.feed !== 'open-alarms') continue;
    if (!source.sensorKinds) return 'all';
    for (const k of source.sensorKinds) kinds.add(k);
  }
  return kinds;
}

/** The alarms a theme's board lists: those of its kinds, in the chosen district if any, in the order given. */
export function themeAlarms(alerts: readonly Alarm[], kinds: ReadonlySet<string> | 'all', district: string | null): Alarm[] {
  return alerts.filter((a) => (kinds === 'all' || kinds.has(a.kind)) && (district === null || a.district === district));
}
