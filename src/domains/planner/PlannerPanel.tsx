import { useT } from '../../ui/useT.ts';
import { KIND_KEYS } from '../../i18n/messages.ts';
import { lineLengthM, polygonAreaM2 } from './planner.ts';
import { USE_COLORS } from '../../legend/buildingStyle.ts';
import { BUILDING_USES } from '../../analysis/buildingUses.ts';
import { readyLayerData, useAppStore } from '../../state/store.ts';
import { PLANNER_TABS, shapeOf, type DrawTool, type PlannerTab } from './plannerSlice.ts';
import { plannerCsv, plannerGeoJson } from './plannerExport.ts';
import { download } from '../../ui/download.ts';
import { Panel } from '../../panels/Panel.tsx';
import { Viewpoints } from '../../panels/Viewpoints.tsx';
import { BigFigure } from '../../panels/BigFigure.tsx';
import { AreaPanoramas } from '../panorama/ui.ts';
import { ProposalsTab } from './ProposalsTab.tsx';
import { SunlightTab } from './SunlightTab.tsx';
import { SightTab } from './SightTab.tsx';
import { Segmented } from '../../ui/Segmented.tsx';


const TOOLS: DrawTool[] = ['point', 'line', 'polygon'];
const BUFFER_MAX_M = 2000;
const HEIGHT_MAX_M = 300;

function formatLength(m: number, lang: string): string {
  return m >= 1000 ? `${(m / 1000).toLocaleString(lang, { maximumFractionDigits: 2 })} km` : `${Math.round(m).toLocaleString(lang)} m`;
}

function formatArea(m2: number, lang: string): string {
  return m2 >= 1e6 ? `${(m2 / 1e6).toLocaleString(lang, { maximumFractionDigits: 2 })} km²` : `${Math.round(m2).toLocaleString(lang)} m²`;
}

/** Floor area by use as bars: a planner compares the mix at a glance. */
function UseBars({ floorArea, counts }: { floorArea: readonly number[]; counts: readonly number[] }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const top = Math.max(1, ...floorArea);
  return (
    <ul className="use-bars" data-testid="use-bars">
      {BUILDING_USES.map((use, u) =>
        counts[u] ? (
          <li key={use}>
            <span className="use-label">{t(`use_${use}`)}</span>
            <span className="bar" style={{ width: `${(100 * floorArea[u]!) / top}%`, background: USE_COLORS[use] }} />
            <span className="small">
              {counts[u]!.toLocaleString(lang)} · {formatArea(floorArea[u]!, lang)}
            </span>
          </li>
        ) : null,
      )}
    </ul>
  );
}

/** The query tab: a buffer and a height limit, then what the active shape holds, with its exports. */
function QueryTab() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const p = useAppStore((s) => s.planner);
  const setPlanner = useAppStore((s) => s.setPlanner);
  const table = useAppStore((s) => readyLayerData(s, 'sensors')?.table ?? null);
  const shape = p.shapes.find((s) => s.id === p.active) ?? null;
  const r = p.result;
  const exportAs = (kind: 'csv' | 'geojson'): void => {
    if (!r || !shape) return;
    if (kind === 'csv') return download(`query-${shape.id}.csv`, plannerCsv(r, BUILDING_USES), 'text/csv;charset=utf-8');
    const positions = new Map<string, [number, number]>(table ? table.registry.ids.map((id, i) => [id, [table.lon[i]!, table.lat[i]!]]) : []);
    download(`query-${shape.id}.geojson`, JSON.stringify(plannerGeoJson(shape.geometry, r, BUILDING_USES, positions)), 'application/geo+json');
  };
  return (
    <>
      <label className="what-if">
        <span>
          {t('buffer')} <strong data-testid="buffer-value">{p.bufferM} m</strong>
        </span>
        <input type="range" data-testid="buffer" min={0} max={BUFFER_MAX_M} step={50} value={p.bufferM} onChange={(e) => setPlanner({ bufferM: Number(e.target.value) })} />
      </label>
      <label className="what-if">
        <span>
          {t('heightLimit')} <strong data-testid="height-limit-value">{p.heightLimitM === null ? t('off') : `${p.heightLimitM} m`}</strong>
        </span>
        <input
          type="range"
          data-testid="height-limit"
          min={0}
          max={HEIGHT_MAX_M}
          step={5}
          value={p.heightLimitM ?? 0}
          onChange={(e) => setPlanner({ heightLimitM: Number(e.target.value) === 0 ? null : Number(e.target.value) })}
        />
      </label>
      {p.busy && (
        <p className="progress-line" role="status">
          <span className="spinner" aria-hidden="true" /> {t('querying')}
        </p>
      )}
      {shape && !r && !p.busy && <p className="muted small">{t('needsBuffer')}</p>}
      {r && (
        <div className="query-result" data-testid="query-result">
          <div className="flood-figures">
            <BigFigure testId="query-buildings" value={r.buildingCount.toLocaleString(lang)} label={t('buildingCount')} />
            <BigFigure testId="query-cells" value={r.cells.length.toLocaleString(lang)} label={t('gridCell')} />
            <BigFigure testId="query-sensors" value={r.sensors.length.toLocaleString(lang)} label={t('sensorCount')} />
            <BigFigure value={formatArea(r.areaM2, lang)} label={t('area')} />
          </div>
          <UseBars floorArea={r.floorAreaByUse} counts={r.countByUse} />
          {r.panorama && <AreaPanoramas p={r.panorama} />}
          {r.heightLimitM !== null && (
            <>
              <h3 className="panel-subtitle">
                {t('overLimit')} <span data-testid="over-limit-count">{r.overLimit.length.toLocaleString(lang)}</span>
              </h3>
              <ol className="cell-buildings" data-testid="over-limit">
                {r.overLimit.slice(0, 20).map((b) => (
                  <li key={b.id}>
                    {b.id} · {b.height.toFixed(0)} m
                  </li>
                ))}
              </ol>
            </>
          )}
          {r.sensors.length > 0 && (
            <ol className="cell-buildings">
              {r.sensors.slice(0, 10).map((s) => (
                <li key={s.id}>
                  {t(KIND_KEYS[s.kind])} {s.id} · {s.value ?? '—'}
                </li>
              ))}
            </ol>
          )}
          <div className="button-row">
            <button type="button" data-testid="query-csv" onClick={() => exportAs('csv')}>
              {t('exportCsv')}
            </button>
            <button type="button" data-testid="query-geojson" onClick={() => exportAs('geojson')}>
              {t('exportGeoJson')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}

/**
 * Planner tools: draw points, lines and areas by tapping the city, measure them, and ask what lies
 * inside an area or within a buffer of any shape (buildings by use, grid cells, live sensors), with
 * a height limit that lights up the buildings above it. Results export as GeoJSON and CSV. Further
 * tabs: proposed buildings and the compare view, sunlight hours, and sight lines.
 */
export function PlannerPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const p = useAppStore((s) => s.planner);
  const setPlanner = useAppStore((s) => s.setPlanner);
  const tab = p.tab;
  const setTab = (next: PlannerTab): void => setPlanner({ tab: next });
  const finishShape = useAppStore((s) => s.finishShape);
  const deleteShape = useAppStore((s) => s.deleteShape);
  const editShape = useAppStore((s) => s.editShape);
  const shape = p.shapes.find((s) => s.id === p.active) ?? null;
  const draftShape = shapeOf(p.tool, p.draft);
  const measured = draftShape ?? shape?.geometry ?? null;
  const measure = measured?.type === 'LineString' ? formatLength(lineLengthM(measured), lang) : measured?.type === 'Polygon' ? formatArea(polygonAreaM2(measured), lang) : null;
  return (
    <Panel title={t('planner')} className="planner-panel" testId="planner-panel">
      <Segmented role="radio" label={t('drawTools')} options={TOOLS} value={p.tool} onChange={(tool) => setPlanner({ tool: p.tool === tool ? null : tool, draft: [] })} attrs={(tool) => ({ 'data-testid': `tool-${tool}` })}>
        {(tool) => t(`tool_${tool}`)}
      </Segmented>
      {p.tool && (
        <p className="muted small" data-testid="draw-hint">
          {t(p.tool === 'point' ? 'hintPoint' : 'hintShape')} · {p.draft.length} {t('vertices')}
        </p>
      )}
      {p.tool && p.tool !== 'point' && (
        <div className="button-row">
          <button type="button" data-testid="draw-finish" disabled={!draftShape} onClick={finishShape}>
            {t('finish')}
          </button>
          <button type="button" data-testid="draw-undo" disabled={p.draft.length === 0} onClick={() => setPlanner({ draft: p.draft.slice(0, -1) })}>
            {t('undo')}
          </button>
        </div>
      )}
      {measure && (
        <p className="measure" data-testid="measure">
          {measured?.type === 'LineString' ? t('distance') : t('area')} <strong>{measure}</strong>
        </p>
      )}
      {p.shapes.length > 0 && (
        <ul className="shape-list">
          {p.shapes.map((s) => (
            <li key={s.id}>
              <button type="button" aria-pressed={s.id === p.active} onClick={() => setPlanner({ active: s.id })}>
                {s.id} · {t(`tool_${s.geometry.type === 'Point' ? 'point' : s.geometry.type === 'LineString' ? 'line' : 'polygon'}`)}
              </button>
              {s.geometry.type !== 'Point' && (
                <button type="button" className="icon-button" aria-label={`${t('edit')} ${s.id}`} data-testid={`edit-${s.id}`} onClick={() => editShape(s.id)}>
                  ✎
                </button>
              )}
              <button type="button" className="icon-button" aria-label={`${t('delete')} ${s.id}`} data-testid={`delete-${s.id}`} onClick={() => deleteShape(s.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <Segmented role="tab" className="planner-tabs" options={PLANNER_TABS} value={tab} onChange={(k) => setTab(k)} attrs={(k) => ({ 'data-testid': `planner-tab-${k}` })}>
        {(k) => t(`plannerTab_${k}`)}
      </Segmented>
      {tab === 'query' && <QueryTab />}
      {tab === 'proposals' && (
        <ProposalsTab
          onSunlight={(buildingId) => {
            useAppStore.getState().setProposals({ ask: { kind: 'sunBuilding', buildingId } });
            setTab('sunlight');
          }}
        />
      )}
      {tab === 'sunlight' && <SunlightTab />}
      {tab === 'sight' && <SightTab />}
      <Viewpoints />
    </Panel>
  );
}
