import type { Alarm } from '../../domains/alarms/alarmBook.ts';
import type { CommandResult, SystemAlarm } from '../../domains/alarms/contract.ts';
import type { AlarmSource } from '../../live/liveFeed.ts';
import type { LiveStatus } from '../../live/liveProtocol.ts';
import type { AppSlice } from './appSlice.ts';

/** Per-cell counts from the live feed, in grid cell order. */
export interface LiveCellCounts {
  sensors: Uint32Array;
  alerts: Uint32Array;
}

/** The live feed as the panels see it: its health, the alarms and the per-cell counts. */
export interface LiveSlice {
  live: LiveStatus;
  /** Listed alarms, alarms first. */
  alerts: Alarm[];
  clearedAlerts: readonly Alarm[];
  /** Whether the list is the operations service's (shared by every screen) or this page's own. */
  alarmSource: AlarmSource;
  /** The operations service's standing system alarms, one per instance: what stops it doing its job. */
  systemAlarms: readonly SystemAlarm[];
  /** The operator signed in on this screen, if any. */
  operator: string | null;
  /** The answers to this screen's last commands, newest last. */
  commandResults: CommandResult[];
  liveCellCounts: LiveCellCounts | null;
  setLive: (live: Partial<LiveStatus>) => void;
  setAlerts: (listed: Alarm[], cleared: readonly Alarm[], source?: AlarmSource) => void;
  setOperator: (operator: string | null) => void;
  setSystemAlarms: (alarms: readonly SystemAlarm[]) => void;
  addCommandResult: (result: CommandResult) => void;
  setLiveCellCounts: (counts: LiveCellCounts | null) => void;
}

export const createLiveSlice: AppSlice<LiveSlice> = (set) => ({
  live: { connection: 'idle', retryInMs: null, received: 0, receivedPerSecond: 0, appliedPerSecond: 0, duplicates: 0, rejects: {}, lastError: null, reconnects: 0 },
  alerts: [],
  clearedAlerts: [],
  alarmSource: 'local',
  systemAlarms: [],
  operator: null,
  commandResults: [],
  liveCellCounts: null,
  setLive: (live) => set((s) => ({ live: { ...s.live, ...live } })),
  setAlerts: (alerts, clearedAlerts, source) => set((s) => ({ alerts, clearedAlerts, alarmSource: source ?? s.alarmSource })),
  setOperator: (operator) => set({ operator }),
  setSystemAlarms: (systemAlarms) => set({ systemAlarms }),
  addCommandResult: (result) => set((s) => ({ commandResults: [...s.commandResults.slice(-9), result] })),
  setLiveCellCounts: (liveCellCounts) => set({ liveCellCounts }),
});
