import type { PanoramaAreaContents } from './areaQuery.ts';
import { COMPONENT_TYPES, INDUSTRY_SECTIONS, LAND_USES, nameOf } from './classes.ts';
import { LAND_USE_COLORS, recordColor } from './panoramaColors.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { BigFigure } from '../../panels/BigFigure.tsx';
import { Bars } from '../../panels/Bars.tsx';

/** What the five panoramas hold inside the planner's area: people, enterprises, land, objects, cases. */
export function AreaPanoramas({ p }: { p: PanoramaAreaContents }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const n = (v: number): string => Math.round(v).toLocaleString(lang);
  const landArea = Object.values(p.land.byUse).reduce((a, b) => a + b, 0);
  return (
    <section className="area-panoramas" data-testid="query-panoramas">
      <h3 className="panel-subtitle">{t('fivePanoramas')}</h3>
      <div className="flood-figures">
        <BigFigure testId="query-residents" value={n(p.people.residents)} label={t('residents')} />
        <BigFigure testId="query-daytime" value={n(p.people.daytime)} label={t('daytimePopulation')} />
        <BigFigure testId="query-enterprises" value={n(p.enterprises.total)} label={t('enterprises')} />
        <BigFigure testId="query-components" value={n(p.objects.total)} label={t('components')} />
        <BigFigure testId="query-parcel-area" value={`${(landArea / 1e4).toLocaleString(lang, { maximumFractionDigits: 1 })} ha`} label={t('parcelArea')} />
        <BigFigure testId="query-open-cases" value={n(p.openCases)} label={t('openCases')} />
      </div>
      <h4>{t('byIndustry')}</h4>
      <Bars lang={lang} testId="query-bars-industry" rows={INDUSTRY_SECTIONS.map((s, i) => ({ key: s.code, label: `${s.code} ${nameOf(INDUSTRY_SECTIONS, s.code, lang)}`, value: p.enterprises.byIndustry[s.code] ?? 0, colour: recordColor('enterprises', s.code, i) }))} />
      <h4>{t('byLandUse')}</h4>
      <Bars lang={lang} testId="query-bars-land" rows={LAND_USES.map((u) => ({ key: u.code, label: `${u.code} ${nameOf(LAND_USES, u.code, lang)}`, value: p.land.byUse[u.code] ?? 0, colour: LAND_USE_COLORS[u.code]!, text: `${((p.land.byUse[u.code] ?? 0) / 1e4).toLocaleString(lang, { maximumFractionDigits: 2 })} ha` }))} />
      <h4>{t('byComponentType')}</h4>
      <Bars lang={lang} testId="query-bars-components" rows={COMPONENT_TYPES.map((c, i) => ({ key: c.code, label: nameOf(COMPONENT_TYPES, c.code, lang), value: p.objects.byType[c.code] ?? 0, colour: recordColor('components', c.code, i) }))} />
    </section>
  );
}
