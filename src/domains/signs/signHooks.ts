import { useEffect, useRef } from 'react';
import { PERF_MARKS } from '../../perf/marks.ts';
import type { Lang } from '../../i18n/messages.ts';
import type { Indicator } from './catalogue.ts';
import type { SignTable } from './signTable.ts';

/**
 * Calls `update` now, on every batch of signs, and once a second (a sign turns stale with no
 * message at all). The callback draws into the DOM or a chart itself: no React state changes.
 */
export function useSignUpdates(table: SignTable | null, update: (table: SignTable, now: number) => void): void {
  const latest = useRef(update);
  // The newest callback (it closes over the newest props), without resubscribing; and run at once
  // after a render, so that what a render changed (the language) shows without waiting for the tick.
  useEffect(() => {
    latest.current = update;
    if (table) update(table, Date.now());
  });
  useEffect(() => {
    if (!table) return;
    const run = (): void => latest.current(table, Date.now());
    run();
    const unsubscribe = table.subscribe(run);
    // The once-a-second pass is measured like a batch (bench:signs adds both up).
    const timer = setInterval(() => {
      const t0 = performance.now();
      run();
      performance.measure(PERF_MARKS.signsApply, { start: t0, end: performance.now(), detail: 'tick' });
    }, 1000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [table]);
}

/** The series a card or chart shows: the district's where the indicator has one, else the city's. */
export function slotFor(table: SignTable, id: string, district: string | null): number {
  const own = district ? table.slot(id, district) : -1;
  return own >= 0 ? own : table.slot(id, null);
}

export function formatSign(value: number, ind: Pick<Indicator, 'unit'>, lang: Lang): string {
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString(lang, { maximumFractionDigits: ind.unit === '个' ? 0 : digits });
}
