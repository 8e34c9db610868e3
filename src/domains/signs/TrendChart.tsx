import { useEffect, useRef } from 'react';
import { CHART_THEME, chartScale, useChart } from '../../charts/echarts.ts';
import { pickText, type Lang } from '../../i18n/messages.ts';
import { fetchSignHistory } from './signHistory.ts';
import type { SignTable } from './signTable.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { slotFor, useSignUpdates } from './signHooks.ts';
import { useRenderMark } from '../../perf/marks.ts';

/** The window the chart shows, so that one point does not stretch the time axis to days. */
const WINDOW_MS = 15 * 60_000;
/**
 * New points are drawn at most this often: under 2 % of the window, and an ECharts redraw costs
 * 10–15 ms of main thread on a software renderer (bench:signs).
 */
const REDRAW_MS = 15_000;

const time = (ts: number, lang: Lang): string => new Date(ts).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * The recent course of up to two figures (each on its own axis, with its warning band as a line),
 * from the operations service's history and then as they come.
 */
export function TrendChart({ table, ids, district, lang, testId = 'trend-chart' }: { table: SignTable; ids: string[]; district: string | null; lang: Lang; testId?: string }) {
  useRenderMark('TrendChart');
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const inds = ids.map((id) => table.catalogue.byId.get(id)).filter((i) => i !== undefined);
  const chart = useChart(el, {
    tooltip: { trigger: 'axis' },
    // One figure a line above the plot: side by side, two long names wrapped over the axes.
    legend: { top: 0, left: 0, orient: 'vertical', itemGap: 4, textStyle: { color: CHART_THEME.text } },
    grid: { left: 8, right: 8, top: 46, bottom: 4, containLabel: true },
    xAxis: { type: 'time', axisLabel: { color: CHART_THEME.muted, hideOverlap: true }, axisLine: { lineStyle: { color: CHART_THEME.line } } },
    yAxis: [0, 1].map(() => ({ type: 'value', scale: true, splitLine: { lineStyle: { color: CHART_THEME.line } }, axisLabel: { color: CHART_THEME.muted } })),
    series: [],
  });
  const key = `${ids.join()}|${district}`;
  // Older points come from the service once per figure shown (where one runs: a static deployment
  // has no /api); the live ones follow.
  const service = useAppStore((s) => s.alarmSource === 'shared');
  useEffect(() => {
    if (!service) return;
    for (const id of key.split('|')[0]!.split(',')) {
      const slot = slotFor(table, id, district);
      if (slot < 0) continue;
      void fetchSignHistory(id, table.series[slot]!.district).then((points) => table.backfill(slot, points));
    }
  }, [table, key, district, service]);
  const drawn = useRef({ points: '', view: '', at: 0 });
  useSignUpdates(table, (tb, now) => {
    // Redrawn when one of its series has a new point (most batches are other signs), at most every
    // REDRAW_MS; at once when what it shows changes (district, language, screen size).
    const slots = inds.slice(0, 2).map((ind) => slotFor(tb, ind.id, district));
    const points = slots.map((k) => (k >= 0 ? `${tb.ts[k]}:${tb.history(k).ts.length}` : '-')).join();
    const view = `${ids.join()}|${district}|${lang}|${chartScale()}`;
    const last = drawn.current;
    if (!chart.current || (view === last.view && (points === last.points || now - last.at < REDRAW_MS))) return;
    drawn.current = { points, view, at: now };
    const series = inds.slice(0, 2).map((ind, k) => {
      const slot = slotFor(tb, ind.id, district);
      const h = slot >= 0 ? tb.history(slot) : { ts: [], value: [] };
      return {
        type: 'line',
        name: `${pickText(ind.name, lang)} (${ind.unit})`,
        yAxisIndex: k,
        showSymbol: false,
        sampling: 'lttb',
        data: h.ts.map((ts, j) => [ts, h.value[j]]),
        markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: CHART_THEME.state.warning, type: 'dashed' }, data: [{ yAxis: ind.bands.warning }] },
      };
    });
    const count = series.reduce((n, s) => n + s.data.length, 0);
    if (el.current) {
      el.current.dataset.points = String(count);
      el.current.dataset.district = district ?? '';
    }
    const font = Math.round(11 * chartScale());
    const axisLabel = { color: CHART_THEME.muted, fontSize: font };
    chart.current?.setOption({ series, xAxis: { min: now - WINDOW_MS, max: now, axisLabel: { ...axisLabel, hideOverlap: true } }, yAxis: [{ axisLabel }, { axisLabel }], tooltip: { valueFormatter: undefined, axisPointer: { label: { formatter: (p: { value: number }) => time(p.value, lang) } } } });
  });
  return (
    <figure className="wall-chart trend" data-testid={testId}>
      <figcaption>{t('trend')}</figcaption>
      <div className="chart-box" ref={el} />
    </figure>
  );
}
