import { nameOf } from '../../analysis/panorama/classes.ts';
import { POINT_CLASSES } from '../../analysis/panorama/recordPoints.ts';
import { RECORD_SETS } from '../../analysis/panorama/records.ts';
import { recordColor } from '../../legend/panoramaColors.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';

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
      <div className="segmented" role="radiogroup" aria-label={t('recordSet')}>
        {RECORD_SETS.map((s) => (
          <button key={s} type="button" role="radio" aria-checked={set === s} data-set={s} onClick={() => setSet(s)}>
            {t(`set_${s}`)}
          </button>
        ))}
      </div>
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
