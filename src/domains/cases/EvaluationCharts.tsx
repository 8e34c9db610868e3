/**
 * The evaluation's two charts, for the panel and the wall: the groups ranked by on-time rate, and
 * the case funnel, both as horizontal bars (the app's ECharts carries bars, not funnels, and bars
 * of a funnel's stages read as well).
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { ECharts } from 'echarts/core';
import { CHART_THEME, useChart, type ChartOption } from '../../charts/echarts.ts';
import { useT } from '../../ui/useT.ts';
import { percent, type EvaluationRow, type FunnelBar } from './evaluationModel.ts';

/**
 * Draws `option` when what it shows changes. The option is plain data, so its JSON says that: the
 * answers are read anew every 30 s, mostly the same, and a redraw costs the wall's main thread.
 */
function useDrawn(chart: RefObject<ECharts | null>, option: ChartOption): void {
  const shown = JSON.stringify(option);
  useEffect(() => {
    chart.current?.setOption(JSON.parse(shown) as ChartOption);
  }, [chart, shown]);
}

const BARS = {
  grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
  // A long name (a bureau's, in English) is cut short with an ellipsis, so that the bars keep their room.
  yAxis: { type: 'category', inverse: true, axisLabel: { color: CHART_THEME.text, width: 130, overflow: 'truncate' }, axisLine: { show: false }, axisTick: { show: false } },
};

/**
 * Groups already ranked (./evaluationModel.ts), those with an on-time rate, best on top; `barEm`
 * sizes the chart to its bars (in a panel), else its box does (on the wall).
 */
export function RankingChart({ rows, nameOf, className, testId, barEm }: { rows: readonly EvaluationRow[]; nameOf(group: string): string; className: string; testId: string; barEm?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useChart(el, { ...BARS, xAxis: { type: 'value', min: 0, max: 100, splitNumber: 2, splitLine: { lineStyle: { color: CHART_THEME.line } }, axisLabel: { color: CHART_THEME.muted, formatter: '{value} %' } } });
  const rated = rows.filter((r) => r.onTime !== null);
  const names = rated.map((r) => nameOf(r.group));
  const option: ChartOption = {
    yAxis: { data: names },
    series: [{ type: 'bar', data: rated.map((r) => Math.round(r.onTime! * 1000) / 10), barMaxWidth: 14, itemStyle: { color: CHART_THEME.series[0] }, label: { show: true, position: 'right', color: CHART_THEME.text, formatter: '{c} %' } }],
  };
  useDrawn(chart, option);
  return <div ref={el} className={className} style={barEm ? { height: `${2 + barEm * rated.length}em` } : undefined} role="img" aria-label={rated.map((r, i) => `${names[i]} ${percent(r.onTime)}`).join(', ')} data-testid={testId} data-groups={rated.length} />;
}

/** The loop's stages as bars, each with its count and its share of the cases reported. */
export function FunnelChart({ bars, className }: { bars: readonly FunnelBar[]; className: string }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const chart = useChart(el, { ...BARS, xAxis: { type: 'value', minInterval: 1, splitNumber: 3, splitLine: { lineStyle: { color: CHART_THEME.line } }, axisLabel: { color: CHART_THEME.muted } } });
  const labels = bars.map((b) => t(`caseFunnel_${b.stage}`));
  const option: ChartOption = {
    yAxis: { data: labels },
    series: [
      {
        type: 'bar',
        data: bars.map((b, i) => ({ value: b.count, itemStyle: { color: CHART_THEME.series[i % CHART_THEME.series.length] }, label: { formatter: b.share === null || i === 0 ? String(b.count) : `${b.count} · ${percent(b.share)}` } })),
        barMaxWidth: 18,
        label: { show: true, position: 'right', color: CHART_THEME.text },
      },
    ],
  };
  useDrawn(chart, option);
  return <div ref={el} className={className} role="img" aria-label={bars.map((b, i) => `${labels[i]} ${b.count}`).join(', ')} data-testid="case-funnel-chart" data-reported={bars[0]?.count ?? 0} />;
}
