import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { RULES, type Rule } from '../analysis/trucks/truckRules.ts';
import { CHART_THEME, useChart } from '../charts/echarts.ts';
import { RULE_KEYS } from '../i18n/messages.ts';
import { selectedViolationRecord, useAppStore } from '../state/store.ts';
import type { ViolationRecord } from '../trucks/contract.ts';
import { useT } from '../ui/useT.ts';

/** The operations service's derived vital sign: muck trucks that reported in the last 3 minutes and are moving. */
const TRUCKS_ON_ROAD_SIGN = 'CTM-9001';
const LIST_LIMIT = 60;
const NO_SIGNS = (): (() => void) => () => undefined;

function useTrucksOnRoad(): number | null {
  const signs = useAppStore((s) => s.signs);
  // Re-read whenever the table merges (its version moves); the value is a number, so nothing to memoize.
  useSyncExternalStore(signs ? (l) => signs.subscribe(l) : NO_SIGNS, () => signs?.version ?? 0);
  const k = signs?.slot(TRUCKS_ON_ROAD_SIGN, null) ?? -1;
  return k >= 0 && signs!.ts[k]! > 0 ? signs!.value[k]! : null;
}

/** Violations per rule, as bars: the breaches a duty officer looks at first. */
function RuleChart({ counts }: { counts: Record<Rule, number> }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const chart = useChart(el, {
    grid: { left: 8, right: 28, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: CHART_THEME.line } }, axisLabel: { color: CHART_THEME.muted } },
    yAxis: { type: 'category', inverse: true, axisLabel: { color: CHART_THEME.text }, axisLine: { show: false }, axisTick: { show: false } },
  });
  useEffect(() => {
    chart.current?.setOption({
      yAxis: { data: RULES.map((r) => t(RULE_KEYS[r])) },
      series: [{ type: 'bar', data: RULES.map((r) => counts[r]), barMaxWidth: 14, itemStyle: { color: '#f43f5e' }, label: { show: true, position: 'right', color: CHART_THEME.text } }],
    });
  }, [chart, counts, t]);
  return <div ref={el} className="rule-chart" role="img" aria-label={RULES.map((r) => `${t(RULE_KEYS[r])} ${counts[r]}`).join(', ')} data-testid="rule-chart" />;
}

/** The five most frequent non-empty names, with their counts. */
function topFive(names: readonly string[]): [string, number][] {
  const by = new Map<string, number>();
  for (const n of names) if (n) by.set(n, (by.get(n) ?? 0) + 1);
  return [...by].toSorted((a, b) => b[1] - a[1]).slice(0, 5);
}

function Ranking({ title, rows, testId }: { title: string; rows: [string, number][]; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h3 className="section-title">{title}</h3>
      <ol className="company-list" data-testid={testId}>
        {rows.map(([name, n]) => (
          <li key={name}>
            <span>{name}</span>
            <strong>{n}</strong>
          </li>
        ))}
      </ol>
    </>
  );
}

function ViolationDetail({ v }: { v: ViolationRecord }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const time = (ms: number): string => new Date(ms).toLocaleTimeString(lang);
  return (
    <dl className="info-rows violation-detail" data-testid="violation-detail" data-violation={v.id}>
      <div>
        <dt>{t('muckTruck')}</dt>
        <dd>{v.truck}</dd>
      </div>
      <div>
        <dt>{t('company')}</dt>
        <dd>{v.companyName || '—'}</dd>
      </div>
      {v.zoneName && (
        <div>
          <dt>{t('zone')}</dt>
          <dd>{v.zoneName}</dd>
        </div>
      )}
      {v.rule === 'speeding' && (
        <div>
          <dt>{t('peakSpeed')}</dt>
          <dd>{v.peak} km/h</dd>
        </div>
      )}
      <div>
        <dt>{t('violationAt')}</dt>
        <dd>{v.cell ?? `${v.lon.toFixed(5)}, ${v.lat.toFixed(5)}`}</dd>
      </div>
      <div>
        <dt>{t('started')}</dt>
        <dd>{time(v.start)}</dd>
      </div>
      <div>
        <dt>{t('ended')}</dt>
        <dd>{v.end === null ? t('openNow') : time(v.end)}</dd>
      </div>
      <div>
        <dt>{t('evidence')}</dt>
        <dd data-testid="evidence-points">
          {v.track.length.toLocaleString(lang)} {t('points')}
        </dd>
      </div>
    </dl>
  );
}

/**
 * Muck-truck governance, from the operations service's violations: trucks on the road, the
 * violations by rule and by company, and the list; a tap on one shows its truck, route and
 * evidence track in the scene and flies there.
 */
export function TruckGovernance() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const open = useAppStore((s) => s.violations);
  const closed = useAppStore((s) => s.closedViolations);
  const selected = useAppStore(selectedViolationRecord);
  const trucksLayer = useAppStore((s) => s.city?.layers.find((l) => l.kind === 'trucks')?.id ?? null);
  const onRoad = useTrucksOnRoad();
  const all = useMemo(() => [...open, ...closed], [open, closed]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<Rule, number>;
    for (const v of all) c[v.rule]++;
    return c;
  }, [all]);
  const districts = useAppStore((s) => s.signDistricts);
  const companies = useMemo(() => topFive(all.map((v) => v.companyName)), [all]);
  const byDistrict = useMemo(() => {
    const names = new Map(districts.map((d) => [d.adcode, lang === 'zh-CN' ? d.name.zh : d.name.en]));
    return topFive(all.map((v) => (v.district ? (names.get(v.district) ?? v.district) : '')));
  }, [all, districts, lang]);

  const choose = (v: ViolationRecord): void => {
    const s = useAppStore.getState();
    s.selectViolation(v.id === s.selectedViolation ? null : v.id);
    if (trucksLayer) s.setLayerVisible(trucksLayer, true);
    // From the south, looking down at 50°, so the place is in the middle of the screen.
    s.commandCamera({ kind: 'view', view: { lon: v.lon, lat: v.lat - 0.0136, height: 1800, heading: 0, pitch: -50 } });
  };

  return (
    <div className="truck-governance" data-testid="truck-governance">
      <div className="alert-counts">
        <span className="big-figure">
          <strong data-testid="trucks-on-road">{onRoad === null ? '—' : onRoad.toLocaleString(lang)}</strong> {t('trucksOnRoad')}
        </span>
        <span className="big-figure severity-alarm">
          <strong data-testid="violations-open">{open.length.toLocaleString(lang)}</strong> {t('openNow')}
        </span>
        <span className="big-figure">
          <strong>{closed.length.toLocaleString(lang)}</strong> {t('closedSeen')}
        </span>
      </div>
      <h3 className="section-title">{t('byRule')}</h3>
      <RuleChart counts={counts} />
      <Ranking title={t('topCompanies')} rows={companies} testId="top-companies" />
      <Ranking title={t('byDistrict')} rows={byDistrict} testId="top-districts" />
      {all.length === 0 ? (
        <p className="muted">{t('noViolations')}</p>
      ) : (
        <ul className="violation-list" data-testid="violation-list">
          {all.slice(0, LIST_LIMIT).map((v) => (
            <li key={v.id}>
              <button type="button" className={`violation${v.id === selected?.id ? ' selected' : ''}${v.end === null ? ' open' : ''}`} data-violation={v.id} aria-pressed={v.id === selected?.id} onClick={() => choose(v)}>
                <span className="violation-rule">{t(RULE_KEYS[v.rule])}</span>
                <span className="violation-truck mono">{v.truck}</span>
                <span className="violation-time">{new Date(v.start).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })}</span>
              </button>
              {v.id === selected?.id && <ViolationDetail v={selected} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
