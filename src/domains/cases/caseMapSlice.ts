import type { AppSlice } from '../../state/slices/appSlice.ts';
import { mergeLoopCases, type CaseUpdate, type LoopCase } from './caseMap.ts';

/**
 * The live loop cases on the map (./caseMap.ts), written by ./start.ts at most once a frame from
 * the broker's retained case messages: what every screen sees without signing in. The desk's
 * slice (./casesSlice.ts) holds what the service told a signed-in login.
 */
export interface CaseMapSlice {
  /** The loop cases on the broker, by id; a new map only when one of them changed. */
  caseLive: ReadonlyMap<string, LoopCase>;
  /** A frame's updates from the live feed, in the order they came. */
  applyCaseLive: (updates: readonly CaseUpdate[]) => void;
}

declare module '../../state/store.ts' {
  interface DomainSlices {
    caseMap: CaseMapSlice;
  }
}

export const slice: AppSlice<CaseMapSlice> = (set, get) => ({
  caseLive: new Map(),
  applyCaseLive: (updates) => {
    const caseLive = mergeLoopCases(get().caseLive, updates);
    if (caseLive !== get().caseLive) set({ caseLive });
  },
});
