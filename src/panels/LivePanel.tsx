import { REJECT_KEYS } from '../i18n/messages.ts';
import { useT } from '../ui/useT.ts';
import type { RejectReason } from '../live/decode.ts';
import { useAppStore } from '../state/store.ts';
import { Panel } from './Panel.tsx';
import { useState } from 'react';
import { Segmented } from '../ui/Segmented.tsx';
import { slotsOf } from '../ui/slots.ts';

/** The domains' tabs (src/ui/slots.ts), in order. */
const TABS = slotsOf('live-tab');

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
  // The ids of the tabs shown now, as one string: the selector's answer is then stable.
  const shown = useAppStore((s) => TABS.filter((slot) => slot.shown(s)).map((slot) => slot.id).join(' '));
  const [tab, setTab] = useState<string>(TABS[0]?.id ?? '');
  if (!hasLive) return null;
  const tabs = shown ? shown.split(' ') : [];
  const current = TABS.find((slot) => slot.id === tab);
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
          {(k) => t(TABS.find((slot) => slot.id === k)!.label)}
        </Segmented>
      )}
      {current?.render()}
      <Diagnostics />
    </Panel>
  );
}
