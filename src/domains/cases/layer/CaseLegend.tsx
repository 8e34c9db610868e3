import { useT } from '../../../ui/useT.ts';
import { FINAL_ALPHA, OPEN_STEPS, OVERDUE_RING, STEP_COLORS } from './caseColors.ts';

/** The cases layer's encoding, from the same table the points are drawn with: the steps, the overdue ring, the faded finished cases. */
export function CaseLegend() {
  const t = useT();
  return (
    <div className="building-controls" data-testid="case-legend">
      <p className="muted small">{t('caseMapLegend')}</p>
      <ul className="legend">
        {OPEN_STEPS.map((s) => (
          <li key={s}>
            <span className="swatch round" style={{ background: STEP_COLORS[s] }} />
            {t(`caseState_${s}`)}
          </li>
        ))}
        <li>
          <span className="swatch round" style={{ background: STEP_COLORS.dispatched, boxShadow: `0 0 0 2px ${OVERDUE_RING}` }} />
          {t('caseMapOverdue')}
        </li>
        <li>
          <span className="swatch round" style={{ background: STEP_COLORS.closed, opacity: FINAL_ALPHA }} />
          {t('caseMapFinished')}
        </li>
      </ul>
    </div>
  );
}
