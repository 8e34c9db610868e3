import { useT } from '../../ui/useT.ts';
import { useAppStore } from '../../state/store.ts';
import { AlertList } from './AlertList.tsx';
import { AlarmLoadPanel } from './AlarmLoadPanel.tsx';
import { isAcknowledged } from './alarmBook.ts';

/** The alarms to act on: counts by severity, the list, and the alarm load for a signed-in operator. */
export function AlarmsView() {
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
