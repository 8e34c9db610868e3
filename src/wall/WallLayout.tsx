import { useEffect, useRef, useState } from 'react';
import type { CameraView } from '../config/citySchema.ts';
import { pickText } from '../i18n/messages.ts';
import { CityScene } from '../scene/CityScene.tsx';
import { useAppStore } from '../state/store.ts';
import { StatusBar } from '../panels/StatusBar.tsx';
import { useT } from '../ui/useT.ts';
import { AlarmBoard } from '../domains/alarms/AlarmBoard.tsx';
import { KpiCard } from '../domains/signs/KpiCard.tsx';
import { AlarmKindRing, ThemeHealthRing } from '../domains/signs/Rings.tsx';
import { SignSearch } from '../domains/signs/SignSearch.tsx';
import { ThemeBar } from '../domains/signs/ThemeBar.tsx';
import { TrendChart } from '../domains/signs/TrendChart.tsx';
import { formatSign, useRenderMark } from '../domains/signs/signHooks.ts';

/** The wall's clock, ticking in the DOM. */
function Clock() {
  const lang = useAppStore((s) => s.lang);
  const el = useRef<HTMLTimeElement>(null);
  useEffect(() => {
    const tick = (): void => {
      if (el.current) el.current.textContent = new Date().toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'medium' });
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [lang]);
  return <time className="wall-clock" ref={el} />;
}

/** The tapped cell's own figures: the catalogue's cell-level indicators. */
function CellSignsCard() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const cell = useAppStore((s) => s.cellSigns);
  const table = useAppStore((s) => s.signs);
  if (!cell || !table) return null;
  const inds = table.catalogue.indicators.filter((i) => i.level === 'cell');
  return (
    <section className="wall-chart cell-signs" data-testid="cell-signs" data-cell={cell.cell}>
      <h2>
        {t('cellSigns')} <span className="muted">{cell.cell}</span>
      </h2>
      <dl className="facts">
        {inds.map((ind) =>
          ind.source.kind === 'cell' ? (
            <div key={ind.id} data-indicator={ind.id}>
              <dt>{pickText(ind.name, lang)}</dt>
              <dd>
                {formatSign(cell.values[ind.source.feed], ind, lang)} {ind.unit}
              </dd>
            </div>
          ) : null,
        )}
      </dl>
    </section>
  );
}

/**
 * The one-screen layout for display walls (一屏统管): the 3D city in the centre, key figures,
 * rings and the trend in the columns, the alarm board, and the themes along the bottom. A tapped
 * district (or cell) filters every chart to it.
 */
export function WallLayout({ initial }: { initial: CameraView }) {
  useRenderMark('WallLayout');
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const setLang = useAppStore((s) => s.setLang);
  const table = useAppStore((s) => s.signs);
  const themeId = useAppStore((s) => s.theme);
  const district = useAppStore((s) => s.signDistrict);
  const districts = useAppStore((s) => s.signDistricts);
  const select = useAppStore((s) => s.select);
  const error = useAppStore((s) => s.signsError);
  const [searching, setSearching] = useState(false);
  const theme = table?.catalogue.themes.find((th) => th.id === themeId) ?? table?.catalogue.themes[0];
  const key = theme?.preset.key ?? [];
  const districtName = districts.find((d) => d.adcode === district)?.name;
  const columns = table && theme;
  return (
    <div className="app wall" data-testid="wall" data-theme={theme?.id ?? ''} data-district={district ?? ''}>
      <header className="wall-head">
        <h1 data-testid="app-title">
          {t('wallTitle')}
          {theme && <small> · {pickText(theme.name, lang)}</small>}
        </h1>
        {districtName && (
          <button type="button" className="district-chip" data-testid="district-filter" aria-label={t('clearDistrict')} onClick={() => select(null)}>
            {pickText(districtName, lang)} ✕
          </button>
        )}
        <div className="wall-actions">
          <button type="button" data-testid="search-signs" aria-pressed={searching} disabled={!table} onClick={() => setSearching(!searching)}>
            {t('searchSigns')}
          </button>
          <button type="button" data-testid="lang-switch" aria-label={t('languageLabel')} onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}>
            {t('language')}
          </button>
          <Clock />
        </div>
      </header>
      <aside className="wall-column wall-left">
        {columns ? (
          <>
            <div className="kpi-grid">
              {key.slice(0, 4).map((id) => (
                <KpiCard key={id} table={table} id={id} district={district} lang={lang} />
              ))}
            </div>
            <ThemeHealthRing table={table} theme={theme} district={district} lang={lang} />
            <AlarmKindRing district={district} />
          </>
        ) : (
          <p className="muted wall-waiting" data-testid="signs-waiting">
            {error ?? t('signsLoading')}
          </p>
        )}
      </aside>
      <main className="wall-scene">
        <CityScene initial={initial} />
        <StatusBar />
      </main>
      <aside className="wall-column wall-right">
        {columns && (
          <>
            <TrendChart key={theme.id} table={table} ids={key.slice(0, 2)} district={district} lang={lang} />
            <div className="kpi-grid">
              {key.slice(4, 6).map((id) => (
                <KpiCard key={id} table={table} id={id} district={district} lang={lang} />
              ))}
            </div>
            <CellSignsCard />
          </>
        )}
        <AlarmBoard district={district} theme={theme?.id ?? null} />
      </aside>
      <footer className="wall-foot">
        <ThemeBar />
      </footer>
      {searching && table && <SignSearch table={table} district={district} onClose={() => setSearching(false)} />}
    </div>
  );
}
