import { useEffect, useRef } from 'react';
import { CHART_THEME, useChart } from '../../charts/echarts.ts';
import type { Lang } from '../../i18n/messages.ts';
import type { VenueMinute } from './venueTrend.ts';
import { useT } from '../../ui/useT.ts';

const hhmm = (ms: number, lang: Lang): string => new Date(ms).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });

/**
 * A venue's people over its record (up to three hours), the next 30 minutes' forecast dashed,
 * and its warning and alarm lines: redrawn once a minute, when its record changes.
 */
export function VenueChart({ series, forecast, warning, alarm, lang }: { series: readonly VenueMinute[]; forecast: readonly number[]; warning: number; alarm: number; lang: Lang }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const chart = useChart(el, {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 12, top: 12, bottom: 4, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, axisLabel: { color: CHART_THEME.muted, hideOverlap: true }, axisLine: { lineStyle: { color: CHART_THEME.line } } },
    yAxis: { type: 'value', splitLine: { lineStyle: { color: CHART_THEME.line } }, axisLabel: { color: CHART_THEME.muted } },
    series: [],
  });
  useEffect(() => {
    const last = series.at(-1);
    if (!chart.current || !last) return;
    const times = [...series.map((m) => m.at), ...forecast.map((_, k) => last.at + (k + 1) * 60_000)];
    chart.current.setOption({
      xAxis: { data: times.map((ms) => hhmm(ms, lang)) },
      yAxis: {
        // Above the data and the alarm line, on a round figure: the top label reads 30万, not 29.438745万.
        max: (v: { max: number }) => {
          const top = Math.max(v.max, alarm) * 1.05;
          const step = 10 ** Math.floor(Math.log10(top)) / 2;
          return Math.ceil(top / step) * step;
        },
        axisLabel: { formatter: (v: number) => (v < 10_000 ? String(v) : lang === 'zh-CN' ? `${v / 10_000}万` : `${v / 1000}k`) },
      },
      series: [
        {
          name: t('venuePeople'),
          type: 'line',
          showSymbol: false,
          data: [...series.map((m) => m.people), ...forecast.map(() => null)],
          lineStyle: { width: 2, color: CHART_THEME.series[0] },
          markLine: {
            silent: true,
            symbol: 'none',
            label: { show: false },
            data: [
              { yAxis: warning, lineStyle: { color: CHART_THEME.state.warning, type: 'dashed' } },
              { yAxis: alarm, lineStyle: { color: CHART_THEME.state.alarm, type: 'dashed' } },
            ],
          },
        },
        {
          name: t('forecast30'),
          type: 'line',
          showSymbol: false,
          // Joined to the last minute seen, so that the dashes go on from the line.
          data: [...series.map((_, i) => (i === series.length - 1 ? last.people : null)), ...forecast],
          lineStyle: { width: 2, type: 'dashed', color: CHART_THEME.series[1] },
        },
      ],
    });
  }, [chart, series, forecast, warning, alarm, lang, t]);
  return <div ref={el} className="venue-chart" data-testid="venue-chart" />;
}
