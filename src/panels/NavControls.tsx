import { useT } from '../ui/useT.ts';
import { useAppStore } from '../state/store.ts';

/** Home, zoom and compass: big buttons that work the same with a finger or a mouse. */
export function NavControls() {
  const t = useT();
  const command = useAppStore((s) => s.commandCamera);
  const heading = useAppStore((s) => s.heading);
  return (
    <nav className="nav-controls" aria-label={t('camera')}>
      <button type="button" className="nav-button" data-testid="home" aria-label={t('home')} title={t('home')} onClick={() => command({ kind: 'home' })}>
        ⌂
      </button>
      <button type="button" className="nav-button" data-testid="zoom-in" aria-label={t('zoomIn')} title={t('zoomIn')} onClick={() => command({ kind: 'zoomIn' })}>
        +
      </button>
      <button type="button" className="nav-button" data-testid="zoom-out" aria-label={t('zoomOut')} title={t('zoomOut')} onClick={() => command({ kind: 'zoomOut' })}>
        −
      </button>
      <button type="button" className="nav-button compass" data-testid="compass" aria-label={t('compass')} title={t('compass')} onClick={() => command({ kind: 'north' })}>
        <svg viewBox="0 0 40 40" width="30" height="30" style={{ transform: `rotate(${-heading}deg)` }} aria-hidden="true">
          <polygon points="20,3 26,20 14,20" fill="#ff5a5a" />
          <polygon points="20,37 26,20 14,20" fill="#dfe7f2" />
          <text x="20" y="15" textAnchor="middle" fontSize="7" fill="#fff" fontWeight="700">
            N
          </text>
        </svg>
      </button>
    </nav>
  );
}
