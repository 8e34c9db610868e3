import { useEffect, useMemo, useRef } from 'react';
import { CHART_THEME, chartScale, useChart } from '../../charts/echarts.ts';
import { pickText, SIGN_STATE_KEYS, KIND_KEYS, type Lang } from '../../i18n/messages.ts';
import type { Theme } from './catalogue.ts';
import type { SignState, SignTable } from './signTable.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { slotFor, useSignUpdates } from './signHooks.ts';
import { useRenderMark } from '../../perf/marks.ts';

const STATES: SignState[] = ['normal', 'warning', 'alarm', 'stale', 'nodata'];

/**
 * The legend stands beside the ring, one entry a line: under it, the English names wrapped onto a
 * third line and ran over the ring in a wall's narrow column.
 */
const ringBase = (title: string) => ({
  tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
  legend: { orient: 'vertical', right: 0, top: 'middle', icon: 'circle', itemWidth: 10, itemGap: 6, textStyle: { color: CHART_THEME.text } },
  series: [{ type: 'pie', name: title, radius: ['50%', '78%'], center: ['30%', '50%'], avoidLabelOverlap: true, label: { show: true, position: 'center', formatter: '', color: CHART_THEME.text, fontWeight: 'bold' }, data: [] }],
});

/**
 * How the theme's figures stand, as a ring: normal, warning, alarm, stale, no data. Counts every
 * indicator of the theme kept for the city or per district (in the chosen district, if any).
 */
export function ThemeHealthRing({ table, theme, district, lang }: { table: SignTable; theme: Theme; district: string | null; lang: Lang }) {
  useRenderMark('ThemeHealthRing');
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const chart = useChart(el, ringBase(t('themeHealth')));
  const ids = useMemo(() => table.catalogue.indicators.filter((i) => i.theme === theme.id && i.level !== 'cell').map((i) => i.id), [table, theme]);
  const drawn = useRef('');
  useSignUpdates(table, (tb, now) => {
    const counts = new Map<SignState, number>(STATES.map((s) => [s, 0]));
    for (const id of ids) {
      const st = tb.state(slotFor(tb, id, district), now);
      counts.set(st, counts.get(st)! + 1);
    }
    const off = (counts.get('warning') ?? 0) + (counts.get('alarm') ?? 0);
    // Most batches change none of the theme's states: the chart is redrawn only when one does.
    const signature = `${JSON.stringify(Object.fromEntries(counts))}|${district}|${lang}|${chartScale()}`;
    if (signature === drawn.current || !chart.current) return;
    drawn.current = signature;
    if (el.current) {
      el.current.dataset.counts = JSON.stringify(Object.fromEntries(counts));
      el.current.dataset.district = district ?? '';
    }
    chart.current?.setOption({
      series: [{ label: { formatter: `${ids.length - off}/${ids.length}`, fontSize: 22 * chartScale() }, data: STATES.map((s) => ({ name: t(SIGN_STATE_KEYS[s]), value: counts.get(s), itemStyle: { color: CHART_THEME.state[s] } })) }],
    });
  });
  return (
    <figure className="wall-chart" data-testid="theme-health">
      <figcaption>
        {t('themeHealth')} · {pickText(theme.name, lang)}
      </figcaption>
      <div className="chart-box" ref={el} />
    </figure>
  );
}

/** Open alarms by sensor kind (in the chosen district, if any): from the shared alarm list. */
export function AlarmKindRing({ district }: { district: string | null }) {
  useRenderMark('AlarmKindRing');
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const chart = useChart(el, ringBase(t('alerts')));
  useEffect(() => {
    const draw = (): void => {
      const counts = new Map<string, number>();
      for (const a of useAppStore.getState().alerts) {
        if (district && a.district !== district) continue;
        counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
      }
      const total = [...counts.values()].reduce((x, y) => x + y, 0);
      if (el.current) el.current.dataset.total = String(total);
      chart.current?.setOption({
        series: [{ label: { formatter: String(total), fontSize: 22 * chartScale() }, data: total === 0 ? [{ name: t('noAlerts'), value: 0, itemStyle: { color: CHART_THEME.state.nodata } }] : [...counts].map(([kind, n]) => ({ name: kind in KIND_KEYS ? t(KIND_KEYS[kind as keyof typeof KIND_KEYS]) : kind, value: n })) }],
      });
    };
    draw();
    // The alarm list changes in the store: redraw from it, without a React render.
    return useAppStore.subscribe((s, prev) => {
      if (s.alerts !== prev.alerts || s.lang !== prev.lang) draw();
    });
  }, [district, chart, t]);
  return (
    <figure className="wall-chart" data-testid="alarm-ring">
      <figcaption>{t('openAlarmsByKind')}</figcaption>
      <div className="chart-box" ref={el} />
    </figure>
  );
}
