import { REJECT_KEYS } from '../i18n/messages.ts';
import { useT } from '../ui/useT.ts';
import type { RejectReason } from '../live/decode.ts';
import { useAppStore } from '../state/store.ts';
import { Panel } from './Panel.tsx';
import { AlertList } from '../domains/alarms/AlertList.tsx';
import { AlarmLoadPanel } from '../domains/alarms/AlarmLoadPanel.tsx';
import { isAcknowledged } from '../domains/alarms/alarmBook.ts';
import { useState } from 'react';
import { TruckGovernance } from '../domains/trucks/TruckGovernance.tsx';
import { EventsPanel } from '../domains/crowd/EventsPanel.tsx';
import { Segmented } from '../ui/Segmented.tsx';

const TAB_LABELS = { alarms: 'tabAlarms', trucks: 'tabTrucks', events: 'tabEvents' } as const;
type LiveTab = keyof typeof TAB_LABELS;


/** Connection, throughput and rejects: what an operator checks when the picture looks wrong. */
function Diagnostics() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const live = useAppStore((s) => s.live);
  const rejects = Object.entries(live.rejects) as [RejectReason, number][];
  const total = rejects.reduce((a, [, n]) => a + n, 0);
  return (
    <details className="diagnostics" data-testid="live-diagnostics">
      <summary>
        {t('diagnostics')} · {t('rejects')} <span data-testid="reject-total">{total.toLocaleString(lang)}</span>
      </summary>
      <dl className="info-rows">
        <div>
          <dt>{t('received')}</dt>
          <dd data-testid="received-total">{live.received.toLocaleString(lang)}</dd>
        </div>
        <div>
          <dt>{t('duplicates')}</dt>
          <dd>{live.duplicates.toLocaleString(lang)}</dd>
        </div>
        <div>
          <dt>{t('reconnects')}</dt>
          <dd data-testid="reconnects">{live.reconnects}</dd>
        </div>
        {rejects.map(([reason, n]) => (
          <div key={reason} data-reject={reason}>
            <dt>{t(REJECT_KEYS[reason])}</dt>
            <dd>{n.toLocaleString(lang)}</dd>
          </div>
        ))}
        {live.lastError && (
          <div>
            <dt>{t('lastError')}</dt>
            <dd className="mono small" data-testid="last-error">
              {new Date(live.lastError.at).toLocaleTimeString(lang)} {live.lastError.reason}: {live.lastError.detail}
            </dd>
          </div>
        )}
      </dl>
    </details>
  );
}

/** The live feed at a glance: connection, rates, and the alerts to act on. */
export function LivePanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const hasLive = useAppStore((s) => s.city?.layers.some((l) => l.kind === 'sensors') ?? false);
  const connection = useAppStore((s) => s.live.connection);
  const retryInMs = useAppStore((s) => s.live.retryInMs);
  const perSecond = useAppStore((s) => s.live.receivedPerSecond);
  const applied = useAppStore((s) => s.live.appliedPerSecond);
  const hasTrucks = useAppStore((s) => s.city?.layers.some((l) => l.kind === 'trucks') ?? false);
  const crowdReady = useAppStore((s) => s.crowdReady);
  const [tab, setTab] = useState<LiveTab>('alarms');
  if (!hasLive) return null;
  const tabs: LiveTab[] = ['alarms', ...(hasTrucks ? (['trucks'] as const) : []), ...(crowdReady ? (['events'] as const) : [])];
  return (
    <Panel title={t('live')} className="live-panel" testId="live-panel">
      <div className="live-summary">
        <span className={`conn conn-${connection}`} data-testid="connection" data-state={connection}>
          {t(`conn_${connection}`)}
          {connection === 'reconnecting' && retryInMs !== null ? ` · ${(retryInMs / 1000).toFixed(0)} ${t('retryIn')}` : ''}
        </span>
        <span className="rate" data-testid="msg-rate">
          <strong>{perSecond.toLocaleString(lang)}</strong> {t('msgPerSecond')}
        </span>
        <span className="rate muted" data-testid="applied-rate">
          {applied.toLocaleString(lang)} {t('appliedPerSecond')}
        </span>
      </div>
      {tabs.length > 1 && (
        <Segmented role="tab" className="live-tabs" options={tabs} value={tab} onChange={(k) => setTab(k)} attrs={(k) => ({ 'data-testid': `live-tab-${k}` })}>
          {(k) => t(TAB_LABELS[k])}
        </Segmented>
      )}
      {tab === 'trucks' ? <TruckGovernance /> : tab === 'events' ? <EventsPanel /> : <AlarmsView />}
      <Diagnostics />
    </Panel>
  );
}

/** The alarms to act on: counts by severity, the list, and the alarm load for a signed-in operator. */
function AlarmsView() {
  const t = useT();
  const alerts = useAppStore((s) => s.alerts);
  const source = useAppStore((s) => s.alarmSource);
  const operator = useAppStore((s) => s.operator);
  const alarms = alerts.filter((a) => a.severity === 'alarm').length;
  const unacked = alerts.filter((a) => !isAcknowledged(a)).length;
  return (
    <>
      <div className="alert-counts" data-testid="alert-counts">
        <span className="big-figure severity-alarm">
          <strong data-testid="alarm-count">{alarms}</strong> {t('severity_alarm')}
        </span>
        <span className="big-figure severity-warning">
          <strong data-testid="warning-count">{alerts.length - alarms}</strong> {t('severity_warning')}
        </span>
        <span className="big-figure">
          <strong data-testid="unacked-count">{unacked}</strong> {t('unacknowledged')}
        </span>
      </div>
      <AlertList alerts={alerts} />
      {source === 'shared' && operator !== null && <AlarmLoadPanel />}
    </>
  );
}
