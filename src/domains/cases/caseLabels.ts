/**
 * How the case desk names what the service sends as codes: a case type (the panoramas' coded
 * classes), a department (the service's list), a district (the districts layer) and a countdown,
 * in the language on screen. A code nothing names is shown as it is.
 */
import { useEffect } from 'react';
import { MESSAGES, pickText, type MessageKey } from '../../i18n/messages.ts';
import { readyLayerData, useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { CASE_TYPES } from '../panorama/index.ts';
import { countdown, type Countdown } from './caseDeskModel.ts';
import { departments as readDepartments } from './opsCalls.ts';

export interface CaseLabels {
  /** A message by a key made from data (a step's kind): the key's words, or the code when no key has it. */
  label(key: string, code: string): string;
  typeName(code: string | null): string;
  departmentName(id: string | null): string;
  districtName(adcode: string): string;
  /** A running case's countdown, as `1 h 20 min left` or `overdue 5 min`, with its level. */
  countdown(minutesLeft: number | null): Countdown | null;
}

export function useCaseLabels(): CaseLabels {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const departments = useAppStore((s) => s.caseDepartments);
  const districts = useAppStore((s) => readyLayerData(s, 'districts')?.features);
  return {
    label: (key, code) => (key in MESSAGES[lang] ? t(key as MessageKey) : code),
    typeName: (code) => {
      if (code === null) return t('caseUntyped');
      const n = CASE_TYPES.find((x) => x.code === code);
      return n ? pickText(n, lang) : code;
    },
    departmentName: (id) => {
      const d = departments.find((x) => x.id === id);
      return d ? pickText(d.name, lang) : (id ?? '');
    },
    districtName: (adcode) => {
      const p = districts?.find((f) => f.properties.adcode === adcode)?.properties;
      return p ? (lang === 'zh-CN' ? p.nameZh : p.nameEn) : adcode;
    },
    countdown: (minutesLeft) => {
      const c = countdown(minutesLeft, { h: t('caseHours'), min: t('minutesShort') });
      return c && { ...c, text: t(c.level === 'overdue' ? 'caseOverdueBy' : 'caseLeft').replace('{time}', c.text) };
    },
  };
}

/**
 * The departments' names, read once when no desk has read them yet, so that the evaluation and
 * the wall name them rather than show their ids; the route is open, like the wall.
 */
export function useDepartmentNames(): void {
  const known = useAppStore((s) => s.caseDepartments.length > 0);
  useEffect(() => {
    if (known) return;
    let current = true;
    readDepartments().then(
      (d) => current && useAppStore.getState().setCaseDepartments(d),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [known]);
}
