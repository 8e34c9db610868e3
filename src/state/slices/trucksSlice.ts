import type { ViolationRecord } from '../../trucks/contract.ts';
import type { AppSlice } from './appSlice.ts';

/** Muck-truck governance as the panels see it: the violations from the operations service, and the one looked at. */
export interface TrucksSlice {
  /** Open violations, newest first. */
  violations: ViolationRecord[];
  /** Violations seen to close since the page opened, newest first. */
  closedViolations: ViolationRecord[];
  /** The violation whose truck, route and evidence the scene shows. */
  selectedViolation: string | null;
  setViolations: (open: ViolationRecord[], closed: ViolationRecord[]) => void;
  selectViolation: (id: string | null) => void;
}

export const createTrucksSlice: AppSlice<TrucksSlice> = (set) => ({
  violations: [],
  closedViolations: [],
  selectedViolation: null,
  setViolations: (violations, closedViolations) => set({ violations, closedViolations }),
  selectViolation: (selectedViolation) => set({ selectedViolation }),
});

/** The selected violation's record, open or closed. */
export const selectedViolationRecord = (s: TrucksSlice): ViolationRecord | null =>
  s.selectedViolation === null ? null : (s.violations.find((v) => v.id === s.selectedViolation) ?? s.closedViolations.find((v) => v.id === s.selectedViolation) ?? null);
