import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { RULES, type Rule } from './truckRules.ts';
import { CHART_THEME, useChart } from '../../charts/echarts.ts';
import { RULE_KEYS } from '../../i18n/messages.ts';
import { closeTruckDay, cstToday, pauseTruckDay, playTruckDay, replayTruckDay } from './truckReplay.ts';
import { violationsSince } from './opsCalls.ts';
import type { ViolationReportView } from './apiContract.ts';
import { useAppStore } from '../../state/store.ts';
import { dayPositionAt, selectedViolationRecord } from './trucksSlice.ts';
import type { ViolationRecord } from './contract.ts';
import { useT } from '../../ui/useT.ts';
import { SignIn } from '../../panels/SignIn.tsx';

/** The operations service's derived vital sign: muck trucks that reported in the last 3 minutes and are moving. */
const TRUCKS_ON_ROAD_SIGN = 'CTM-9001';
const LIST_LIMIT = 60;
/** How often a signed-in panel reads the day's violations from the service's database. */
const DAY_REFRESH_MS = 30_000;

/** Midnight China Standard Time of today, ms. */
const cstMidnight = (): number => Date.parse(`${cstToday()}T00:00:00Z`) - 8 * 3600_000;

/** For a signed-in duty officer, the day's violations and counts from the database, refreshed; null otherwise. */
function useDayReport(): ViolationReportView | null {
  const operator = useAppStore((s) => s.operator);
  const [report, setReport] = useState<ViolationReportView | null>(null);
  useEffect(() => {
    if (!operator) return;
    let stopped = false;
    const load = (): void => {
      violationsSince(cstMidnight()).then(
        (r) => stopped || setReport(r),
        // The live counts stay on show; the next refresh tries again.
        () => undefined,
      );
    };
    load();
    const timer = setInterval(load, DAY_REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      setReport(null);
    };
  }, [operator]);
  return report;
}

/** Counts keyed by name, the five largest. */
function topOf(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].filter(([name]) => name).toSorted((a, b) => b[1] - a[1]).slice(0, 5);
}
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

/** The replay of one truck's day: a slider over its track, play and pause, the time and speed at the cursor. */
function DayReplay() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const day = useAppStore((s) => s.truckDay);
  const at = useAppStore((s) => s.truckDayAt);
  const playing = useAppStore((s) => s.truckDayPlaying);
  if (!day) return null;
  const first = day.points[0]?.[0];
  const last = day.points.at(-1)?.[0];
  const here = at === null ? null : dayPositionAt(day, at);
  return (
    <section className="day-replay" data-testid="day-replay" aria-label={`${t('replayOf')} ${day.truck}`}>
      <h3 className="section-title">
        {t('replayOf')} · {day.truck} · {day.date}
      </h3>
      {first === undefined || last === undefined ? (
        <p className="muted">{t('noTrack')}</p>
      ) : (
        <>
          <input type="range" className="day-slider" min={first} max={last} step={1000} value={at ?? first} aria-label={t('replayOf')} data-testid="day-slider" onChange={(e) => useAppStore.getState().setTruckDayAt(Number(e.target.value))} />
          <div className="day-readout">
            <span data-testid="day-time">{at === null ? '—' : new Date(at).toLocaleTimeString(lang)}</span>
            <span>{here ? `${Math.round(here.speed)} km/h` : ''}</span>
            <span className="muted">
              {day.points.length.toLocaleString(lang)} {t('points')}
            </span>
          </div>
        </>
      )}
      <div className="day-buttons">
        <button type="button" onClick={playing ? pauseTruckDay : playTruckDay} disabled={first === undefined} data-testid="day-play">
          {playing ? t('pause') : t('play')}
        </button>
        <button type="button" onClick={closeTruckDay}>
          {t('close')}
        </button>
      </div>
    </section>
  );
}

/** Replays the truck's day, for a signed-in duty officer (the track is theirs to see). */
export function ReplayDayButton({ truck }: { truck: string }) {
  const t = useT();
  const operator = useAppStore((s) => s.operator);
  const loading = useAppStore((s) => s.truckDayLoading === truck);
  if (!operator)
    return (
      <>
        <p className="muted small">{t('replaySignIn')}</p>
        <SignIn />
      </>
    );
  return (
    <button type="button" className="replay-day" data-testid="replay-day" disabled={loading} onClick={() => void replayTruckDay(truck)}>
      {loading ? t('loading') : t('replayDay')}
    </button>
  );
}

function ViolationDetail({ v }: { v: ViolationRecord }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const el = useRef<HTMLDivElement>(null);
  const time = (ms: number): string => new Date(ms).toLocaleTimeString(lang);
  // Tapped in the list below: bring the details into view (a new violation mounts a new detail).
  useEffect(() => el.current?.scrollIntoView({ block: 'nearest' }), []);
  return (
    <div ref={el} className="violation-detail" data-testid="violation-detail" data-violation={v.id}>
      <h3 className="section-title">{t(RULE_KEYS[v.rule])}</h3>
    <dl className="info-rows">
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
      <ReplayDayButton truck={v.truck} />
    </div>
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
  const report = useDayReport();
  // The page's own (open from the broker, closed since it opened), then the day's from the database.
  const all = useMemo(() => {
    const seen = new Set([...open, ...closed].map((v) => v.id));
    return [...open, ...closed, ...(report?.violations ?? []).filter((v) => !seen.has(v.id))];
  }, [open, closed, report]);
  const [rule, setRule] = useState<Rule | null>(null);
  const listed = useMemo(() => (rule ? all.filter((v) => v.rule === rule) : all), [all, rule]);
  const districts = useAppStore((s) => s.signDistricts);
  const { counts, companies, byDistrict } = useMemo(() => {
    // The day's counts from the database when signed in, with what opened since that report; else what this page has seen.
    const counted = report ? all.filter((v) => v.start > report.to) : all;
    const add = (into: Map<string, number>, key: string | null, n = 1): void => {
      if (key) into.set(key, (into.get(key) ?? 0) + n);
    };
    const byRule = new Map<string, number>();
    const byCompany = new Map<string, number>();
    const byDistrictCode = new Map<string, number>();
    for (const [k, n] of Object.entries(report?.counts.rule ?? {})) add(byRule, k, n);
    for (const [k, n] of Object.entries(report?.counts.company ?? {})) add(byCompany, k, n);
    for (const [k, n] of Object.entries(report?.counts.district ?? {})) add(byDistrictCode, k, n);
    for (const v of counted) {
      add(byRule, v.rule);
      add(byCompany, v.company);
      add(byDistrictCode, v.district);
    }
    const companyName = new Map(all.map((v) => [v.company, v.companyName]));
    const districtName = new Map(districts.map((d) => [d.adcode, lang === 'zh-CN' ? d.name.zh : d.name.en]));
    return {
      counts: Object.fromEntries(RULES.map((r) => [r, byRule.get(r) ?? 0])) as Record<Rule, number>,
      companies: topOf(new Map([...byCompany].map(([id, n]) => [companyName.get(id) || id, n]))),
      byDistrict: topOf(new Map([...byDistrictCode].map(([code, n]) => [districtName.get(code) ?? code, n]))),
    };
  }, [all, report, districts, lang]);

  const choose = (v: ViolationRecord): void => {
    const s = useAppStore.getState();
    s.selectViolation(v.id === s.selectedViolation ? null : v.id, v);
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
      {/* Above the list, which grows at its top as violations arrive: what was tapped stays put. */}
      {selected && <ViolationDetail key={selected.id} v={selected} />}
      <DayReplay />
      <h3 className="section-title">
        {t('byRule')} · <span data-testid="count-scope">{t(report ? 'scopeToday' : 'scopeSeen')}</span>
      </h3>
      <RuleChart counts={counts} />
      <Ranking title={t('topCompanies')} rows={companies} testId="top-companies" />
      <Ranking title={t('byDistrict')} rows={byDistrict} testId="top-districts" />
      <div className="rule-filter" role="radiogroup" aria-label={t('byRule')}>
        {[null, ...RULES].map((r) => (
          <button key={r ?? 'all'} type="button" role="radio" aria-checked={rule === r} data-rule-filter={r ?? 'all'} onClick={() => setRule(r)}>
            {r ? t(RULE_KEYS[r]) : t('allRules')} {r ? all.filter((v) => v.rule === r).length : all.length}
          </button>
        ))}
      </div>
      {listed.length === 0 ? (
        <p className="muted">{t('noViolations')}</p>
      ) : (
        <ul className="violation-list" data-testid="violation-list">
          {listed.slice(0, LIST_LIMIT).map((v) => (
            <li key={v.id}>
              <button type="button" className={`violation${v.id === selected?.id ? ' selected' : ''}${v.end === null ? ' open' : ''}`} data-violation={v.id} aria-pressed={v.id === selected?.id} onClick={() => choose(v)}>
                <span className="violation-rule">{t(RULE_KEYS[v.rule])}</span>
                <span className="violation-truck mono">{v.truck}</span>
                <span className="violation-time">{new Date(v.start).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })}</span>
              </button>
            </li>
          ))}
          {listed.length > LIST_LIMIT && <li className="muted small">+{(listed.length - LIST_LIMIT).toLocaleString(lang)}</li>}
        </ul>
      )}
    </div>
  );
}
