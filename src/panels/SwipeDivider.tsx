import { useRef } from 'react';
import { useT } from '../ui/useT.ts';
import { useAppStore } from '../state/store.ts';

/**
 * The compare view's divider over the scene: drag it (finger, pen or mouse) or step it with the
 * arrow keys; the scene splits where it stands, through the store.
 */
export function SwipeDivider() {
  const t = useT();
  const compare = useAppStore((s) => s.proposals.compare);
  const split = useAppStore((s) => s.proposals.split);
  const setProposals = useAppStore((s) => s.setProposals);
  const dragging = useRef(false);
  if (compare === 'none') return null;
  const moveTo = (clientX: number): void => setProposals({ split: Math.min(0.98, Math.max(0.02, clientX / window.innerWidth)) });
  return (
    <div className="swipe-divider" style={{ left: `${split * 100}%` }} data-testid="swipe-divider">
      <span className="swipe-label left">{compare === 'proposed' ? t('compareToday') : t('compareLeftStyle')}</span>
      <span className="swipe-label right">{compare === 'proposed' ? t('compareProposed') : t('compareRightStyle')}</span>
      <button
        type="button"
        className="swipe-handle"
        role="slider"
        aria-label={t('compare')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(split * 100)}
        data-testid="swipe-handle"
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => dragging.current && moveTo(e.clientX)}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') setProposals({ split: Math.min(0.98, Math.max(0.02, split + (e.key === 'ArrowLeft' ? -0.05 : 0.05))) });
        }}
      >
        ⇔
      </button>
    </div>
  );
}
