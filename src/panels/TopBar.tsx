import { pickText } from '../i18n/messages.ts';
import { useT } from '../ui/useT.ts';
import { useAppStore } from '../state/store.ts';
import { activeSlot } from '../ui/slots.ts';

export function TopBar() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const setLang = useAppStore((s) => s.setLang);
  const city = useAppStore((s) => s.city);
  const mode = useAppStore((s) => s.mode);
  const bar = useAppStore((s) => activeSlot('top-bar', s));
  const setMode = useAppStore((s) => s.setMode);
  const plannerOpen = useAppStore((s) => s.plannerOpen);
  // A kiosk has no planner: its visitors explore, they do not draft.
  const kiosk = useAppStore((s) => s.runtime?.kiosk ?? false);
  const setPlannerOpen = useAppStore((s) => s.setPlannerOpen);
  const look = useAppStore((s) => s.look);
  const setLook = useAppStore((s) => s.setLook);
  return (
    <header className="top-bar">
      <h1 data-testid="app-title">
        {t('appTitle')}
        {city && <small> · {pickText(city.name, lang)}</small>}
      </h1>
      {/* A domain's bar (the flood view's time slider) sits between the title and the actions, in the same row. */}
      {bar?.render()}
      <div className="top-actions">
        {!kiosk && (
          <a className="lang-switch mode-switch" data-testid="wall-link" href={`?screen=wall${window.location.hash}`}>
            {t('wallLink')}
          </a>
        )}
        {!kiosk && (
        <button type="button" className="lang-switch mode-switch" data-testid="planner-switch" aria-pressed={plannerOpen} onClick={() => setPlannerOpen(!plannerOpen)}>
          {t('planner')}
        </button>
        )}
        <button
          type="button"
          className="lang-switch mode-switch"
          data-testid="mode-switch"
          aria-pressed={mode === 'flood'}
          onClick={() => setMode(mode === 'flood' ? 'city' : 'flood')}
        >
          {mode === 'flood' ? t('modeCity') : t('modeFlood')}
        </button>
        <button
          type="button"
          className="lang-switch look-switch"
          data-testid="look-switch"
          aria-label={t('lookLabel')}
          title={look === 'day' ? t('lookDark') : t('lookDay')}
          aria-pressed={look === 'day'}
          onClick={() => setLook(look === 'day' ? 'dark' : 'day')}
        >
          {/* The look a tap brings, as a sign: the top bar's row is full at 1280 px in the flood view. */}
          <span aria-hidden="true">{look === 'day' ? '☾' : '☀'}</span>
        </button>
        <button
        type="button"
        className="lang-switch"
        data-testid="lang-switch"
        aria-label={t('languageLabel')}
        onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
      >
        {t('language')}
      </button>
      </div>
    </header>
  );
}
