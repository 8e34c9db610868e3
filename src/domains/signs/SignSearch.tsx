import { useRef, useState } from 'react';
import { pickText, SIGN_STATE_KEYS } from '../../i18n/messages.ts';
import { searchIndicators, type Indicator } from './catalogue.ts';
import type { SignTable } from './signTable.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { TrendChart } from './TrendChart.tsx';
import { formatSign, slotFor, useSignUpdates } from './signHooks.ts';

/** One indicator's definition: owner, theme, unit, cadence, bands, level, source, and its course. */
function SignDetail({ table, ind, district }: { table: SignTable; ind: Indicator; district: string | null }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const dept = table.catalogue.departments.find((d) => d.id === ind.department);
  const theme = table.catalogue.themes.find((th) => th.id === ind.theme);
  const now = useRef<HTMLElement>(null);
  useSignUpdates(table, (tb, at) => {
    const slot = slotFor(tb, ind.id, district);
    const state = tb.state(slot, at);
    if (!now.current) return;
    now.current.dataset.state = state;
    now.current.textContent = state === 'nodata' ? t(SIGN_STATE_KEYS.nodata) : `${formatSign(tb.value[slot]!, ind, lang)} ${ind.unit} · ${t(SIGN_STATE_KEYS[state])} · ${new Date(tb.ts[slot]!).toLocaleTimeString(lang)}`;
  });
  const better = ind.direction === 'higher-better' ? t('higherBetter') : t('lowerBetter');
  return (
    <div className="sign-detail" data-testid="sign-detail" data-indicator={ind.id}>
      <h3>
        {pickText(ind.name, lang)} <span className="muted">{ind.id}</span>
      </h3>
      <p>{pickText(ind.definition, lang)}</p>
      <dl className="facts">
        <dt>{t('department')}</dt>
        <dd data-testid="sign-department">{dept ? pickText(dept.name, lang) : ind.department}</dd>
        <dt>{t('theme')}</dt>
        <dd>{theme ? pickText(theme.name, lang) : ind.theme}</dd>
        <dt>{t('bands')}</dt>
        <dd data-testid="sign-bands">
          {better} · {t('severity_warning')} {ind.bands.warning} · {t('severity_alarm')} {ind.bands.alarm} {ind.unit}
        </dd>
        <dt>{t('cadence')}</dt>
        <dd>
          {ind.cadenceS.toLocaleString(lang)} s · {t(ind.level === 'city' ? 'levelCity' : ind.level === 'district' ? 'levelDistrict' : 'levelCell')} · {t(ind.source.kind === 'derived' || ind.source.kind === 'crowd' ? 'sourceDerived' : ind.source.kind === 'cell' ? 'sourceCell' : 'sourceDepartment')}
        </dd>
        <dt>{t('latest')}</dt>
        <dd ref={now} data-testid="sign-latest" />
      </dl>
      {ind.level !== 'cell' && <TrendChart table={table} ids={[ind.id]} district={district} lang={lang} testId="sign-history" />}
    </div>
  );
}

/** Find a vital sign by its zh or en name (or id) and see what it is and how it has moved. */
export function SignSearch({ table, district, onClose }: { table: SignTable; district: string | null; onClose: () => void }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<Indicator | null>(null);
  const found = searchIndicators(table.catalogue.indicators, text, 12);
  return (
    <div className="sign-search" role="dialog" aria-label={t('searchSigns')} data-testid="sign-search">
      <div className="search-row">
        <input type="search" autoFocus value={text} placeholder={t('searchSignsHint')} aria-label={t('searchSigns')} onChange={(e) => setText(e.target.value)} />
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      {text && found.length === 0 && <p className="muted">{t('noMatch')}</p>}
      <ul className="search-results">
        {found.map((ind) => (
          <li key={ind.id}>
            <button type="button" aria-pressed={picked?.id === ind.id} data-indicator={ind.id} onClick={() => setPicked(ind)}>
              <strong>{pickText(ind.name, lang)}</strong>
              <span className="muted small">
                {ind.id} · {pickText(table.catalogue.themes.find((th) => th.id === ind.theme)?.name ?? { zh: ind.theme, en: ind.theme }, lang)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {picked && <SignDetail key={picked.id} table={table} ind={picked} district={district} />}
    </div>
  );
}
