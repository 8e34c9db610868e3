import { pickText } from '../../i18n/messages.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';

/** The themes along the bottom of the wall: one tap applies a theme's preset. */
export function ThemeBar() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const themes = useAppStore((s) => s.signs?.catalogue.themes);
  const theme = useAppStore((s) => s.theme);
  const choose = useAppStore((s) => s.chooseTheme);
  if (!themes) return null;
  return (
    <nav className="theme-bar" aria-label={t('themes')} data-testid="theme-bar">
      {themes.map((th) => (
        <button key={th.id} type="button" data-theme={th.id} aria-pressed={th.id === theme} onClick={() => choose(th.id)}>
          {pickText(th.name, lang)}
        </button>
      ))}
    </nav>
  );
}
