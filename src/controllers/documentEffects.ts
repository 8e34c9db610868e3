/**
 * What the store mirrors outside itself: the language and the saved viewpoints kept in this
 * browser, the page's `lang` attribute, and the kiosk class that enlarges touch targets. The
 * store's actions stay pure; these subscriptions do the writing.
 */
import type { Lang } from '../i18n/messages.ts';
import { useAppStore, type AppState } from '../state/store.ts';
import { validViewpoints } from '../state/slices/uiSlice.ts';

const LANG_KEY = 'canton-twin.lang';
const VIEWPOINTS_KEY = 'canton-twin.viewpoints';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** The language and viewpoints this browser kept, into the store, before the first render. */
export function restoreFromBrowser(): void {
  const lang: Lang = read(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  let viewpoints: unknown = [];
  try {
    viewpoints = JSON.parse(read(VIEWPOINTS_KEY) ?? '[]');
  } catch {
    // A broken entry is no viewpoints, not a broken page.
  }
  useAppStore.setState({ lang, viewpoints: validViewpoints(viewpoints) });
  document.documentElement.lang = lang;
}

function apply(s: AppState, prev: AppState | null): void {
  if (s.lang !== prev?.lang) {
    document.documentElement.lang = s.lang;
    if (prev) write(LANG_KEY, s.lang);
  }
  if (prev && s.viewpoints !== prev.viewpoints) write(VIEWPOINTS_KEY, JSON.stringify(s.viewpoints));
  if (s.runtime?.kiosk && !prev?.runtime?.kiosk) document.documentElement.classList.add('kiosk');
}

export function startDocumentEffects(): () => void {
  apply(useAppStore.getState(), null);
  return useAppStore.subscribe((s, prev) => apply(s, prev));
}
