import { useMemo, type ReactNode } from 'react';
import { landRatios } from './cellFigures.ts';
import { CASE_TYPES, COMPONENT_STATUSES, COMPONENT_TYPES, ENTERPRISE_SIZES, ENTERPRISE_STATUSES, INDUSTRY_SECTIONS, LAND_USES, nameOf, SERVICE_TYPES } from './classes.ts';
import { recordText, type Case, type Component, type Enterprise, type Parcel, type RecordOf, type RecordSet, type Service } from './records.ts';
import { CATEGORY_PALETTE, LAND_USE_COLORS, recordColor } from './panoramaColors.ts';
import type { Lang } from '../../i18n/messages.ts';
import { useAppStore } from '../../state/store.ts';
import { PANORAMA_TABS, TAB_SETS, type PanoramaTab } from './panoramaSlice.ts';
import { useT } from '../../ui/useT.ts';
import { BigFigure } from '../../panels/BigFigure.tsx';
import { recordId } from './recordPoints.ts';
import { Bars } from '../../panels/Bars.tsx';
import { Segmented } from '../../ui/Segmented.tsx';

const PAGE = 20;
type T = ReturnType<typeof useT>;

/** One cell's figures by column name, from the store's columns. */
function useCellFigures(cell: number): Record<string, number> | null {
  const panorama = useAppStore((s) => s.panorama);
  return useMemo(() => {
    if (!panorama) return null;
    const out: Record<string, number> = {};
    for (const [name, col] of panorama.columns) out[name] = col[cell]!;
    return out;
  }, [panorama, cell]);
}

const n = (v: number, lang: Lang): string => Math.round(v).toLocaleString(lang);

/** Registered capital given in 万元: 亿元 or 万元 in Chinese, billions or millions of yuan in English. */
function capital(wan: number, lang: Lang): string {
  if (lang === 'en') return wan >= 1e5 ? `¥${(wan / 1e5).toLocaleString('en', { maximumFractionDigits: 2 })} bn` : `¥${(wan / 100).toLocaleString('en', { maximumFractionDigits: 1 })} m`;
  return wan >= 1e4 ? `${(wan / 1e4).toLocaleString(lang, { maximumFractionDigits: 1 })} 亿元` : `${Math.round(wan).toLocaleString(lang)} 万元`;
}

function Figure({ label, value, column, raw }: { label: string; value: string; column: string; raw: number }) {
  return (
    <span data-column={column} data-value={raw}>
      <BigFigure value={value} label={label} testId={`pano-${column}`} />
    </span>
  );
}

function PeopleTab({ f, t, lang }: { f: Record<string, number>; t: T; lang: Lang }) {
  const r = f['people.residents']!;
  return (
    <>
      <div className="flood-figures">
        <Figure label={t('residents')} value={n(r, lang)} column="people.residents" raw={r} />
        <Figure label={t('daytimePopulation')} value={n(f['people.daytime']!, lang)} column="people.daytime" raw={f['people.daytime']!} />
        <Figure label={t('households')} value={n(f['people.households']!, lang)} column="people.households" raw={f['people.households']!} />
        <Figure label={t('migrantShare')} value={r > 0 ? `${((100 * f['people.migrants']!) / r).toFixed(1)} %` : '—'} column="people.migrants" raw={f['people.migrants']!} />
      </div>
      <h4>{t('registration')}</h4>
      <Bars
        lang={lang}
        testId="pano-bars-registration"
        rows={[
          { key: 'registered', label: t('registered'), value: f['people.registered']!, colour: CATEGORY_PALETTE[0]! },
          { key: 'migrants', label: t('migrants'), value: f['people.migrants']!, colour: CATEGORY_PALETTE[1]! },
        ]}
      />
      <h4>{t('ageBands')}</h4>
      <Bars
        lang={lang}
        testId="pano-bars-age"
        rows={[
          { key: 'age0_14', label: '0–14', value: f['people.age0_14']!, colour: CATEGORY_PALETTE[2]! },
          { key: 'age15_59', label: '15–59', value: f['people.age15_59']!, colour: CATEGORY_PALETTE[0]! },
          { key: 'age60', label: '60+', value: f['people.age60']!, colour: CATEGORY_PALETTE[3]! },
        ]}
      />
      <p className="muted small">{t('peoplePrivacy')}</p>
    </>
  );
}

function EnterprisesTab({ f, t, lang }: { f: Record<string, number>; t: T; lang: Lang }) {
  return (
    <>
      <div className="flood-figures">
        <Figure label={t('enterprises')} value={n(f['enterprises.count']!, lang)} column="enterprises.count" raw={f['enterprises.count']!} />
        <Figure label={nameOf(ENTERPRISE_STATUSES, 'operating', lang)} value={n(f['enterprises.status.operating']!, lang)} column="enterprises.status.operating" raw={f['enterprises.status.operating']!} />
        <Figure label={nameOf(ENTERPRISE_STATUSES, 'abnormal', lang)} value={n(f['enterprises.status.abnormal']!, lang)} column="enterprises.status.abnormal" raw={f['enterprises.status.abnormal']!} />
        <Figure label={t('registeredCapital')} value={capital(f['enterprises.capitalWan']!, lang)} column="enterprises.capitalWan" raw={f['enterprises.capitalWan']!} />
      </div>
      <h4>{t('byIndustry')}</h4>
      <Bars lang={lang} testId="pano-bars-industry" rows={INDUSTRY_SECTIONS.map((s, i) => ({ key: s.code, label: `${s.code} ${nameOf(INDUSTRY_SECTIONS, s.code, lang)}`, value: f[`enterprises.industry.${s.code}`]!, colour: recordColor('enterprises', s.code, i) }))} />
      <h4>{t('bySize')}</h4>
      <Bars lang={lang} testId="pano-bars-size" rows={ENTERPRISE_SIZES.map((s, i) => ({ key: s.code, label: nameOf(ENTERPRISE_SIZES, s.code, lang), value: f[`enterprises.size.${s.code}`]!, colour: CATEGORY_PALETTE[i + 4]! }))} />
    </>
  );
}

function LandTab({ f, t, lang }: { f: Record<string, number>; t: T; lang: Lang }) {
  const { parcelArea, plotRatio, coverage } = landRatios(f);
  return (
    <>
      <div className="flood-figures">
        <Figure label={t('parcels')} value={n(f['parcels.count']!, lang)} column="parcels.count" raw={f['parcels.count']!} />
        <Figure label={t('parcelArea')} value={`${(parcelArea / 1e4).toLocaleString(lang, { maximumFractionDigits: 1 })} ha`} column="parcels.area" raw={parcelArea} />
        <Figure label={t('plotRatio')} value={plotRatio.toFixed(2)} column="parcels.plotRatio" raw={plotRatio} />
        <Figure label={t('coverage')} value={`${(100 * coverage).toFixed(1)} %`} column="parcels.coverage" raw={coverage} />
      </div>
      <h4>{t('byLandUse')}</h4>
      <Bars lang={lang} testId="pano-bars-land" rows={LAND_USES.map((u) => ({ key: u.code, label: `${u.code} ${nameOf(LAND_USES, u.code, lang)}`, value: f[`parcels.area.${u.code}`]!, colour: LAND_USE_COLORS[u.code]!, text: `${(f[`parcels.area.${u.code}`]! / 1e4).toLocaleString(lang, { maximumFractionDigits: 2 })} ha` }))} />
      <p className="muted small">{t('landStandard')}</p>
    </>
  );
}

function ObjectsTab({ f, t, lang }: { f: Record<string, number>; t: T; lang: Lang }) {
  return (
    <>
      <div className="flood-figures">
        <Figure label={t('components')} value={n(f['components.count']!, lang)} column="components.count" raw={f['components.count']!} />
        <Figure label={nameOf(COMPONENT_STATUSES, 'damaged', lang)} value={n(f['components.status.damaged']!, lang)} column="components.status.damaged" raw={f['components.status.damaged']!} />
        <Figure label={nameOf(COMPONENT_STATUSES, 'missing', lang)} value={n(f['components.status.missing']!, lang)} column="components.status.missing" raw={f['components.status.missing']!} />
      </div>
      <h4>{t('byComponentType')}</h4>
      <Bars lang={lang} testId="pano-bars-components" rows={COMPONENT_TYPES.map((c, i) => ({ key: c.code, label: nameOf(COMPONENT_TYPES, c.code, lang), value: f[`components.type.${c.code}`]!, colour: recordColor('components', c.code, i) }))} />
    </>
  );
}

function GovernmentTab({ f, cell, t, lang }: { f: Record<string, number>; cell: number; t: T; lang: Lang }) {
  const live = useAppStore((s) => s.liveCases);
  const outside = useAppStore((s) => s.liveCasesOutside);
  const liveHere = live.filter((c) => c.cell === cell);
  const liveOpen = liveHere.filter((c) => c.status === 'open').length;
  const open = f['cases.status.open']! + liveOpen;
  return (
    <>
      <div className="flood-figures">
        <Figure label={t('servicePoints')} value={n(f['services.count']!, lang)} column="services.count" raw={f['services.count']!} />
        <Figure label={t('openCases')} value={n(open, lang)} column="cases.status.open" raw={open} />
        <Figure label={t('closedCases30d')} value={n(f['cases.status.closed']!, lang)} column="cases.status.closed" raw={f['cases.status.closed']!} />
        <Figure label={t('liveCases')} value={n(liveHere.length, lang)} column="cases.live" raw={liveHere.length} />
      </div>
      {outside.count > 0 && (
        <p className="severity-warning small" data-testid="cases-outside">
          {t('casesOutside').replace('{n}', outside.count.toLocaleString(lang))}: {outside.last}
        </p>
      )}
      <h4>{t('byServiceType')}</h4>
      <Bars lang={lang} testId="pano-bars-services" rows={SERVICE_TYPES.map((s, i) => ({ key: s.code, label: nameOf(SERVICE_TYPES, s.code, lang), value: f[`services.type.${s.code}`]!, colour: recordColor('services', s.code, i) }))} />
      <h4>{t('byCaseType')}</h4>
      <Bars lang={lang} testId="pano-bars-cases" rows={CASE_TYPES.map((c, i) => ({ key: c.code, label: nameOf(CASE_TYPES, c.code, lang), value: f[`cases.type.${c.code}`]! + liveHere.filter((l) => l.type === c.code).length, colour: CATEGORY_PALETTE[(i + 6) % CATEGORY_PALETTE.length]! }))} />
    </>
  );
}

const when = (ms: number | null, lang: Lang): string => (ms === null ? '—' : new Date(ms).toLocaleString(lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }));

/** One line of a record list, as its set shows it. */
function RecordLine({ set, r, t, lang }: { set: RecordSet; r: RecordOf[RecordSet]; t: T; lang: Lang }) {
  switch (set) {
    case 'enterprises': {
      const e = r as Enterprise;
      return (
        <>
          <strong>{e.name}</strong>
          <span className="small">
            {e.code} · {e.industry} {nameOf(INDUSTRY_SECTIONS, e.industry, lang)} · {nameOf(ENTERPRISE_SIZES, e.size, lang)} · {nameOf(ENTERPRISE_STATUSES, e.status, lang)} · {e.capitalWan.toLocaleString(lang)} {t('wan')}
          </span>
        </>
      );
    }
    case 'parcels': {
      const p = r as Parcel;
      return (
        <>
          <strong>{p.id}</strong>
          <span className="small">
            {p.use} {nameOf(LAND_USES, p.use, lang)} · {(p.areaM2 / 1e4).toFixed(2)} ha · {t('plotRatio')} {p.plotRatio.toFixed(2)} · {t('coverage')} {(100 * p.coverage).toFixed(0)} %
          </span>
        </>
      );
    }
    case 'components': {
      const c = r as Component;
      return (
        <>
          <strong>{c.id}</strong>
          <span className="small">
            {c.type} {nameOf(COMPONENT_TYPES, c.type, lang)} · {nameOf(COMPONENT_STATUSES, c.status, lang)}
          </span>
        </>
      );
    }
    case 'services': {
      const s = r as Service;
      return (
        <>
          <strong>{s.name}</strong>
          <span className="small">{nameOf(SERVICE_TYPES, s.type, lang)}</span>
        </>
      );
    }
    case 'cases': {
      const c = r as Case;
      return (
        <>
          <strong>
            {c.id} · {nameOf(CASE_TYPES, c.type, lang)}
          </strong>
          <span className="small">
            {t(c.source === 'hotline' ? 'sourceHotline' : 'sourceInspector')} · {t(c.status === 'open' ? 'caseOpen' : 'caseClosed')} · {when(c.openedMs, lang)} → {when(c.closedMs, lang)}
          </span>
        </>
      );
    }
  }
}

/** A cell's records: searchable, twenty to a page. */
function RecordList({ cell, t, lang }: { cell: number; t: T; lang: Lang }) {
  const tab = useAppStore((s) => s.panoramaTab);
  const set = useAppStore((s) => s.panoramaListSet);
  const setSet = useAppStore((s) => s.setPanoramaListSet);
  const list = useAppStore((s) => s.cellRecords);
  const query = useAppStore((s) => s.panoramaQuery);
  const setQuery = useAppStore((s) => s.setPanoramaQuery);
  const page = useAppStore((s) => s.panoramaPage);
  const setPage = useAppStore((s) => s.setPanoramaPage);
  const live = useAppStore((s) => s.liveCases);
  const records = useMemo(() => {
    const base = list && list.cell === cell && list.set === set ? list.records : [];
    // Live cases of this cell come first, newest first; the file's cases follow.
    const all = set === 'cases' ? [...live.filter((c) => c.cell === cell), ...base] : base;
    const q = query.trim().toLowerCase();
    return q ? all.filter((r) => recordText(set, r).toLowerCase().includes(q)) : all;
  }, [list, cell, set, query, live]);
  const pages = Math.max(1, Math.ceil(records.length / PAGE));
  const shown = records.slice(page * PAGE, (page + 1) * PAGE);
  const sets = TAB_SETS[tab];
  return (
    <div className="panorama-list" data-testid="panorama-list" data-set={set} data-total={records.length} data-state={list?.state ?? 'none'}>
      {sets.length > 1 && (
        <Segmented role="radio" label={t('recordSet')} options={sets} value={set} onChange={(s) => setSet(s)} attrs={(s) => ({ 'data-testid': `panorama-list-${s}` })}>
          {(s) => t(`set_${s}`)}
        </Segmented>
      )}
      <input type="search" className="panorama-search" data-testid="panorama-search" placeholder={t('searchRecords')} aria-label={t('searchRecords')} value={query} onChange={(e) => setQuery(e.target.value)} />
      <p className="muted small" data-testid="panorama-list-count">
        {list?.state === 'loading' ? t('loadingDetails') : list?.state === 'error' ? `${t('readFailed')}: ${list.error}` : t('recordsCount').replace('{n}', records.length.toLocaleString(lang))}
      </p>
      <ol className="panorama-records" data-testid="panorama-records">
        {shown.map((r) => {
          const key = recordId(set, r);
          return (
            <li key={key} data-id={key}>
              <RecordLine set={set} r={r} t={t} lang={lang} />
            </li>
          );
        })}
      </ol>
      {pages > 1 && (
        <div className="pager">
          <button type="button" data-testid="panorama-prev" disabled={page === 0} onClick={() => setPage(page - 1)}>
            ‹ {t('previous')}
          </button>
          <span data-testid="panorama-page">
            {page + 1} / {pages}
          </span>
          <button type="button" data-testid="panorama-next" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            {t('next')} ›
          </button>
        </div>
      )}
    </div>
  );
}

/** The five panoramas of the selected grid cell: people, enterprises, land, objects, government. */
export function PanoramaPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const cell = useAppStore((s) => s.panoramaCell);
  const tab = useAppStore((s) => s.panoramaTab);
  const setTab = useAppStore((s) => s.setPanoramaTab);
  const error = useAppStore((s) => s.panoramaError);
  const refused = useAppStore((s) => s.panoramaRefused);
  const header = useAppStore((s) => s.panorama?.header);
  const f = useCellFigures(cell ?? 0);
  if (cell === null) return null;
  if (!f || !header) return error ? <p className="muted">{`${t('readFailed')}: ${error}`}</p> : null;
  const body: Record<PanoramaTab, ReactNode> = {
    people: <PeopleTab f={f} t={t} lang={lang} />,
    enterprises: <EnterprisesTab f={f} t={t} lang={lang} />,
    land: <LandTab f={f} t={t} lang={lang} />,
    objects: <ObjectsTab f={f} t={t} lang={lang} />,
    government: <GovernmentTab f={f} cell={cell} t={t} lang={lang} />,
  };
  return (
    <section className="panorama" data-testid="panorama" data-cell={cell}>
      <h3>{t('fivePanoramas')}</h3>
      <Segmented role="tab" className="panorama-tabs" options={PANORAMA_TABS} value={tab} onChange={(k) => setTab(k)} attrs={(k) => ({ 'data-testid': `panorama-tab-${k}` })}>
        {(k) => <><span className="panorama-glyph">{t(`glyph_${k}`)}</span>{t(`panorama_${k}`)}</>}
      </Segmented>
      <div role="tabpanel" data-testid={`panorama-${tab}`}>
        {body[tab]}
        {TAB_SETS[tab].length > 0 && <RecordList cell={cell} t={t} lang={lang} />}
        <p className="muted small" data-testid="panorama-source">
          {t('panoramaAsOf').replace('{date}', new Date(header.asOfMs).toLocaleDateString(lang, { timeZone: 'Asia/Shanghai' }))} · {header.source}
        </p>
        {refused.count > 0 && (
          <p className="severity-warning small" data-testid="panorama-refused">
            {t('rowsRefused').replace('{n}', refused.count.toLocaleString(lang))}: {refused.first}
          </p>
        )}
      </div>
    </section>
  );
}
