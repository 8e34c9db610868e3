import type { CommandResult } from '../../live/opsContract.ts';
import type { LiveStatus } from '../../live/liveProtocol.ts';
import type { AppSlice } from './appSlice.ts';

/** Per-cell counts from the live feed, in grid cell order. */
export interface LiveCellCounts {
  sensors: Uint32Array;
  alerts: Uint32Array;
}

/** The live feed as the panels see it: its health, the login, the commands' answers and the per-cell counts. */
export interface LiveSlice {
  live: LiveStatus;
  /** The operator signed in on this screen, if any. */
  operator: string | null;
  /** The answers to this screen's last commands, newest last. */
  commandResults: CommandResult[];
  liveCellCounts: LiveCellCounts | null;
  setLive: (live: Partial<LiveStatus>) => void;
  setOperator: (operator: string | null) => void;
  addCommandResult: (result: CommandResult) => void;
  setLiveCellCounts: (counts: LiveCellCounts | null) => void;
}

export const createLiveSlice: AppSlice<LiveSlice> = (set) => ({
  live: { connection: 'idle', retryInMs: null, received: 0, receivedPerSecond: 0, appliedPerSecond: 0, duplicates: 0, rejects: {}, lastError: null, reconnects: 0 },
  operator: null,
  commandResults: [],
  liveCellCounts: null,
  setLive: (live) => set((s) => ({ live: { ...s.live, ...live } })),
  setOperator: (operator) => set({ operator }),
  addCommandResult: (result) => set((s) => ({ commandResults: [...s.commandResults.slice(-9), result] })),
  setLiveCellCounts: (liveCellCounts) => set({ liveCellCounts }),
});
