/**
 * Apache ECharts, with only the charts this app draws (line, bar, pie) and the canvas renderer,
 * so the bundle carries no more of it than that. `useChart` gives a component a chart that
 * follows its box and is disposed with it; the component feeds it with setOption from its own
 * subscriptions, so new data redraws the chart without re-rendering React.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { init, use as registerParts, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

registerParts([LineChart, BarChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = EChartsCoreOption;

/** The palette and text of the dark operations screens. */
export const CHART_THEME = {
  text: '#c9d6e6',
  muted: '#7f93ab',
  line: 'rgba(255,255,255,0.12)',
  series: ['#4fc3f7', '#ffd23f', '#81c784', '#ff8a65', '#ba68c8', '#4db6ac'],
  state: { normal: '#43a047', warning: '#ffb300', alarm: '#e53935', stale: '#78909c', nodata: '#37474f' },
} as const;

/** Text and marks grow with the screen: the wall is laid out for 1920 px and scales to 3840. */
export const chartScale = (): number => Math.max(1, window.innerWidth / 1920);

/**
 * A chart in the element `ref` points at, created once with `base`. Returns a ref to the chart,
 * null until the element is in the page.
 */
export function useChart(ref: RefObject<HTMLElement | null>, base: ChartOption): RefObject<ECharts | null> {
  const chart = useRef<ECharts | null>(null);
  const baseRef = useRef(base);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'canvas', useDirtyRect: true });
    const scaled = (): ChartOption => ({ textStyle: { color: CHART_THEME.text, fontSize: Math.round(12 * chartScale()) } });
    c.setOption({ animation: false, color: [...CHART_THEME.series], ...baseRef.current, ...scaled() });
    chart.current = c;
    const resize = new ResizeObserver(() => {
      c.setOption(scaled());
      c.resize();
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [ref]);
  return chart;
}
