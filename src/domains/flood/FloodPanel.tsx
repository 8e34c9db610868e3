import { useEffect, useState } from 'react';
import { useT } from '../../ui/useT.ts';
import { displayTable, exportEvacuation, stationCounts } from './floodAnalysis.ts';
import { FLOOD_SENSOR_KINDS } from './floodSensors.ts';
import { FACILITY_COLORS } from './floodColors.ts';
import { FLOODED_BUILDING_COLOR } from '../../legend/buildingStyle.ts';
import { WHAT_IF_RANGE } from './hashPart.ts';
import { readyLayerData, readyLayerId, useAppStore } from '../../state/store.ts';
import { type FloodSource } from './floodSlice.ts';
import { viewOfArea } from '../../scene/viewOfArea.ts';
import { AlertList } from '../alarms/ui.ts';
import { Panel } from '../../panels/Panel.tsx';
import { BigFigure } from '../../panels/BigFigure.tsx';
import { Segmented } from '../../ui/Segmented.tsx';

const CELL_PAGE = 30;

/** Stations at warning and alarm, recounted each second and whenever the replay moves. */
function useStations(): { warning: number; alarm: number } {
  useAppStore((s) => s.replay.at);
  const table = useAppStore(displayTable);
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return table ? stationCounts(table) : { warning: 0, alarm: 0 };
}

function SourceControls() {
  const t = useT();
  const source = useAppStore((s) => s.flood.source);
  const level = useAppStore((s) => s.flood.whatIfLevelM);
  const setFlood = useAppStore((s) => s.setFlood);
  return (
    <div className="flood-source">
      <Segmented role="radio" label={t('riverLevel')} options={(['live', 'whatif'] as FloodSource[])} value={source} onChange={(s) => setFlood({ source: s })} attrs={(s) => ({ 'data-testid': `flood-source-${s}` })}>
        {(s) => t(`floodSource_${s}`)}
      </Segmented>
      {source === 'whatif' && (
        <label className="what-if">
          <span>
            {t('riverLevel')} <strong data-testid="what-if-value">{level.toFixed(1)} m</strong>
          </span>
          <input
            type="range"
            data-testid="what-if-level"
            min={WHAT_IF_RANGE.min}
            max={WHAT_IF_RANGE.max}
            step={WHAT_IF_RANGE.step}
            value={level}
            onChange={(e) => setFlood({ whatIfLevelM: Number(e.target.value) })}
          />
        </label>
      )}
    </div>
  );
}

function FloodLegend() {
  const t = useT();
  return (
    <ul className="legend flood-legend" aria-label={t('legend')}>
      <li>
        <span className="swatch depth-ramp" /> {t('waterDepth')} 0 → 2 m
      </li>
      <li>
        <span className="swatch" style={{ background: 'rgba(251,191,36,0.5)' }} /> {t('lowLying')}
      </li>
      <li>
        <span className="swatch" style={{ background: FLOODED_BUILDING_COLOR }} /> {t('floodedBuildings')}
      </li>
      <li>
        <span className="swatch round" style={{ background: FACILITY_COLORS.shelter }} /> {t('shelterOpen')}
      </li>
      <li>
        <span className="swatch round" style={{ background: FACILITY_COLORS.closed }} /> {t('shelterFlooded')}
      </li>
      <li>
        <span className="swatch round" style={{ background: FACILITY_COLORS.pump }} /> {t('facility_pump')}
      </li>
    </ul>
  );
}

function AffectedCells() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const result = useAppStore((s) => s.flood.result);
  const gridId = useAppStore((s) => readyLayerId(s, 'grid'));
  const selected = useAppStore((s) => (s.selection?.layerId === gridId ? s.selection.featureId : null));
  const [shown, setShown] = useState(CELL_PAGE);
  if (!result || !gridId) return null;
  if (result.cells.length === 0) return <p className="muted">{t('noFlood')}</p>;
  const show = (c: (typeof result.cells)[number]): void => {
    const store = useAppStore.getState();
    store.select({ layerId: gridId, featureId: c.id });
    const d = 0.01;
    store.commandCamera({ kind: 'view', view: viewOfArea({ west: c.lon - d, south: c.lat - d, east: c.lon + d, north: c.lat + d }, store.heading) });
  };
  return (
    <>
      <p className="muted small">{t('selectCellForShelters')}</p>
      <ol className="affected-cells" data-testid="affected-cells">
        {result.cells.slice(0, shown).map((c) => (
          <li key={c.cell}>
            <button type="button" data-cell={c.id} aria-pressed={selected === c.id} onClick={() => show(c)}>
              <strong>{c.id}</strong>
              <span className="small">
                {c.residents.toLocaleString(lang)} {t('people')} · {(c.floodedM2 / 10_000).toLocaleString(lang, { maximumFractionDigits: 0 })} ha · {(c.maxDepthCm / 100).toFixed(1)} m · {c.buildings.toLocaleString(lang)} {t('buildingsUnit')}
              </span>
            </button>
          </li>
        ))}
      </ol>
      {result.cells.length > shown && (
        <button type="button" className="show-more" onClick={() => setShown((n) => n + CELL_PAGE)}>
          {t('showMore')} ({(result.cells.length - shown).toLocaleString(lang)})
        </button>
      )}
    </>
  );
}

/**
 * The flood view's panel: the figures a duty officer reads first (stations over warning and alarm,
 * cells and people affected), where the river levels come from, the affected cells to act on, the
 * export, and the flood-related alerts.
 */
export function FloodPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const flood = useAppStore((s) => s.flood);
  const alerts = useAppStore((s) => s.alerts);
  const table = useAppStore((s) => readyLayerData(s, 'sensors')?.table ?? null);
  const stations = useStations();
  const [exporting, setExporting] = useState(false);
  const r = flood.result;
  const floodAlerts = table ? alerts.filter((a) => FLOOD_SENSOR_KINDS.has(table.registry.kinds[a.sensor]!)) : alerts;
  const run = (kind: 'csv' | 'geojson'): void => {
    setExporting(true);
    exportEvacuation(kind)
      .catch((e: unknown) => useAppStore.getState().notify(`${t('floodError')}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setExporting(false));
  };
  return (
    <Panel title={t('floodPanel')} className="flood-panel" testId="flood-panel">
      <div className="flood-figures">
        <BigFigure tone="warning" testId="stations-warning" value={stations.warning.toLocaleString(lang)} label={t('aboveWarning')} />
        <BigFigure tone="alarm" testId="stations-alarm" value={stations.alarm.toLocaleString(lang)} label={t('aboveAlarm')} />
        <BigFigure testId="cells-affected" value={r ? r.cells.length.toLocaleString(lang) : '—'} label={t('cellsAffected')} />
        <BigFigure testId="people-affected" value={r ? r.residents.toLocaleString(lang) : '—'} label={t('peopleAffected')} />
      </div>
      {flood.status === 'preparing' && (
        <p className="progress-line" role="status" data-testid="flood-preparing">
          <span className="spinner" aria-hidden="true" /> {t('preparingFlood')}
        </p>
      )}
      {flood.status === 'error' && (
        <p className="error-text" role="alert" data-testid="flood-error">
          {t('floodError')}: {flood.error}
        </p>
      )}
      <SourceControls />
      {r && (
        <p className="muted small" data-testid="flood-summary">
          {t('floodedArea')} {r.floodedKm2.toLocaleString(lang, { maximumFractionDigits: 1 })} km² · {t('floodedBuildings')} {r.buildingIds.length.toLocaleString(lang)} · {t('notPlaced')} {r.unassigned.toLocaleString(lang)} · {t('computedIn')}{' '}
          <span data-testid="flood-latency">{flood.latencyMs?.toFixed(0)}</span> ms
        </p>
      )}
      <FloodLegend />
      <AffectedCells />
      <div className="button-row">
        <button type="button" data-testid="export-csv" disabled={!r || exporting} onClick={() => run('csv')}>
          {t('exportCsv')}
        </button>
        <button type="button" data-testid="export-geojson" disabled={!r || exporting} onClick={() => run('geojson')}>
          {t('exportGeoJson')}
        </button>
      </div>
      <h3 className="panel-subtitle">{t('alerts')}</h3>
      <AlertList alerts={floodAlerts} />
      <p className="muted small">{t('floodMethod')}</p>
    </Panel>
  );
}
