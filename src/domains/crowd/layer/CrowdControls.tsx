import { CROWD_BREAKS, HEAT_COLORS } from '../crowdColors.ts';
import { useAppStore } from '../../../state/store.ts';
import { CROWD_UNITS } from '../crowdSlice.ts';
import { useT } from '../../../ui/useT.ts';
import { Segmented } from '../../../ui/Segmented.tsx';

/** Hexagons or grid cells, and the heat scale in people per km² that both are drawn on. */
export function CrowdControls() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const unit = useAppStore((s) => s.crowdUnit);
  const setUnit = useAppStore((s) => s.setCrowdUnit);
  const n = (v: number): string => v.toLocaleString(lang);
  return (
    <div className="building-controls" data-testid="crowd-controls">
      <Segmented role="radio" label={t('metric')} options={CROWD_UNITS} value={unit} onChange={(u) => setUnit(u)}>
        {(u) => t(`crowdUnit_${u}`)}
      </Segmented>
      <ul className="legend" aria-label={t('heatLegend')} data-testid="crowd-legend">
        <li className="legend-title">{t('heatLegend')}</li>
        {HEAT_COLORS.map((c, k) => (
          <li key={c}>
            <span className="swatch" style={{ background: c }} />
            {k === 0 ? `≤ ${n(CROWD_BREAKS[0])}` : k < CROWD_BREAKS.length ? `${n(CROWD_BREAKS[k - 1]!)}–${n(CROWD_BREAKS[k]!)}` : `> ${n(CROWD_BREAKS[k - 1]!)}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
