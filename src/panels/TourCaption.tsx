import { pickText } from '../i18n/messages.ts';
import { useT } from '../ui/useT.ts';
import { useAppStore } from '../state/store.ts';
import { tourStops } from '../controllers/attractTour.ts';

/** The attract tour's caption, large enough to read from across a room, and how to stop it. */
export function TourCaption() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const tour = useAppStore((s) => s.tour);
  const city = useAppStore((s) => s.city);
  const viewpoints = useAppStore((s) => s.viewpoints);
  const stop = tour.active ? tourStops({ city, viewpoints })[tour.stop] : undefined;
  if (!tour.active || !stop) return null;
  return (
    <div className="tour-caption" data-testid="tour-caption" data-stop={stop.id} role="status">
      <p>{pickText(stop.caption, lang)}</p>
      <p className="muted">{t('touchToExplore')}</p>
    </div>
  );
}
