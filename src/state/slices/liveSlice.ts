import type { Alert } from '../../live/alertBook.ts';
import type { LiveStatus } from '../../live/liveProtocol.ts';
import type { AppSlice } from './appSlice.ts';

/** Per-cell counts from the live feed, in grid cell order. */
export interface LiveCellCounts {
  sensors: Uint32Array;
  alerts: Uint32Array;
}

/** The live feed as the panels see it: its health, the alerts and the per-cell counts. */
export interface LiveSlice {
  live: LiveStatus;
  /** Active alerts, alarms first. */
  alerts: Alert[];
  clearedAlerts: readonly Alert[];
  liveCellCounts: LiveCellCounts | null;
  setLive: (live: Partial<LiveStatus>) => void;
  setAlerts: (active: Alert[], cleared: readonly Alert[]) => void;
  setLiveCellCounts: (counts: LiveCellCounts | null) => void;
}

export const createLiveSlice: AppSlice<LiveSlice> = (set) => ({
  live: { connection: 'idle', retryInMs: null, received: 0, receivedPerSecond: 0, appliedPerSecond: 0, duplicates: 0, rejects: {}, lastError: null, reconnects: 0 },
  alerts: [],
  clearedAlerts: [],
  liveCellCounts: null,
  setLive: (live) => set((s) => ({ live: { ...s.live, ...live } })),
  setAlerts: (alerts, clearedAlerts) => set({ alerts, clearedAlerts }),
  setLiveCellCounts: (liveCellCounts) => set({ liveCellCounts }),
});
