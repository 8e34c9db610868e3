import { useMemo } from 'react';
import { useAppStore } from '../../state/store.ts';
import { KIND_KEYS, pickText } from '../../i18n/messages.ts';
import { useT } from '../../ui/useT.ts';
import { themeAlarmKinds, themeAlarms } from './themeAlarms.ts';

const BOARD_ROWS = 40;

/**
 * The alarm board of the wall: the listed alarms of the theme on show (themeAlarms.ts; every alarm
 * until the catalogue is in) and of the chosen district, if any, worst first, scrolling on their
 * own when they overflow; the motion stops for those who ask for less.
 */
export function AlarmBoard({ district, theme }: { district: string | null; theme: string | null }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const alerts = useAppStore((s) => s.alerts);
  const catalogue = useAppStore((s) => s.signs?.catalogue);
  const districts = useAppStore((s) => s.signDistricts);
  const kinds = useMemo(() => (catalogue && theme ? themeAlarmKinds(catalogue, theme) : 'all'), [catalogue, theme]);
  const shown = themeAlarms(alerts, kinds, district).slice(0, BOARD_ROWS);
  const nameOf = (adcode: string): string => {
    const d = districts.find((x) => x.adcode === adcode);
    return d ? pickText(d.name, lang) : adcode;
  };
  const scrolling = shown.length > 6;
  // Twice the rows when they scroll, moved up by half: the loop has no seam.
  const rows = (scrolling ? [...shown, ...shown] : shown).map((a, i) => (
    <li key={`${a.id}-${i}`} className={`board-row severity-${a.severity}`} data-alert={i < shown.length ? a.id : undefined} aria-hidden={i >= shown.length || undefined}>
      <span className={`severity severity-${a.severity}`}>{t(`severity_${a.severity}`)}</span>
      <span className="board-what">
        {a.kind in KIND_KEYS ? t(KIND_KEYS[a.kind as keyof typeof KIND_KEYS]) : a.kind} {a.id}
      </span>
      <span className="board-where">{nameOf(a.district)}</span>
      <span className="board-when">{new Date(a.startedAt).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })}</span>
    </li>
  ));
  return (
    <section className="wall-chart alarm-board" data-testid="alarm-board" data-count={shown.length}>
      <h2>
        {t('alarmBoard')} <span className="muted">{shown.length.toLocaleString(lang)}</span>
      </h2>
      {shown.length === 0 ? (
        <p className="muted">{t('noAlerts')}</p>
      ) : (
        <div className="board-window">
          <ul className={scrolling ? 'board-rows scrolling' : 'board-rows'} style={{ animationDuration: `${shown.length * 2.5}s` }}>
            {rows}
          </ul>
        </div>
      )}
    </section>
  );
}
