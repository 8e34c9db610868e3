import { pickText } from '../i18n/messages.ts';
import { useT } from '../i18n/useT.ts';
import { useAppStore } from '../state/store.ts';

export function TopBar() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const setLang = useAppStore((s) => s.setLang);
  const city = useAppStore((s) => s.city);
  return (
    <header className="top-bar">
      <h1 data-testid="app-title">
        {t('appTitle')}
        {city && <small> · {pickText(city.name, lang)}</small>}
      </h1>
      <button
        type="button"
        className="lang-switch"
        data-testid="lang-switch"
        aria-label={t('languageLabel')}
        onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
      >
        {t('language')}
      </button>
    </header>
  );
}
