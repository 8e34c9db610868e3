import type { TruckDayView } from './apiContract.ts';
import type { ViolationRecord } from './contract.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';

/** Muck-truck governance as the panels see it: the violations from the operations service, and the one looked at. */
export interface TrucksSlice {
  /** Open violations, newest first. */
  violations: ViolationRecord[];
  /** Violations seen to close since the page opened, newest first. */
  closedViolations: ViolationRecord[];
  /** The violation whose truck, route and evidence the scene shows. */
  selectedViolation: string | null;
  /** The record behind the selection when it came from the day's list (closed before this page opened). */
  pickedViolation: ViolationRecord | null;
  /** One truck's day being replayed (from the service's /api/ops/truck-day), its cursor time, and the fetch's state. */
  truckDay: TruckDayView | null;
  truckDayAt: number | null;
  truckDayLoading: string | null;
  truckDayPlaying: boolean;
  setViolations: (open: ViolationRecord[], closed: ViolationRecord[]) => void;
  selectViolation: (id: string | null, record?: ViolationRecord) => void;
  setTruckDayLoading: (truck: string | null) => void;
  setTruckDay: (day: TruckDayView | null) => void;
  setTruckDayAt: (t: number) => void;
  setTruckDayPlaying: (playing: boolean) => void;
}

export const slice: AppSlice<TrucksSlice> = (set) => ({
  violations: [],
  closedViolations: [],
  selectedViolation: null,
  pickedViolation: null,
  truckDay: null,
  truckDayAt: null,
  truckDayLoading: null,
  truckDayPlaying: false,
  setViolations: (violations, closedViolations) => set({ violations, closedViolations }),
  selectViolation: (selectedViolation, record) => set({ selectedViolation, pickedViolation: record ?? null }),
  setTruckDayLoading: (truckDayLoading) => set({ truckDayLoading }),
  setTruckDay: (truckDay) => set({ truckDay, truckDayLoading: null, truckDayAt: truckDay?.points[0]?.[0] ?? null }),
  setTruckDayAt: (truckDayAt) => set({ truckDayAt }),
  setTruckDayPlaying: (truckDayPlaying) => set({ truckDayPlaying }),
});

/** Where the replayed truck was at time t: between the two fixes around it, in a straight line. */
export function dayPositionAt(day: { points: readonly (readonly [number, number, number, number])[] }, t: number): { lon: number; lat: number; speed: number } | null {
  const p = day.points;
  if (p.length === 0) return null;
  let lo = 0;
  let hi = p.length - 1;
  if (t <= p[0]![0]) return { lon: p[0]![1], lat: p[0]![2], speed: p[0]![3] };
  if (t >= p[hi]![0]) return { lon: p[hi]![1], lat: p[hi]![2], speed: p[hi]![3] };
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p[mid]![0] <= t) lo = mid;
    else hi = mid;
  }
  const [t0, x0, y0, v0] = p[lo]!;
  const [t1, x1, y1] = p[hi]!;
  const u = (t - t0) / Math.max(1, t1 - t0);
  return { lon: x0 + u * (x1 - x0), lat: y0 + u * (y1 - y0), speed: v0 };
}

/** The selected violation's record, open or closed. */
export const selectedViolationRecord = (s: TrucksSlice): ViolationRecord | null =>
  s.selectedViolation === null
    ? null
    : (s.violations.find((v) => v.id === s.selectedViolation) ?? s.closedViolations.find((v) => v.id === s.selectedViolation) ?? (s.pickedViolation?.id === s.selectedViolation ? s.pickedViolation : null));

declare module '../../state/store.ts' {
  interface DomainSlices {
    trucks: TrucksSlice;
  }
}
