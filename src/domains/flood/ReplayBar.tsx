import { useEffect, useState } from 'react';
import { useT } from '../../ui/useT.ts';
import { historyExtent } from '../sensors/ui.ts';
import { backToLive, seekReplay, setReplaySpeed } from './replayClock.ts';
import { useAppStore } from '../../state/store.ts';

const SPEEDS = [10, 60] as const;

/** The history's extent, refreshed each second (it grows at one end and forgets at the other). */
function useHistorySpan(): ReturnType<typeof historyExtent> {
  const [span, setSpan] = useState(historyExtent);
  useEffect(() => {
    const timer = setInterval(() => setSpan(historyExtent()), 1000);
    return () => clearInterval(timer);
  }, []);
  return span;
}

/**
 * The time slider over the recorded stream: drag back to see the sensors, the flood, the charts
 * and the alerts as they were, play at 10× or 60×, and return to live with one tap.
 */
export function ReplayBar() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const { at, speed } = useAppStore((s) => s.replay);
  const { oldest, now, bytes, spanMs } = useHistorySpan();
  if (oldest === null) return null;
  const shown = at ?? now;
  return (
    <section className="replay-bar panel" data-testid="replay-bar" aria-label={t('replay')}>
      <span className={`replay-time${at === null ? ' is-live' : ''}`} data-testid="replay-time">
        {at === null ? t('live') : new Date(shown).toLocaleTimeString(lang)}
      </span>
      <input
        type="range"
        aria-label={t('replay')}
        data-testid="replay-slider"
        min={oldest}
        max={now}
        step={1000}
        value={Math.min(Math.max(shown, oldest), now)}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (v >= now - 1000) backToLive();
          else seekReplay(v);
        }}
      />
      {SPEEDS.map((s) => (
        <button key={s} type="button" aria-pressed={speed === s} data-testid={`replay-${s}x`} onClick={() => setReplaySpeed(speed === s ? 0 : s)}>
          {speed === s ? `⏸ ${t('paused')}` : `▶ ${s}×`}
        </button>
      ))}
      <button type="button" className="primary" data-testid="replay-live" disabled={at === null} onClick={backToLive}>
        {t('backToLive')}
      </button>
      <span className="muted small history-memory" data-testid="history-memory" title={t('historyBuffer')}>
        {t('historyBuffer')} {(bytes / 1048576).toFixed(1)} MiB · {t('historySpan').replace('{minutes}', String(Math.round(spanMs / 60_000)))}
      </span>
    </section>
  );
}
