import { useState } from 'react';
import { KIND_KEYS } from '../i18n/messages.ts';
import { useT } from '../ui/useT.ts';
import type { Alert } from '../live/alertBook.ts';
import { liveFeed } from '../live/liveFeed.ts';
import { UNITS } from '../live/contract.ts';
import { viewOfArea } from '../scene/viewOfArea.ts';
import { readyLayerData, readyLayerId, useAppStore } from '../state/store.ts';

/** Rows rendered at a time: a storm raises hundreds of alerts, and the list must stay cheap to redraw. */
const PAGE = 50;

function AlertItem({ alert, canAcknowledge }: { alert: Alert; canAcknowledge: boolean }) {
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
      {!canAcknowledge ? null : alert.acknowledged ? (
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

/** Alerts to act on, a page at a time: tap one to fly to its sensor, acknowledge it with one more. */
export function AlertList({ alerts }: { alerts: readonly Alert[] }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const replaying = useAppStore((s) => s.replay.at !== null);
  const [shown, setShown] = useState(PAGE);
  if (alerts.length === 0) return <p className="muted">{t('noAlerts')}</p>;
  return (
    <>
      <ul className="alert-list" data-testid="alert-list" aria-label={t('alerts')}>
        {alerts.slice(0, shown).map((a) => (
          <AlertItem key={a.id} alert={a} canAcknowledge={!replaying} />
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
