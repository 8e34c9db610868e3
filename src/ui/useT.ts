import { useAppStore } from '../state/store.ts';
import { MESSAGES, type MessageKey } from '../i18n/messages.ts';

export function useT(): (key: MessageKey) => string {
  const lang = useAppStore((s) => s.lang);
  return (key) => MESSAGES[lang][key];
}
