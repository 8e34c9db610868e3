import { useState } from 'react';
import { KIND_KEYS, REJECT_KEYS } from '../i18n/messages.ts';
import { useT } from '../i18n/useT.ts';
import type { Alert } from '../live/alertBook.ts';
import { liveFeed } from '../live/liveFeed.ts';
import type { RejectReason } from '../live/decode.ts';
import { UNITS } from '../live/contract.ts';
import { viewOfArea } from '../scene/viewOfArea.ts';
import { readyLayerData, readyLayerId, useAppStore } from '../state/store.ts';
import { Panel } from './Panel.tsx';

/** Rows rendered at a time: a storm raises hundreds of alerts, and the list must stay cheap to redraw. */
const PAGE = 50;

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

function AlertItem({ alert }: { alert: Alert }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const layerId = useAppStore((s) => readyLayerId(s, 'sensors'));
  const table = useAppStore((s) => readyLayerData(s, 'sensors')?.table ?? null);
  const kind = table?.registry.kinds[alert.sensor];
  const show = (): void => {
    const store = useAppStore.getState();
    if (!table || !layerId) return;
    const lon = table.lon[alert.sensor]!;
    const lat = table.lat[alert.sensor]!;
    const d = 0.004;
    store.select({ layerId, featureId: alert.sensorId });
    store.commandCamera({ kind: 'view', view: viewOfArea({ west: lon - d, south: lat - d, east: lon + d, north: lat + d }, store.heading) });
  };
  return (
    <li className={`alert alert-${alert.severity}${alert.acknowledged ? ' alert-acked' : ''}`} data-alert={alert.id} data-severity={alert.severity}>
      <button type="button" className="alert-main" onClick={show} aria-label={`${t('flyTo')} ${alert.sensorId}`}>
        <span className={`severity severity-${alert.severity}`}>{t(`severity_${alert.severity}`)}</span>
        <span className="alert-text">
          <strong>{kind ? t(KIND_KEYS[kind]) : ''} {alert.sensorId}</strong>
          <span className="muted small">
            {alert.cell ?? alert.district} · {t('since')} {new Date(alert.startedAt).toLocaleTimeString(lang)} · {t('peak')} {alert.peak.toLocaleString(lang)} {kind ? UNITS[kind] : ''}
          </span>
        </span>
      </button>
      {alert.acknowledged ? (
        <span className="ack-done" aria-label={t('acknowledged')}>
          ✓
        </span>
      ) : (
        <button type="button" className="ack-button" data-ack={alert.id} onClick={() => liveFeed().acknowledge(alert.id)}>
          {t('acknowledge')}
        </button>
      )}
    </li>
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
  const alerts = useAppStore((s) => s.alerts);
  const [shown, setShown] = useState(PAGE);
  if (!hasLive) return null;
  const alarms = alerts.filter((a) => a.severity === 'alarm').length;
  const unacked = alerts.filter((a) => !a.acknowledged).length;
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
      {alerts.length === 0 ? (
        <p className="muted">{t('noAlerts')}</p>
      ) : (
        <ul className="alert-list" data-testid="alert-list" aria-label={t('alerts')}>
          {alerts.slice(0, shown).map((a) => (
            <AlertItem key={a.id} alert={a} />
          ))}
        </ul>
      )}
      {alerts.length > shown && (
        <button type="button" className="show-more" data-testid="alerts-more" onClick={() => setShown((n) => n + PAGE)}>
          {t('showMore')} ({(alerts.length - shown).toLocaleString(lang)})
        </button>
      )}
      <Diagnostics />
    </Panel>
  );
}
