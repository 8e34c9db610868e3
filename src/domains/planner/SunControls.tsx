import { useT } from '../../ui/useT.ts';
import { useAppStore } from '../../state/store.ts';
import { joinCst, splitCst, winterSolsticeNoon } from '../../scene/sunTime.ts';

/** Date and time of day for Cesium's sun, shadows on or off, and the winter-solstice preset. */
export function SunControls() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const sun = useAppStore((s) => s.sun);
  const setSun = useAppStore((s) => s.setSun);
  const { year, day, minute } = splitCst(sun.at);
  const label = new Date(sun.at).toLocaleString(lang, { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <div className="sun-controls">
      <h3 className="panel-subtitle">{t('sunShadow')}</h3>
      <div className="button-row">
        <button type="button" aria-pressed={sun.shadows} data-testid="shadows" onClick={() => setSun({ shadows: !sun.shadows })}>
          {sun.shadows ? t('shadowsOn') : t('shadowsOff')}
        </button>
        <button type="button" data-testid="winter-solstice" onClick={() => setSun({ at: winterSolsticeNoon(year), shadows: true })}>
          {t('winterSolstice')}
        </button>
      </div>
      <p className="small" data-testid="sun-time">
        {label} ({t('cst')})
      </p>
      <label className="what-if">
        <span>{t('date')}</span>
        <input type="range" data-testid="sun-day" min={0} max={364} step={1} value={day} onChange={(e) => setSun({ at: joinCst(year, Number(e.target.value), minute) })} />
      </label>
      <label className="what-if">
        <span>{t('timeOfDay')}</span>
        <input type="range" data-testid="sun-minute" min={5 * 60} max={20 * 60} step={10} value={minute} onChange={(e) => setSun({ at: joinCst(year, day, Number(e.target.value)) })} />
      </label>
    </div>
  );
}
