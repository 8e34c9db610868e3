import { pickText } from '../i18n/messages.ts';
import { useT } from '../i18n/useT.ts';
import { useAppStore } from '../state/store.ts';

/** The attract tour's caption, large enough to read from across a room, and how to stop it. */
export function TourCaption() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const tour = useAppStore((s) => s.tour);
  const stop = useAppStore((s) => (s.tour.active ? s.city?.tour[s.tour.stop] : undefined));
  if (!tour.active || !stop) return null;
  return (
    <div className="tour-caption" data-testid="tour-caption" data-stop={stop.id} role="status">
      <p>{pickText(stop.caption, lang)}</p>
      <p className="muted">{t('touchToExplore')}</p>
    </div>
  );
}
