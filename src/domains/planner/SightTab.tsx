import { useEffect, useRef, useState } from 'react';
import { useT } from '../../ui/useT.ts';
import { useAppStore } from '../../state/store.ts';
import { isSightAsk, type AnalysisAsk } from './proposalsSlice.ts';
import type { Skyline } from './sightlines.ts';
import { CHART_THEME, useChart } from '../../charts/echarts.ts';
import { SKYLINE_COLOR, SIGHT_BLOCKED, SIGHT_CLEAR, VIEW_HIDDEN_COLOR, VIEW_VISIBLE_COLOR } from './analysisColors.ts';
import { BigFigure } from '../../panels/BigFigure.tsx';
import { AnalysisStatus } from './AnalysisStatus.tsx';
import { LegendRow } from '../../panels/LegendRow.tsx';
import { useRevealOnChange } from '../../panels/useRevealOnChange.ts';

type Sight = Extract<AnalysisAsk, { kind: 'lineOfSight' | 'viewshed' | 'skyline' }>;

/** The skyline's profile: the highest building's angle above the horizon, all the way round. */
function SkylineChart({ s }: { s: Skyline }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const chart = useChart(el, {
    grid: { left: 8, right: 12, top: 10, bottom: 4, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 360, interval: 90, axisLabel: { color: CHART_THEME.muted, formatter: '{value}°' }, splitLine: { lineStyle: { color: CHART_THEME.line } } },
    yAxis: { type: 'value', axisLabel: { color: CHART_THEME.muted, formatter: '{value}°' }, splitLine: { lineStyle: { color: CHART_THEME.line } } },
  });
  useEffect(() => {
    chart.current?.setOption({
      series: [{ type: 'line', showSymbol: false, areaStyle: { opacity: 0.25 }, lineStyle: { color: SKYLINE_COLOR, width: 1.5 }, itemStyle: { color: SKYLINE_COLOR }, data: Array.from(s.azimuth, (az, k) => [az, Number(s.elevation[k]!.toFixed(2))]) }],
    });
  }, [chart, s]);
  const top = s.elevation.reduce((m, e, k) => (e > s.elevation[m]! ? k : m), 0);
  return (
    <>
      <div ref={el} className="skyline-chart" role="img" aria-label={`${t('skyline')}: ${t('highest')} ${s.elevation[top]!.toFixed(1)}° ${t('at')} ${s.azimuth[top]}°`} data-testid="skyline-chart" />
      <p className="small" data-testid="skyline-top">
        {t('highest')} {s.elevation[top]!.toFixed(1)}° · {s.azimuth[top]}° · {s.buildingIds[top] ?? '—'} · {Math.round(s.distanceM[top]!)} m
      </p>
    </>
  );
}

function Slider({ label, value, unit, min, max, step, onChange, testId }: { label: string; value: number; unit: string; min: number; max: number; step: number; onChange: (v: number) => void; testId?: string }) {
  return (
    <label className="what-if">
      <span>
        {label} <strong>{`${value}${unit}`}</strong>
      </span>
      <input type="range" data-testid={testId} min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );
}

/**
 * Line of sight between the ends of the active line, the viewshed from the active point (with the
 * visible share of a chosen area), and the skyline around it.
 */
export function SightTab() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const p = useAppStore((s) => s.proposals);
  const planner = useAppStore((s) => s.planner);
  const setProposals = useAppStore((s) => s.setProposals);
  const [eye, setEye] = useState({ heightM: 1.6, toM: 1.6, heading: 0, fov: 90, rangeM: 500, target: null as string | null });
  const active = planner.shapes.find((s) => s.id === planner.active) ?? null;
  const areas = planner.shapes.filter((s) => s.geometry.type === 'Polygon');
  const answer = p.answered === p.ask ? p.answer : null;
  const current = p.ask && isSightAsk(p.ask) ? p.ask : null;
  const reveal = useRevealOnChange<HTMLDivElement>(answer);

  /** A slider moves the analysis on show with it. */
  const set = (patch: Partial<typeof eye>): void => {
    const next = { ...eye, ...patch };
    setEye(next);
    if (current) setProposals({ ask: askFor(current.kind, current.shape, next) });
  };
  const askFor = (kind: Sight['kind'], shape: string, e: typeof eye): Sight =>
    kind === 'lineOfSight'
      ? { kind, shape, fromM: e.heightM, toM: e.toM }
      : kind === 'viewshed'
        ? { kind, shape, heightM: e.heightM, heading: e.heading, fov: e.fov, rangeM: e.rangeM, target: e.target }
        : { kind, shape, heightM: e.heightM, rangeM: Math.max(e.rangeM, 1000) };

  return (
    <div className="sight-tab" data-testid="sight-tab">
      <div className="button-row">
        <button type="button" data-testid="sight-los" disabled={active?.geometry.type !== 'LineString'} onClick={() => active && setProposals({ ask: askFor('lineOfSight', active.id, eye) })}>
          {t('lineOfSight')}
        </button>
        <button type="button" data-testid="sight-viewshed" disabled={active?.geometry.type !== 'Point'} onClick={() => active && setProposals({ ask: askFor('viewshed', active.id, eye) })}>
          {t('viewshed')}
        </button>
        <button type="button" data-testid="sight-skyline" disabled={active?.geometry.type !== 'Point'} onClick={() => active && setProposals({ ask: askFor('skyline', active.id, eye) })}>
          {t('skyline')}
        </button>
      </div>
      {!current && <p className="muted small">{t('sightHint')}</p>}
      <AnalysisStatus kinds={['lineOfSight', 'viewshed', 'skyline']} />
      <div ref={reveal}>
        {answer?.kind === 'lineOfSight' && (
          <div data-testid="los-result">
            <div className="flood-figures">
              <BigFigure testId="los-state" value={answer.result.clear ? t('clear') : t('blocked')} label={t('lineOfSight')} tone={answer.result.clear ? undefined : 'alarm'} />
              <BigFigure value={`${Math.round(answer.result.lengthM).toLocaleString(lang)} m`} label={t('distance')} />
            </div>
            {answer.result.obstruction && (
              <p className="small" data-testid="los-obstruction">
                {t('firstObstruction')}: <strong>{answer.result.obstruction.buildingId}</strong> · {Math.round(answer.result.obstruction.distanceM)} m · {answer.result.obstruction.height.toFixed(1)} m
              </p>
            )}
            <LegendRow
              items={[
                { color: SIGHT_CLEAR, label: t('clear') },
                { color: SIGHT_BLOCKED, label: t('blocked') },
              ]}
            />
          </div>
        )}
        {answer?.kind === 'viewshed' && (
          <div data-testid="viewshed-result">
            <div className="flood-figures">
              <BigFigure testId="viewshed-share" value={`${Math.round((100 * answer.result.visible) / Math.max(1, answer.result.visible + answer.result.hidden))}%`} label={t('visibleInView')} />
              {answer.result.targetShare !== null && <BigFigure testId="viewshed-target" value={`${Math.round(100 * answer.result.targetShare)}%`} label={t('targetVisible')} />}
            </div>
            <LegendRow
              items={[
                { color: VIEW_VISIBLE_COLOR, label: t('visible') },
                { color: VIEW_HIDDEN_COLOR, label: t('hidden') },
              ]}
            />
          </div>
        )}
        {answer?.kind === 'skyline' && <SkylineChart s={answer.result} />}
      </div>
      <Slider label={t('eyeHeight')} value={eye.heightM} unit=" m" min={0} max={300} step={0.5} onChange={(heightM) => set({ heightM })} testId="eye-height" />
      {current?.kind === 'lineOfSight' && <Slider label={t('targetHeight')} value={eye.toM} unit=" m" min={0} max={300} step={0.5} onChange={(toM) => set({ toM })} testId="target-height" />}
      {current?.kind === 'viewshed' && (
        <>
          <Slider label={t('heading')} value={eye.heading} unit="°" min={0} max={359} step={1} onChange={(heading) => set({ heading })} testId="view-heading" />
          <Slider label={t('fieldOfView')} value={eye.fov} unit="°" min={10} max={360} step={5} onChange={(fov) => set({ fov })} testId="view-fov" />
          <Slider label={t('range')} value={eye.rangeM} unit=" m" min={100} max={1500} step={50} onChange={(rangeM) => set({ rangeM })} testId="view-range" />
          <label className="field">
            <span>{t('targetArea')}</span>
            <select data-testid="view-target" value={eye.target ?? ''} onChange={(e) => set({ target: e.target.value || null })}>
              <option value="">—</option>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.id}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    </div>
  );
}
