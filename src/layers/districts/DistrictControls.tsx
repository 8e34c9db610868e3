import { DISTRICT_COLORS } from '../../legend/districtColors.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';

/** Fills on demand: the districts are glowing outlines until someone asks to tell them apart by colour. */
export function DistrictControls() {
  const t = useT();
  const filled = useAppStore((s) => s.basemapFills);
  const setFilled = useAppStore((s) => s.setBasemapFills);
  return (
    <div className="building-controls" data-testid="district-controls">
      <div className="segmented" role="radiogroup" aria-label={t('districtFills')}>
        <button type="button" role="radio" aria-checked={!filled} data-testid="district-outlines" onClick={() => setFilled(false)}>
          {t('districtOutlines')}
        </button>
        <button type="button" role="radio" aria-checked={filled} data-testid="district-fills" onClick={() => setFilled(true)}>
          {t('districtFilled')}
        </button>
      </div>
      {filled && (
        <div className="swatch-strip" aria-hidden="true">
          {Object.values(DISTRICT_COLORS).map((c) => (
            <span key={c} className="swatch" style={{ background: c }} />
          ))}
        </div>
      )}
    </div>
  );
}
