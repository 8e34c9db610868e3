import { pickText, type Lang } from '../../i18n/messages.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { CellSignsCard } from './CellSignsCard.tsx';
import { KpiCard } from './KpiCard.tsx';
import { AlarmKindRing, ThemeHealthRing } from './Rings.tsx';
import { shownTheme } from './shownTheme.ts';
import type { SignTable } from './signTable.ts';
import { TrendChart } from './TrendChart.tsx';
import { useRenderMark } from '../../perf/marks.ts';

/** What the wall's parts show: the sign table, the theme on show, the district filter and the language. */
function useWallSigns() {
  const table = useAppStore((s) => s.signs);
  const theme = useAppStore((s) => shownTheme(s.signs?.catalogue, s.theme));
  const district = useAppStore((s) => s.signDistrict);
  const lang = useAppStore((s) => s.lang);
  return { table, theme, district, lang };
}

/** The name of the theme on show, after the wall's title. */
export function ThemeName() {
  const { theme, lang } = useWallSigns();
  return theme ? <small> · {pickText(theme.name, lang)}</small> : null;
}

/** The district the wall is filtered to, as a chip that a tap clears. */
export function DistrictChip() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const district = useAppStore((s) => s.signDistrict);
  const name = useAppStore((s) => s.signDistricts.find((d) => d.adcode === district)?.name);
  const select = useAppStore((s) => s.select);
  if (!name) return null;
  return (
    <button type="button" className="district-chip" data-testid="district-filter" aria-label={t('clearDistrict')} onClick={() => select(null)}>
      {pickText(name, lang)} ✕
    </button>
  );
}

/** A row of key figures, two to a line. */
function KpiGrid({ table, ids, district, lang }: { table: SignTable; ids: string[]; district: string | null; lang: Lang }) {
  return (
    <div className="kpi-grid">
      {ids.map((id) => (
        <KpiCard key={id} table={table} id={id} district={district} lang={lang} />
      ))}
    </div>
  );
}

/** The wall's left column: the theme's first four key figures and its rings, or why there are none yet. */
export function WallLeft() {
  useRenderMark('WallLeft');
  const t = useT();
  const { table, theme, district, lang } = useWallSigns();
  const error = useAppStore((s) => s.signsError);
  if (!table || !theme) {
    return (
      <p className="muted wall-waiting" data-testid="signs-waiting">
        {error ?? t('signsLoading')}
      </p>
    );
  }
  return (
    <>
      <KpiGrid table={table} ids={theme.preset.key.slice(0, 4)} district={district} lang={lang} />
      <ThemeHealthRing table={table} theme={theme} district={district} lang={lang} />
      <AlarmKindRing district={district} />
    </>
  );
}

/** The wall's right column, above the alarm board: the trend of the first two key figures, the next two, and the tapped cell's. */
export function WallRight() {
  useRenderMark('WallRight');
  const { table, theme, district, lang } = useWallSigns();
  if (!table || !theme) return null;
  const key = theme.preset.key;
  return (
    <>
      <TrendChart key={theme.id} table={table} ids={key.slice(0, 2)} district={district} lang={lang} />
      <KpiGrid table={table} ids={key.slice(4, 6)} district={district} lang={lang} />
      <CellSignsCard />
    </>
  );
}
