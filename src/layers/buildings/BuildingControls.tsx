import { legendBins, type ColorBy } from '../../legend/buildingStyle.ts';
import { useT } from '../../ui/useT.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { BUILDING_USES, type BuildingUse } from '../../analysis/buildingUses.ts';
import { useAppStore } from '../../state/store.ts';
import { Segmented } from '../../ui/Segmented.tsx';

const COLOR_BY: ColorBy[] = ['height', 'use', 'year'];
const COLOR_BY_LABEL: Record<ColorBy, MessageKey> = { height: 'height', use: 'use', year: 'year' };
const MAX_HEIGHT = 700;

/** Style, filter and legend of the city model; everything goes through the store. */
export function BuildingControls() {
  const t = useT();
  const style = useAppStore((s) => s.buildingStyle);
  const setStyle = useAppStore((s) => s.setBuildingStyle);
  const look = useAppStore((s) => s.look);
  const toggleUse = (use: BuildingUse): void =>
    setStyle({ uses: style.uses.includes(use) ? style.uses.filter((u) => u !== use) : BUILDING_USES.filter((u) => u === use || style.uses.includes(u)) });
  const binLabel = (label: string): string => ((BUILDING_USES as readonly string[]).includes(label) ? t(`use_${label as BuildingUse}`) : label === 'unknown' ? t('unknown') : label);
  return (
    <div className="building-controls" data-testid="building-controls">
      <Segmented role="radio" label={t('colorBy')} options={COLOR_BY} value={style.colorBy} onChange={(c) => setStyle({ colorBy: c })} attrs={(c) => ({ 'data-color-by': c })}>
        {(c) => t(COLOR_BY_LABEL[c])}
      </Segmented>
      <ul className="legend" aria-label={t('legend')} data-testid="building-legend">
        {legendBins(style.colorBy, look).map((bin) => (
          <li key={bin.label}>
            <span className="swatch" style={{ background: bin.color }} />
            {binLabel(bin.label)}
          </li>
        ))}
      </ul>
      <fieldset className="range">
        <legend>
          {t('heightRange')}: {style.minHeight}–{style.maxHeight} m
        </legend>
        {(['min', 'max'] as const).map((end) => (
          <input
            key={end}
            type="range"
            min={0}
            max={MAX_HEIGHT}
            step={10}
            value={end === 'min' ? style.minHeight : style.maxHeight}
            aria-label={`${t('heightRange')} ${end}`}
            data-testid={`height-${end}`}
            onChange={(e) => {
              const v = Number(e.target.value);
              // The two ends never cross.
              setStyle(end === 'min' ? { minHeight: Math.min(v, style.maxHeight) } : { maxHeight: Math.max(v, style.minHeight) });
            }}
          />
        ))}
      </fieldset>
      <div className="chips" role="group" aria-label={t('use')}>
        {BUILDING_USES.map((use) => (
          <button key={use} type="button" className="chip" aria-pressed={style.uses.includes(use)} data-use={use} onClick={() => toggleUse(use)}>
            {t(`use_${use}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
