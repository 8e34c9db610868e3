import { useRef } from 'react';
import { pickText, SIGN_STATE_KEYS, type Lang } from '../../i18n/messages.ts';
import type { SignTable } from './signTable.ts';
import { useT } from '../../ui/useT.ts';
import { formatSign, slotFor, useSignUpdates } from './signHooks.ts';
import { useRenderMark } from '../../perf/marks.ts';

const COUNT_UP_MS = 700;

/**
 * One key figure: its name, its value counting up to each new reading, its unit and its state
 * (normal, warning, alarm, stale, no data) as colour and words. The value is drawn straight into
 * the DOM from the sign table.
 */
export function KpiCard({ table, id, district, lang }: { table: SignTable; id: string; district: string | null; lang: Lang }) {
  useRenderMark('KpiCard');
  const t = useT();
  const ind = table.catalogue.byId.get(id);
  const card = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLSpanElement>(null);
  const stateText = useRef<HTMLSpanElement>(null);
  const shown = useRef({ value: 0, target: Number.NaN, frame: 0 });
  useSignUpdates(table, (tb, now) => {
    const slot = slotFor(tb, id, district);
    const state = tb.state(slot, now);
    if (!card.current || !figure.current || !stateText.current || !ind) return;
    card.current.dataset.state = state;
    card.current.dataset.slot = String(slot);
    stateText.current.textContent = t(SIGN_STATE_KEYS[state]);
    if (state === 'nodata') {
      figure.current.textContent = '—';
      return;
    }
    const target = tb.value[slot]!;
    const s = shown.current;
    if (target === s.target) return;
    card.current.dataset.value = String(target);
    const from = Number.isFinite(s.target) ? s.value : 0;
    s.target = target;
    cancelAnimationFrame(s.frame);
    const start = performance.now();
    const step = (): void => {
      const k = Math.min(1, (performance.now() - start) / COUNT_UP_MS);
      s.value = from + (target - from) * (1 - (1 - k) ** 3);
      if (figure.current) figure.current.textContent = formatSign(k === 1 ? target : s.value, ind, lang);
      if (k < 1) s.frame = requestAnimationFrame(step);
    };
    step();
  });
  if (!ind) return null;
  return (
    <div className="kpi-card" ref={card} data-testid="kpi-card" data-indicator={id} data-district={district ?? ''}>
      <span className="kpi-name">{pickText(ind.name, lang)}</span>
      <span className="kpi-value">
        <span ref={figure}>—</span>
        <small>{ind.unit}</small>
      </span>
      <span className="kpi-state" ref={stateText} />
    </div>
  );
}
