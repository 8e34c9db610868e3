import { useEffect, useState } from 'react';
import { useT } from '../../ui/useT.ts';
import { alarmLoadFigures, auditCsv, loadCsv } from './opsCalls.ts';
import type { AlarmLoadView } from './apiContract.ts';
import { download } from '../../ui/download.ts';
import { useAppStore } from '../../state/store.ts';
import { Segmented } from '../../ui/Segmented.tsx';

const PERIODS = [1, 24, 24 * 7] as const;
/** ISA-18.2's acceptable load: about one alarm per 10 minutes per operator; more than 10 is a flood. */
const FLOOD = 10;

/**
 * The alarm-load figures after ISA-18.2, fetched from the operations service when opened and
 * every 10 s while open: alarms per 10 minutes per position (as bars against the flood line),
 * floods, the ten most frequent, chattering and stale alarms, and both CSV exports.
 */
export function AlarmLoadPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState<number>(1);
  const [load, setLoad] = useState<AlarmLoadView | string | null>(null);
  useEffect(() => {
    if (!open) return;
    let current = true;
    const fetchLoad = (): void => {
      alarmLoadFigures(hours).then(
        (l) => current && setLoad(l),
        (e: unknown) => current && setLoad(e instanceof Error ? e.message : String(e)),
      );
    };
    fetchLoad();
    const timer = setInterval(fetchLoad, 10_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [open, hours]);
  const save = (name: string, fetchCsv: (hours: number) => Promise<string>): void => {
    fetchCsv(hours).then(
      (csv) => download(name, csv, 'text/csv;charset=utf-8'),
      (e: unknown) => useAppStore.getState().notify(e instanceof Error ? e.message : String(e)),
    );
  };
  const peak = typeof load === 'object' && load ? Math.max(FLOOD * 1.5, ...load.positions.map((p) => p.per10MinPeak)) : 1;
  return (
    <details className="alarm-load" data-testid="alarm-load" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('alarmLoad')}</summary>
      <Segmented role="radio" label={t('loadHours')} options={PERIODS} value={hours} onChange={(h) => setHours(h)}>
        {(h) => h < 24 ? `${h} h` : `${h / 24} d`}
      </Segmented>
      {load === null && <p className="progress-line" role="status"><span className="spinner" aria-hidden="true" /> {t('loading')}</p>}
      {typeof load === 'string' && <p className="error-text small">{load}</p>}
      {typeof load === 'object' && load !== null && (
        <>
          <table className="load-table small" data-testid="load-positions">
            <thead>
              <tr>
                <th>{t('loadPosition')}</th>
                <th>{t('loadPer10Min')}</th>
                <th>{t('loadPeak')}</th>
              </tr>
            </thead>
            <tbody>
              {load.positions.map((p) => (
                <tr key={p.position} data-position={p.position}>
                  <td>{p.position}</td>
                  <td>{p.per10MinAvg.toLocaleString(lang, { maximumFractionDigits: 1 })}</td>
                  <td>
                    <span className="load-bar" aria-hidden="true">
                      <span className={p.per10MinPeak > FLOOD ? 'over' : ''} style={{ width: `${Math.min(100, (p.per10MinPeak / peak) * 100)}%` }} />
                      <span className="flood-line" style={{ left: `${(FLOOD / peak) * 100}%` }} />
                    </span>
                    {p.per10MinPeak}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small" data-testid="load-floods">
            {t('loadFloods')}: <strong>{load.floods.length.toLocaleString(lang)}</strong> · {t('loadChattering')}: <strong>{load.chattering.length}</strong> · {t('loadStale')}: <strong>{load.stale.length}</strong>
          </p>
          <h4 className="small">{t('loadTop')}</h4>
          <ol className="small" data-testid="load-top">
            {load.top.map((a) => (
              <li key={a.alarm}>
                {a.alarm} · {a.district} · {a.count}
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="button-row">
        <button type="button" data-testid="export-load" onClick={() => save('alarm-load.csv', loadCsv)}>
          {t('exportLoad')}
        </button>
        <button type="button" data-testid="export-audit" onClick={() => save('alarm-audit.csv', auditCsv)}>
          {t('exportAudit')}
        </button>
      </div>
    </details>
  );
}
