import { nameOf } from '../classes.ts';
import { POINT_CLASSES } from '../recordPoints.ts';
import { RECORD_SETS } from '../records.ts';
import { recordColor } from '../panoramaColors.ts';
import { useAppStore } from '../../../state/store.ts';
import { useT } from '../../../ui/useT.ts';
import { lookingAt } from '../../../analysis/lookingAt.ts';
import { INDUSTRY_SECTIONS } from '../classes.ts';
import { Segmented } from '../../../ui/Segmented.tsx';

/** Find an enterprise by name or credit code, in the operations service, and fly to it. */
function EnterpriseSearch() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const query = useAppStore((s) => s.enterpriseQuery);
  const setQuery = useAppStore((s) => s.setEnterpriseQuery);
  const search = useAppStore((s) => s.enterpriseSearch);
  const focus = useAppStore((s) => s.focusEnterprise);
  const commandCamera = useAppStore((s) => s.commandCamera);
  return (
    <div className="enterprise-search" data-testid="enterprise-search" data-phase={search.phase}>
      <input type="search" className="panorama-search" data-testid="enterprise-query" placeholder={t('findEnterprise')} aria-label={t('findEnterprise')} value={query} onChange={(e) => setQuery(e.target.value)} />
      {search.phase === 'loading' && (
        <p className="muted small" data-testid="enterprise-loading">
          {t('searchIndexLoading')} <progress max={search.total} value={search.loaded} /> {Math.floor((100 * search.loaded) / Math.max(1, search.total))} %
        </p>
      )}
      {search.phase === 'searching' && <p className="muted small">{t('loadingDetails')}</p>}
      {search.phase === 'error' && <p className="severity-warning small">{`${t('readFailed')}: ${search.error}`}</p>}
      {search.phase === 'ready' && (
        <ol className="panorama-records enterprise-hits" data-testid="enterprise-hits">
          {search.hits.length === 0 && <li className="muted">{t('none')}</li>}
          {search.hits.map((h) => (
            <li key={h.code}>
              <button
                type="button"
                data-code={h.code}
                onClick={() => {
                  focus(h);
                  commandCamera({ kind: 'view', view: lookingAt(h.lon, h.lat, 900) });
                }}
              >
                <strong>{h.name}</strong>
                <span className="small">
                  {h.code} · {nameOf(INDUSTRY_SECTIONS, h.industry, lang)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Which records the map shows close up, their legend, and how many are drawn. */
export function PanoramaControls() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const set = useAppStore((s) => s.panoramaPointSet);
  const setSet = useAppStore((s) => s.setPanoramaPointSet);
  const points = useAppStore((s) => s.panoramaPoints);
  const classes = POINT_CLASSES[set].list;
  return (
    <div className="building-controls" data-testid="panorama-controls">
      <EnterpriseSearch />
      <Segmented role="radio" label={t('recordSet')} options={RECORD_SETS} value={set} onChange={(s) => setSet(s)} attrs={(s) => ({ 'data-set': s })}>
        {(s) => t(`set_${s}`)}
      </Segmented>
      <ul className="legend legend-wide" aria-label={t('legend')}>
        {classes.map((c, i) => (
          <li key={c.code}>
            <span className="swatch" style={{ background: recordColor(set, c.code, i) }} />
            {nameOf(classes, c.code, lang)}
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="panorama-points-status">
        {points && points.set === set ? t('recordsShown').replace('{n}', points.ids.length.toLocaleString(lang)).replace('{cells}', points.cells.toLocaleString(lang)) + (points.truncated ? ` · ${t('recordsTruncated')}` : '') : t('recordsZoomIn')}
      </p>
    </div>
  );
}
