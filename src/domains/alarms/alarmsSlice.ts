import type { Alarm } from './alarmBook.ts';
import type { SystemAlarm } from '../../live/opsContract.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';

/**
 * Whose alarms the page shows: the operations service's, shared by every screen, or, on a broker
 * with no service, the page's own (labelled local: acknowledgements stay in this browser).
 */
export type AlarmSource = 'shared' | 'local';

/** The alarms as the panels see them (./alarmFeed.ts fills them). */
export interface AlarmsSlice {
  /** Listed alarms, alarms first. */
  alerts: Alarm[];
  clearedAlerts: readonly Alarm[];
  /** Whether the list is the operations service's (shared by every screen) or this page's own. */
  alarmSource: AlarmSource;
  /** The operations service's standing system alarms, one per instance: what stops it doing its job. */
  systemAlarms: readonly SystemAlarm[];
  setAlerts: (listed: Alarm[], cleared: readonly Alarm[], source?: AlarmSource) => void;
  setSystemAlarms: (alarms: readonly SystemAlarm[]) => void;
}

declare module '../../state/store.ts' {
  interface DomainSlices {
    alarms: AlarmsSlice;
  }
}

export const slice: AppSlice<AlarmsSlice> = (set) => ({
  alerts: [],
  clearedAlerts: [],
  alarmSource: 'local',
  systemAlarms: [],
  setAlerts: (alerts, clearedAlerts, source) => set((s) => ({ alerts, clearedAlerts, alarmSource: source ?? s.alarmSource })),
  setSystemAlarms: (systemAlarms) => set({ systemAlarms }),
});
