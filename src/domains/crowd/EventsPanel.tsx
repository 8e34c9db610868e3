import { useEffect, useMemo } from 'react';
import { insideArea } from '../../analysis/pointInPolygon.ts';
import { metresBetween, nearestStations, stationById, VENUES, venueLevel, venueThresholds, type Venue } from './venues.ts';
import { minutesOf, summarise, type VenueMinute, type VenueSummary } from './venueTrend.ts';
import { pickText, type Lang } from '../../i18n/messages.ts';
import type { VenueRecord } from './contract.ts';
import { viewOfArea } from '../../scene/viewOfArea.ts';
import { useAppStore } from '../../state/store.ts';
import { CROWD_UNITS, planPerimeter } from './crowdSlice.ts';
import { useT } from '../../ui/useT.ts';
import { BigFigure } from '../../panels/BigFigure.tsx';
import { VenueChart } from './VenueChart.tsx';
import { Segmented } from '../../ui/Segmented.tsx';

const fmt = (n: number, lang: Lang): string => Math.round(n).toLocaleString(lang);
/** People as a large figure: 29.1万 in Chinese, 291,000 in English. */
const people = (n: number, lang: Lang): string => (lang === 'zh-CN' && n >= 10_000 ? `${(n / 10_000).toFixed(1)} 万人` : `${fmt(n, lang)}${lang === 'zh-CN' ? ' 人' : ''}`);
const clock = (ms: number, lang: Lang): string => new Date(ms).toLocaleString(lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });


/** Each venue's record and its summary, recomputed only when a record changes. */
function useVenues(): { venue: Venue; record: VenueRecord | undefined; series: VenueMinute[]; summary: VenueSummary | null }[] {
  const records = useAppStore((s) => s.crowdVenues);
  return useMemo(
    () =>
      VENUES.map((venue) => {
        const record = records[venue.id];
        const series = record ? minutesOf(record.series) : [];
        return { venue, record, series, summary: summarise(series) };
      }),
    [records],
  );
}

function flyTo(v: Venue): void {
  const store = useAppStore.getState();
  const xs = v.rings.flat().map((p) => p[0]);
  const ys = v.rings.flat().map((p) => p[1]);
  store.chooseCrowdVenue(v.id);
  store.commandCamera({ kind: 'view', view: viewOfArea({ west: Math.min(...xs), south: Math.min(...ys), east: Math.max(...xs), north: Math.max(...ys) }, store.heading) });
}

/**
 * The major-events view (重大活动及节日保障): the city's crowd now, every venue against its
 * capacity with its trend and forecast, the smart business districts, and the event plan.
 */
export function EventsPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const crowd = useAppStore((s) => s.crowd);
  const unit = useAppStore((s) => s.crowdUnit);
  const setUnit = useAppStore((s) => s.setCrowdUnit);
  const chosen = useAppStore((s) => s.crowdVenue);
  const venues = useVenues();
  const open = venues.find((x) => x.venue.id === chosen);
  useEffect(() => useAppStore.getState().showCrowd(), []);
  return (
    <div className="events" data-testid="events-panel">
      {crowd ? (
        <div className="alert-counts">
          <BigFigure value={people(crowd.total, lang)} label={t('crowdTotal')} testId="crowd-total" />
          <span className="muted small" data-testid="crowd-at">
            {t('crowdAsOf')} {clock(crowd.at, lang)}
          </span>
        </div>
      ) : (
        <p className="muted">{t('noCrowd')}</p>
      )}
      <Segmented role="radio" label={t('metric')} options={CROWD_UNITS} value={unit} onChange={(u) => setUnit(u)} attrs={(u) => ({ 'data-testid': `crowd-unit-${u}` })}>
        {(u) => t(`crowdUnit_${u}`)}
      </Segmented>
      <h3>{t('venues')}</h3>
      <ul className="venue-list" data-testid="venue-list">
        {venues.map(({ venue, summary }) => {
          const n = summary?.people ?? null;
          const level = venueLevel(venue, n);
          return (
            <li key={venue.id}>
              <button type="button" className={`venue-row level-${level}`} aria-pressed={chosen === venue.id} data-venue={venue.id} data-level={level} onClick={() => flyTo(venue)}>
                <span className="venue-name">{pickText(venue.name, lang)}</span>
                <span className="venue-bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, ((n ?? 0) / venue.capacity) * 100)}%` }} />
                </span>
                <span className="venue-figure" data-testid={`venue-people-${venue.id}`}>
                  {n === null ? '—' : `${Math.round((n / venue.capacity) * 100)}%`}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {open ? <VenueDetail venue={open.venue} record={open.record} series={open.series} summary={open.summary} /> : <p className="muted small">{t('venueHint')}</p>}
      <BusinessDistricts venues={venues} />
      <EventPlan />
    </div>
  );
}

function VenueDetail({ venue, record, series, summary }: { venue: Venue; record: VenueRecord | undefined; series: VenueMinute[]; summary: VenueSummary | null }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const gates = useAppStore((s) => s.crowdGates);
  const { warning, alarm } = venueThresholds(venue);
  if (!summary || !record) return <p className="muted">{t('noCrowd')}</p>;
  const level = venueLevel(venue, summary.people);
  const peak = Math.max(...summary.forecast);
  return (
    <section className="venue-detail" data-testid="venue-detail" data-venue={venue.id}>
      <h3>{pickText(venue.name, lang)}</h3>
      <div className="alert-counts figure-grid">
        <BigFigure value={people(summary.people, lang)} label={`${t('venuePeople')} / ${t('capacity')} ${people(venue.capacity, lang)}`} testId="venue-people" tone={level === 'alarm' || level === 'warning' ? level : undefined} />
        <BigFigure value={`+${fmt(summary.inflow, lang)} ${t('perMinute')}`} label={t('inflow')} testId="venue-inflow" />
        <BigFigure value={`−${fmt(summary.outflow, lang)} ${t('perMinute')}`} label={t('outflow')} testId="venue-outflow" />
      </div>
      <VenueChart series={series} forecast={summary.forecast} warning={warning} alarm={alarm} lang={lang} />
      <dl className="info-rows">
        <div>
          <dt>{t('forecast30')}</dt>
          <dd data-testid="venue-forecast" className={peak >= alarm ? 'severity-alarm' : peak >= warning ? 'severity-warning' : ''}>
            {people(summary.forecast.at(-1) ?? summary.people, lang)} · max {people(peak, lang)}
          </dd>
        </div>
        <div>
          <dt>{t('footfall')}</dt>
          <dd>{people(summary.footfall, lang)}</dd>
        </div>
        <div>
          <dt>{t('dwell')}</dt>
          <dd>{summary.dwellMinutes === null ? '—' : `${summary.dwellMinutes} ${t('minutesShort')}`}</dd>
        </div>
        {record.parking && (
          <div>
            <dt>{t('parking')}</dt>
            <dd>{Math.round((record.parking[0] / record.parking[1]) * 100)}% · {fmt(record.parking[0], lang)} / {fmt(record.parking[1], lang)}</dd>
          </div>
        )}
      </dl>
      <StationFlows ids={venue.stations} gates={gates?.metro ?? record.metro} />
    </section>
  );
}

function StationFlows({ ids, gates, metres }: { ids: readonly string[]; gates: Record<string, [number, number]>; metres?: readonly number[] }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  return (
    <table className="station-flows" data-testid="station-flows">
      <caption>
        {t('metroFlow')} ({t('perMinute')})
      </caption>
      <thead>
        <tr>
          <th />
          <th>{t('stationIn')}</th>
          <th>{t('stationOut')}</th>
        </tr>
      </thead>
      <tbody>
        {ids.map((id, i) => {
          const s = stationById.get(id);
          const flow = gates[id];
          return (
            <tr key={id} data-station={id}>
              <th>
                {s ? pickText(s.name, lang) : id}
                {metres?.[i] !== undefined && <span className="muted small"> {fmt(metres[i]!, lang)} m</span>}
              </th>
              <td>{flow ? fmt(flow[0], lang) : '—'}</td>
              <td>{flow ? fmt(flow[1], lang) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Tianhe Road and Beijing Road, the 2022 demonstration smart business districts: footfall, dwell time, parking. */
function BusinessDistricts({ venues }: { venues: ReturnType<typeof useVenues> }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  return (
    <section data-testid="business-districts">
      <h3>{t('businessDistricts')}</h3>
      <div className="district-cards">
        {venues
          .filter(({ venue }) => venue.businessDistrict)
          .map(({ venue, record, summary }) => (
            <button key={venue.id} type="button" className="district-card" data-venue={venue.id} onClick={() => flyTo(venue)}>
              <strong>{pickText(venue.name, lang)}</strong>
              <span>
                {t('footfall')} <b data-testid={`footfall-${venue.id}`}>{summary ? people(summary.footfall, lang) : '—'}</b>
              </span>
              <span>
                {t('dwell')} <b>{summary?.dwellMinutes != null ? `${summary.dwellMinutes} ${t('minutesShort')}` : '—'}</b>
              </span>
              <span>
                {t('parking')} <b data-testid={`parking-${venue.id}`}>{record?.parking ? `${Math.round((record.parking[0] / record.parking[1]) * 100)}%` : '—'}</b>
              </span>
            </button>
          ))}
      </div>
    </section>
  );
}

/** Opens the planner tools with the tool a perimeter or a checkpoint is drawn with. */
function draw(tool: 'polygon' | 'point'): void {
  const s = useAppStore.getState();
  s.setPlannerOpen(true);
  s.setPlanner({ tool, draft: [] });
}

/** Checkpoints are the drawn points inside the perimeter or within this of its corners. */
const CHECKPOINT_REACH_M = 300;

function EventPlan() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const shapes = useAppStore((s) => s.planner.shapes);
  const perimeterId = useAppStore(planPerimeter);
  const plan = useAppStore((s) => s.crowdPlan);
  const gates = useAppStore((s) => s.crowdGates);
  const kiosk = useAppStore((s) => s.runtime?.kiosk ?? false);
  const perimeter = shapes.find((x) => x.id === perimeterId);
  const ring = perimeter?.geometry.type === 'Polygon' ? perimeter.geometry.coordinates[0]! : null;
  const checkpoints = useMemo(() => {
    if (!ring) return [];
    const inside = insideArea({ type: 'Polygon', coordinates: [ring] });
    return shapes.filter((x) => {
      if (x.geometry.type !== 'Point') return false;
      const [lon, lat] = x.geometry.coordinates as [number, number];
      return inside(lon, lat) || ring.some((p) => metresBetween(lon, lat, p[0]!, p[1]!) <= CHECKPOINT_REACH_M);
    });
  }, [ring, shapes]);
  const last = plan.series.at(-1);
  const before = plan.series.at(-2);
  const net = last && before ? (last[1] - before[1]) / ((last[0] - before[0]) / 60_000) : null;
  const capacity = plan.weights ? plan.weights.areaKm2 * 1e6 * plan.density : null;
  const centre = ring ? [ring.slice(0, -1).reduce((a, p) => a + p[0]!, 0) / (ring.length - 1), ring.slice(0, -1).reduce((a, p) => a + p[1]!, 0) / (ring.length - 1)] : null;
  const stations = centre ? nearestStations(centre[0]!, centre[1]!, 3) : [];
  return (
    <section className="event-plan" data-testid="event-plan">
      <h3>{t('eventPlan')}</h3>
      {!kiosk && (
        <div className="segmented">
          <button type="button" data-testid="plan-draw-perimeter" onClick={() => draw('polygon')}>
            {t('drawPerimeter')}
          </button>
          <button type="button" data-testid="plan-draw-checkpoint" onClick={() => draw('point')}>
            {t('drawCheckpoint')}
          </button>
        </div>
      )}
      {!ring ? (
        <p className="muted small">{t('choosePerimeter')}</p>
      ) : (
        <>
          <dl className="info-rows">
            <div>
              <dt>{t('perimeter')}</dt>
              <dd>
                <select value={perimeterId ?? ''} onChange={(e) => useAppStore.getState().setCrowdPlan({ perimeter: e.target.value })} data-testid="plan-perimeter">
                  {shapes
                    .filter((x) => x.geometry.type === 'Polygon')
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.id}
                      </option>
                    ))}
                </select>
                {plan.weights && ` · ${plan.weights.areaKm2.toLocaleString(lang, { maximumFractionDigits: 3 })} km²`}
              </dd>
            </div>
            <div>
              <dt>{t('planDensity')}</dt>
              <dd>
                <input type="number" min={0.25} max={4} step={0.25} value={plan.density} data-testid="plan-density" onChange={(e) => Number(e.target.value) > 0 && useAppStore.getState().setCrowdPlan({ density: Number(e.target.value) })} />
              </dd>
            </div>
            <div>
              <dt>{t('checkpoints')}</dt>
              <dd data-testid="plan-checkpoints">{checkpoints.length}</dd>
            </div>
          </dl>
          <div className="alert-counts figure-grid">
            <BigFigure value={last ? people(last[1], lang) : '—'} label={`${t('peopleInside')} / ${t('capacity')} ${capacity === null ? '—' : people(capacity, lang)}`} testId="plan-people" tone={last && capacity !== null && last[1] >= capacity ? 'alarm' : undefined} />
            <BigFigure value={net === null ? '—' : `${net >= 0 ? '+' : '−'}${fmt(Math.abs(net), lang)} ${t('perMinute')}`} label={t('netFlow')} testId="plan-net" />
            {checkpoints.length > 0 && <BigFigure value={net === null ? '—' : `${fmt(Math.max(0, net) / checkpoints.length, lang)} ${t('perMinute')}`} label={t('perCheckpoint')} testId="plan-per-checkpoint" />}
          </div>
          <StationFlows ids={stations.map((x) => x.station.id)} metres={stations.map((x) => x.metres)} gates={gates?.metro ?? {}} />
        </>
      )}
    </section>
  );
}
