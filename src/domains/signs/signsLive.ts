/** The vital signs on the page's side of the live worker: the catalogue's table, then each delta merged into it. */
import { MESSAGES } from '../../i18n/messages.ts';
import { liveFeed } from '../../live/liveFeed.ts';
import { PERF_MARKS } from '../../perf/marks.ts';
import { useAppStore } from '../../state/store.ts';
import { SignTable } from './signTable.ts';

export function startSignsLive(): () => void {
  let table: SignTable | null = null;
  const offs = [
    liveFeed().on('catalogue', (ev) => {
      table = new SignTable({ ...ev.catalogue, byId: new Map(ev.catalogue.indicators.map((i) => [i.id, i])) }, ev.series);
      const store = useAppStore.getState();
      store.setSigns(table, ev.refused);
      // A refused catalogue entry is named where the duty officer sees notices.
      const refused = ev.refused;
      if (refused.length > 0) store.notify(`${MESSAGES[store.lang].signsRefused}: ${refused.slice(0, 3).map((r) => `${r.entry} (${r.message})`).join('; ')}${refused.length > 3 ? ` +${refused.length - 3}` : ''}`);
    }),
    liveFeed().on('catalogue-error', (ev) => useAppStore.getState().setSignsError(ev.message)),
    liveFeed().on('sign-delta', (ev) => {
      // Measured: the benchmark (bench:signs) adds these up per second.
      const t0 = performance.now();
      table?.merge(ev);
      performance.measure(PERF_MARKS.signsApply, { start: t0, end: performance.now() });
    }),
  ];
  return () => offs.forEach((off) => off());
}
