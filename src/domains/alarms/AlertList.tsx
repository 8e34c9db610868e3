import { useEffect, useRef, useState } from 'react';
import { KIND_KEYS, MESSAGES, type MessageKey } from '../../i18n/messages.ts';
import { useT } from '../../ui/useT.ts';
import { isAcknowledged, type Alarm, type OperatorOp } from './alarmBook.ts';
import { groupAlarms, type AlarmGroup } from './groups.ts';
import { actOnAlarm } from './alarmFeed.ts';
import { alarmHistory } from './opsCalls.ts';
import type { HistoryRow } from './apiContract.ts';
import { UNITS, type SensorKind } from '../../live/contract.ts';
import { viewOfArea } from '../../scene/viewOfArea.ts';
import { readyLayerData, readyLayerId, useAppStore } from '../../state/store.ts';
import { SignIn } from '../../panels/SignIn.tsx';
import { Segmented } from '../../ui/Segmented.tsx';

/** Rows rendered at a time: a storm raises hundreds of alerts, and the list must stay cheap to redraw. */
const PAGE = 50;
/** Above this many alarms the list rolls up by district and kind (an alarm flood). */
const GROUP_ABOVE = 12;
const SHELVE_MINUTES = [15, 60, 240, 480] as const;

/** A district's name by its code, from the districts layer once it is in (the code until then). */
function useDistrictName(): (adcode: string) => string {
  const lang = useAppStore((s) => s.lang);
  const features = useAppStore((s) => readyLayerData(s, 'districts')?.features);
  return (adcode) => {
    const p = features?.find((f) => f.properties.adcode === adcode)?.properties;
    return p ? (lang === 'zh-CN' ? p.nameZh : p.nameEn) : adcode;
  };
}

/** How long a row that has just come in (or just turned to alarm) pulses. */
const FRESH_MS = 3000;

/**
 * The alarms this screen has just been told of: an alarm (or an escalation to alarm) that came in
 * after the list first showed, for a few seconds. What was there when the page opened is not news.
 */
const freshKey = (a: Alarm): string => `${a.id}:${a.severity}`;

function useFresh(alerts: readonly Alarm[]): ReadonlySet<string> {
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  const seenRef = useRef<Set<string> | null>(null);
  useEffect(() => {
    const opening = seenRef.current === null;
    const seen = (seenRef.current ??= new Set());
    const news = alerts.filter((a) => !seen.has(freshKey(a)));
    for (const a of news) seen.add(freshKey(a));
    const ids = news.filter((a) => a.severity === 'alarm').map((a) => a.id);
    if (opening || ids.length === 0) return;
    setFresh((prev) => new Set([...prev, ...ids]));
    // No cleanup: the next list must not cancel this one's end (a state set after unmount is a no-op).
    setTimeout(() => setFresh((prev) => new Set([...prev].filter((id) => !ids.includes(id)))), FRESH_MS);
  }, [alerts]);
  return fresh;
}

const kindKey = (kind: string): MessageKey | null => (kind in KIND_KEYS ? KIND_KEYS[kind as SensorKind] : null);

function History({ alarm }: { alarm: string }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const [rows, setRows] = useState<HistoryRow[] | string | null>(null);
  useEffect(() => {
    let current = true;
    alarmHistory(alarm).then(
      (r) => current && setRows(r),
      (e: unknown) => current && setRows(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
  }, [alarm]);
  // The audit trail may hold words a newer service wrote: shown as they are.
  const label = (key: string): string => (key in MESSAGES['zh-CN'] ? t(key as MessageKey) : key.replace(/^\w+_/, ''));
  if (rows === null) return <p className="muted small">{t('loading')}</p>;
  if (typeof rows === 'string') return <p className="error-text small">{rows}</p>;
  return (
    <ol className="alarm-history small" data-testid="alarm-history">
      {rows.map((r, k) => (
        <li key={k}>
          {new Date(r.at).toLocaleTimeString(lang)} · {label(`event_${r.event}`)} · {label(`state_${r.from_state}`)} → {label(`state_${r.to_state}`)} · {r.actor}
          {r.reason ? ` · ${r.reason}` : ''}
        </li>
      ))}
    </ol>
  );
}

/** Shelving (with a time and a reason) or taking the sensor out of service, in one small form. */
function ShelveForm({ alarm, done }: { alarm: Alarm; done: () => void }) {
  const t = useT();
  const [minutes, setMinutes] = useState<number>(60);
  const [reason, setReason] = useState('');
  const act = (op: OperatorOp): void => {
    actOnAlarm(op, alarm.id, op === 'shelve' ? { minutes, reason: reason.trim() } : { reason: reason.trim() });
    done();
  };
  return (
    <div className="shelve-form" data-testid="shelve-form">
      <Segmented role="radio" label={t('shelveFor')} options={SHELVE_MINUTES} value={minutes} onChange={(m) => setMinutes(m)}>
        {(m) => m < 60 ? `${m} ${t('minutesShort')}` : `${m / 60} h`}
      </Segmented>
      <input className="text-input" type="text" data-testid="shelve-reason" value={reason} maxLength={200} placeholder={t('shelveReason')} aria-label={t('shelveReason')} onChange={(e) => setReason(e.target.value)} />
      <div className="button-row">
        <button type="button" data-testid="shelve-confirm" disabled={!reason.trim()} onClick={() => act('shelve')}>
          {t('shelve')}
        </button>
        <button type="button" data-testid="remove-from-service" onClick={() => act('remove-from-service')}>
          {t('removeFromService')}
        </button>
        <button type="button" onClick={done}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}

function AlertItem({ alert, canAct, canHistory, fresh }: { alert: Alarm; canAct: boolean; canHistory: boolean; fresh: boolean }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const layerId = useAppStore((s) => readyLayerId(s, 'sensors'));
  const table = useAppStore((s) => readyLayerData(s, 'sensors')?.table ?? null);
  const [open, setOpen] = useState<'shelve' | 'history' | null>(null);
  const districtName = useDistrictName();
  const kind = kindKey(alert.kind);
  const show = (): void => {
    const store = useAppStore.getState();
    if (!table || !layerId) return;
    const lon = table.lon[alert.sensor]!;
    const lat = table.lat[alert.sensor]!;
    const d = 0.004;
    store.select({ layerId, featureId: alert.id });
    store.commandCamera({ kind: 'view', view: viewOfArea({ west: lon - d, south: lat - d, east: lon + d, north: lat + d }, store.heading) });
  };
  const acked = isAcknowledged(alert);
  const unit = alert.kind in UNITS ? UNITS[alert.kind as SensorKind] : '';
  return (
    <li className={`alert alert-${alert.severity} alert-state-${alert.state}${acked ? ' alert-acked' : ''}${fresh ? ' alert-fresh' : ''}`} data-alert={alert.id} data-severity={alert.severity} data-state={alert.state}>
      <div className="alert-row">
        <button type="button" className="alert-main" onClick={show} aria-label={`${t('flyTo')} ${alert.id}`}>
          <span className={`severity severity-${alert.severity}`}>{t(`severity_${alert.severity}`)}</span>
          <span className="alert-text">
            <strong>
              {kind ? t(kind) : alert.kind} {alert.id}
            </strong>
            <span className="small">
              <span className={`state-chip state-${alert.state}`} data-testid="alarm-state">
                {t(`state_${alert.state}`)}
              </span>
              {alert.chattering && <span className="state-chip state-chattering">{t('chattering')}</span>}
              {alert.ackedBy && acked ? <span className="muted"> · {alert.ackedBy}</span> : null}
              {alert.shelf ? <span className="muted"> · {t('until')} {new Date(alert.shelf.until).toLocaleTimeString(lang)} · {alert.shelf.reason}</span> : null}
            </span>
            <span className="muted small">
              {districtName(alert.district)}
              {alert.cell ? ` ${alert.cell}` : ''} · {t('since')} {new Date(alert.startedAt).toLocaleTimeString(lang)} · {t('peak')} {alert.peak.toLocaleString(lang)} {unit}
            </span>
          </span>
        </button>
        {canAct && !acked && (
          <button type="button" className="ack-button" data-ack={alert.id} onClick={() => actOnAlarm('ack', alert.id)}>
            {t('acknowledge')}
          </button>
        )}
        {canAct && acked && alert.state === 'acked' && (
          <span className="ack-done" aria-label={t('acknowledged')}>
            ✓
          </span>
        )}
      </div>
      {canAct && (
        <div className="alert-actions">
          {alert.state === 'shelved' ? (
            <button type="button" data-unshelve={alert.id} onClick={() => actOnAlarm('unshelve', alert.id)}>
              {t('unshelve')}
            </button>
          ) : alert.state === 'out-of-service' ? (
            <button type="button" data-return={alert.id} onClick={() => actOnAlarm('return-to-service', alert.id)}>
              {t('returnToService')}
            </button>
          ) : (
            <button type="button" data-shelve={alert.id} aria-expanded={open === 'shelve'} onClick={() => setOpen(open === 'shelve' ? null : 'shelve')}>
              {t('shelve')}…
            </button>
          )}
          {canHistory && (
            <button type="button" data-history={alert.id} aria-expanded={open === 'history'} onClick={() => setOpen(open === 'history' ? null : 'history')}>
              {t('history')}
            </button>
          )}
        </div>
      )}
      {open === 'shelve' && <ShelveForm alarm={alert} done={() => setOpen(null)} />}
      {open === 'history' && <History alarm={alert.id} />}
    </li>
  );
}

function Rows({ alerts, canAct, canHistory, fresh }: { alerts: readonly Alarm[]; canAct: boolean; canHistory: boolean; fresh: ReadonlySet<string> }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      <ul className="alert-list" data-testid="alert-list" aria-label={t('alerts')}>
        {alerts.slice(0, shown).map((a) => (
          <AlertItem key={a.id} alert={a} canAct={canAct} canHistory={canHistory} fresh={fresh.has(a.id)} />
        ))}
      </ul>
      {alerts.length > shown && (
        <button type="button" className="show-more" data-testid="alerts-more" onClick={() => setShown((n) => n + PAGE)}>
          {t('showMore')} ({(alerts.length - shown).toLocaleString(lang)})
        </button>
      )}
    </>
  );
}

function Group({ group, canAct, canHistory, fresh }: { group: AlarmGroup; canAct: boolean; canHistory: boolean; fresh: ReadonlySet<string> }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const [open, setOpen] = useState(false);
  const districtName = useDistrictName();
  const kind = kindKey(group.kind);
  return (
    <li className={`alarm-group${group.alarms > 0 ? ' alarm-group-alarm' : ''}${group.rows.some((a) => fresh.has(a.id)) ? ' alert-fresh' : ''}`} data-testid="alarm-group" data-group={group.key} data-count={group.count}>
      <button type="button" className="group-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="group-count">{group.count.toLocaleString(lang)}</span>
        <span className="alert-text">
          <strong>
            {districtName(group.district)} · {kind ? t(kind) : group.kind}
          </strong>
          <span className="muted small">
            {group.alarms.toLocaleString(lang)} {t('severity_alarm')} · {group.unacknowledged.toLocaleString(lang)} {t('unacknowledged')} · {t('firstAlarm')} {group.first.id} {new Date(group.first.startedAt).toLocaleTimeString(lang)}
          </span>
        </span>
      </button>
      {open && <Rows alerts={group.rows} canAct={canAct} canHistory={canHistory} fresh={fresh} />}
    </li>
  );
}

/** When a system alarm began: its date too, as it may have stood for days. */
const SINCE: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

/**
 * What stops the operations service doing its job (src/domains/alarms/systemAlarms.ts), above the list for
 * as long as it stands: the alarms below may go unrecorded, or no officer can sign in to act on
 * them. Nothing to press and nothing moving: it is read, and it goes when the service clears it.
 */
function SystemAlarmBanner() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const alarms = useAppStore((s) => s.systemAlarms);
  if (alarms.length === 0) return null;
  return (
    <section className="system-alarms" role="alert" data-testid="system-alarms">
      {alarms.map((a) => (
        <div key={a.instance} className="system-alarm" data-testid="system-alarm" data-instance={a.instance}>
          <p className="system-alarm-head">
            <strong>{t('systemAlarm')}</strong> · {t('systemAlarmService')} <span className="mono">{a.instance}</span>
          </p>
          <ul>
            {a.problems.map((p) => (
              <li key={p.code} data-problem={p.code}>
                <strong>{t(`systemProblem_${p.code}`)}</strong>
                {/* The service's own words, in English: what a technician needs to find the cause. */}
                <span className="system-alarm-detail mono small" lang="en">
                  {p.detail}
                </span>
                <span className="small">
                  {t('systemAlarmSince')} <time dateTime={new Date(p.since).toISOString()}>{new Date(p.since).toLocaleString(lang, SINCE)}</time>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/**
 * The alarms to act on. Tap one to fly to its sensor; acknowledge, shelve or take it out of
 * service with one more. In a flood, the list rolls up by district and kind first.
 */
export function AlertList({ alerts }: { alerts: readonly Alarm[] }) {
  const t = useT();
  const replaying = useAppStore((s) => s.replay.at !== null);
  const source = useAppStore((s) => s.alarmSource);
  const operator = useAppStore((s) => s.operator);
  // Shared alarms take an operator's login (the broker checks it); local ones stay in this browser.
  const canAct = !replaying && (source === 'local' || operator !== null);
  // The history comes from the service's audit trail, which only operators may read.
  const canHistory = source === 'shared' && operator !== null;
  const groups = alerts.length > GROUP_ABOVE ? groupAlarms(alerts) : null;
  const fresh = useFresh(alerts);
  return (
    <>
      <SystemAlarmBanner />
      <p className="alarm-source small" data-testid="alarm-source" data-source={source}>
        <span className={`state-chip source-${source}`}>{t(source === 'shared' ? 'alarmsShared' : 'alarmsLocal')}</span>
        {source === 'shared' && <SignIn />}
      </p>
      {alerts.length === 0 ? (
        <p className="muted">{t('noAlerts')}</p>
      ) : groups ? (
        <ul className="alarm-groups" data-testid="alarm-groups" aria-label={t('alerts')}>
          {groups.map((g) => (
            <Group key={g.key} group={g} canAct={canAct} canHistory={canHistory} fresh={fresh} />
          ))}
        </ul>
      ) : (
        <Rows alerts={alerts} canAct={canAct} canHistory={canHistory} fresh={fresh} />
      )}
    </>
  );
}
