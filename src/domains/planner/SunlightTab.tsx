import { useState } from 'react';
import { useT } from '../../ui/useT.ts';
import { readyLayerId, useAppStore } from '../../state/store.ts';
import { SUNLIGHT_RULES } from './sunlightHours.ts';
import { impactCsv, type BuildingSunlight, type PointSunlight, type SunlightImpact } from './sunlightReport.ts';
import { SUN_BELOW, SUN_MARGINAL, SUN_OK, sunColor } from './analysisColors.ts';
import { download } from '../../ui/download.ts';
import { BigFigure } from '../../panels/BigFigure.tsx';
import { SunControls } from './SunControls.tsx';
import { AnalysisStatus } from './AnalysisStatus.tsx';
import { LegendRow } from '../../panels/LegendRow.tsx';
import { useRevealOnChange } from '../../panels/useRevealOnChange.ts';

const hours = (h: number, lang: string): string => h.toLocaleString(lang, { maximumFractionDigits: 2 });

function SunLegend({ required }: { required: number }) {
  const t = useT();
  return (
    <>
      <LegendRow
        testId="sun-legend"
        items={[
          { color: SUN_BELOW, label: `< ${required} h` },
          { color: SUN_MARGINAL, label: `${required}–${required + 1} h` },
          { color: SUN_OK, label: `≥ ${required + 1} h` },
        ]}
      />
      <p className="muted small">{t('sunLegendNote')}</p>
    </>
  );
}

/** The day's steps as a strip: lit or shaded, from the window's start to its end. */
function PointResult({ r }: { r: PointSunlight }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  return (
    <div data-testid="sun-point-result">
      <div className="flood-figures">
        <BigFigure testId="sun-point-hours" value={`${hours(r.hours, lang)} h`} label={t('sunlightHours')} tone={r.hours < r.required ? 'alarm' : undefined} />
        <BigFigure value={`${r.required} h`} label={t('required')} />
      </div>
      <div className="sun-strip" role="img" aria-label={`${t('sunlightHours')} ${hours(r.hours, lang)} h`}>
        {r.sunlit.map((lit, s) => (
          <span key={s} className={lit ? 'lit' : ''} />
        ))}
      </div>
      <p className="sun-strip-axis small">
        <span>{r.window[0]}:00</span>
        <span>12:00</span>
        <span>{r.window[1]}:00</span>
      </p>
    </div>
  );
}

/** A building's facades: how many points fall short, hours by facade, and the points' spread by hour. */
function BuildingResult({ r }: { r: BuildingSunlight }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const most = Math.max(1, ...r.histogram);
  return (
    <div data-testid="sun-building-result">
      <p className="small">
        {t('building')} <strong>{r.buildingId}</strong>
      </p>
      <div className="flood-figures">
        <BigFigure testId="sun-building-below" value={r.below.toLocaleString(lang)} label={t('pointsBelow')} tone={r.below > 0 ? 'alarm' : undefined} />
        <BigFigure value={r.points.toLocaleString(lang)} label={t('samplePoints')} />
      </div>
      <h3 className="panel-subtitle">{t('pointsByHours')}</h3>
      <ul className="use-bars" data-testid="sun-histogram">
        {r.histogram.map((n, h) => (
          <li key={h}>
            <span className="use-label">
              {h}–{h + 1} h
            </span>
            <span className="bar" style={{ width: `${(100 * n) / most}%`, background: sunColor(h, r.required) }} />
            <span className="small">{n.toLocaleString(lang)}</span>
          </li>
        ))}
      </ul>
      <table className="data-table small" data-testid="sun-facades">
        <thead>
          <tr>
            <th>{t('facing')}</th>
            <th>{t('minHours')}</th>
            <th>{t('maxHours')}</th>
            <th>{t('pointsBelow')}</th>
          </tr>
        </thead>
        <tbody>
          {r.facades.map((f) => (
            <tr key={f.edge}>
              <td>{Math.round(f.facing)}°</td>
              <td>{hours(f.minHours, lang)}</td>
              <td>{hours(f.maxHours, lang)}</td>
              <td>{f.below}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Before and after: the facades the proposals push below their required hours, first; CSV for the file. */
function ImpactResult({ r }: { r: SunlightImpact }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  return (
    <div data-testid="sun-impact-result">
      <div className="flood-figures">
        <BigFigure testId="impact-facades" value={r.facadesPushedBelow.toLocaleString(lang)} label={t('facadesPushedBelow')} tone={r.facadesPushedBelow > 0 ? 'alarm' : undefined} />
        <BigFigure testId="impact-points" value={r.pointsPushedBelow.toLocaleString(lang)} label={t('pointsPushedBelow')} />
        <BigFigure value={r.buildings.toLocaleString(lang)} label={t('homesChecked')} />
        <BigFigure value={r.facadesLiftedAbove.toLocaleString(lang)} label={t('facadesLifted')} />
      </div>
      {r.rows.length > 0 ? (
        <ol className="impact-list" data-testid="impact-rows" aria-label={t('facadesPushedBelow')}>
          {r.rows.slice(0, 40).map((row) => (
            <li key={`${row.buildingId}-${row.edge}`} className={row.pushedBelow > 0 ? 'severity-alarm' : ''}>
              <strong>{row.buildingId}</strong>
              <span>
                {t('facing')} {row.facing}°
              </span>
              <span className="muted">
                {row.pushedBelow > 0 ? `${t('pointsBelow')} ${row.pushedBelow} · ${t('fromFloor')} ${row.lowestFloorBelow} ${t('floorUnit')}` : `${t('facadesLifted')} +${row.liftedAbove}`}
              </span>
              <span>
                {hours(row.minBefore, lang)} → {hours(row.minAfter, lang)} h
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small">{t('noImpact')}</p>
      )}
      <div className="button-row">
        <button type="button" data-testid="impact-csv" onClick={() => download('sunlight-impact.csv', impactCsv(r), 'text/csv;charset=utf-8')}>
          {t('exportCsv')}
        </button>
      </div>
    </div>
  );
}

/**
 * Sunlight hours (日照分析) on the standard day: at a point, over a building's facades, and the
 * before/after report of what the proposals do to the homes around them.
 */
export function SunlightTab() {
  const t = useT();
  const p = useAppStore((s) => s.proposals);
  const planner = useAppStore((s) => s.planner);
  const selection = useAppStore((s) => s.selection);
  const buildingsLayer = useAppStore((s) => readyLayerId(s, 'buildings'));
  const setProposals = useAppStore((s) => s.setProposals);
  const [pointHeight, setPointHeight] = useState(1.5);
  const rule = SUNLIGHT_RULES.find((r) => r.id === p.rule)!;
  const point = planner.shapes.find((s) => s.id === planner.active && s.geometry.type === 'Point');
  const building = selection && selection.layerId === buildingsLayer ? selection.featureId : null;
  const answer = p.answered === p.ask ? p.answer : null;
  const reveal = useRevealOnChange<HTMLDivElement>(answer);
  return (
    <div className="sunlight-tab" data-testid="sunlight-tab">
      <label className="field">
        <span>{t('sunStandard')}</span>
        <select data-testid="sun-rule" value={p.rule} onChange={(e) => setProposals({ rule: e.target.value as typeof p.rule })}>
          {SUNLIGHT_RULES.map((r) => (
            <option key={r.id} value={r.id}>
              {t(`rule_${r.id}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">
        {t(rule.day === 'dahan' ? 'dahanDay' : 'dongzhiDay')} · {rule.window[0]}:00–{rule.window[1]}:00 {t('trueSolarTime')} · ≥ {rule.requiredHours} h
      </p>
      {rule.id === 'gz-dahan-3h' && <p className="muted small">{t('gbNote')}</p>}
      <div className="button-row">
        <button type="button" data-testid="sun-building" disabled={!building} onClick={() => building && setProposals({ ask: { kind: 'sunBuilding', buildingId: building } })}>
          {t('sunOfBuilding')}
        </button>
        <button type="button" data-testid="sun-point" disabled={!point} onClick={() => point && setProposals({ ask: { kind: 'sunPoint', shape: point.id, heightM: pointHeight } })}>
          {t('sunOfPoint')}
        </button>
        <button type="button" data-testid="sun-impact" disabled={p.proposed.length === 0 && p.demolished.length === 0} onClick={() => setProposals({ ask: { kind: 'sunImpact' } })}>
          {t('sunImpact')}
        </button>
      </div>
      {!building && !point && p.proposed.length === 0 && <p className="muted small">{t('sunHint')}</p>}
      {point && (
        <label className="what-if">
          <span>
            {t('pointHeight')} <strong>{pointHeight} m</strong>
          </span>
          <input
            type="range"
            min={0}
            max={150}
            step={0.5}
            value={pointHeight}
            onChange={(e) => {
              const heightM = Number(e.target.value);
              setPointHeight(heightM);
              if (p.ask?.kind === 'sunPoint') setProposals({ ask: { ...p.ask, heightM } });
            }}
          />
        </label>
      )}
      <AnalysisStatus kinds={['sunPoint', 'sunBuilding', 'sunImpact']} />
      <div ref={reveal}>
        {answer?.kind === 'sunPoint' && <PointResult r={answer.result} />}
        {answer?.kind === 'sunBuilding' && (
          <>
            <SunLegend required={answer.result.required} />
            <BuildingResult r={answer.result} />
          </>
        )}
        {answer?.kind === 'sunImpact' && <ImpactResult r={answer.result} />}
      </div>
      <SunControls />
    </div>
  );
}
