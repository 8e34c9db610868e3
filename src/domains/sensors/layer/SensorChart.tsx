import { useMemo } from 'react';
import { useT } from '../../../ui/useT.ts';
import { UNITS } from '../../../live/contract.ts';
import type { RegistryColumns } from '../../../live/liveProtocol.ts';
import { readingHistory } from '../sensorFeed.ts';
import { useAppStore } from '../../../state/store.ts';

const W = 320;
const H = 150;
const PAD = { left: 34, right: 30, top: 10, bottom: 20 };
/** The chart's data is re-read at most this often (the history scan is not free). */
const REFRESH_MS = 5000;

/** The rain gauge nearest a sensor (itself, for a rain gauge), or -1. */
function nearestRainGauge(registry: RegistryColumns, i: number): number {
  if (registry.kinds[i] === 'rainfall') return i;
  const [x, y] = [registry.positions[2 * i]!, registry.positions[2 * i + 1]!];
  let best = -1;
  let bestD = Infinity;
  registry.kinds.forEach((k, j) => {
    if (k !== 'rainfall') return;
    const d = (registry.positions[2 * j]! - x) ** 2 + (registry.positions[2 * j + 1]! - y) ** 2;
    if (d < bestD) [best, bestD] = [j, d];
  });
  return best;
}

/**
 * A gauge's recorded series with its warning and alarm lines, and the nearest rain gauge's
 * readings as bars beneath, over the replay window (the last two hours up to the shown moment).
 */
export function SensorChart({ registry, sensor, now }: { registry: RegistryColumns; sensor: number; now: number }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const at = useAppStore((s) => s.replay.at);
  const end = at ?? Math.floor(now / REFRESH_MS) * REFRESH_MS;
  const rain = useMemo(() => nearestRainGauge(registry, sensor), [registry, sensor]);
  const data = useMemo(() => {
    const history = readingHistory();
    if (!history) return null;
    const from = Math.max(end - history.span, history.oldest() ?? end);
    return { from, line: history.series(sensor, from, end), bars: rain >= 0 && rain !== sensor ? history.series(rain, from, end) : null };
  }, [sensor, rain, end]);
  if (!data || data.line.ts.length === 0) return <p className="muted small">{t('status_nodata')}</p>;
  const p = registry.props[sensor]!;
  const unit = UNITS[p.kind];
  const { from, line, bars } = data;
  const top = Math.max(p.alarm * 1.15, ...line.value);
  const x = (ts: number): number => PAD.left + ((ts - from) / Math.max(1, end - from)) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (Math.max(0, v) / top) * (H - PAD.top - PAD.bottom);
  const rainTop = bars ? Math.max(10, ...bars.value) : 1;
  const barY = (v: number): number => H - PAD.bottom - (v / rainTop) * (H - PAD.top - PAD.bottom) * 0.45;
  const path = line.ts.map((ts, k) => `${k === 0 ? 'M' : 'L'}${x(ts).toFixed(1)},${y(line.value[k]!).toFixed(1)}`).join('');
  const time = (ts: number): string => new Date(ts).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  return (
    <figure className="sensor-chart" data-testid="sensor-chart" data-points={line.ts.length}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${t('levelChart')} ${p.id}`}>
        {bars?.ts.map((ts, k) => (
          <rect key={ts} className="rain-bar" x={x(ts) - 1.5} width={3} y={barY(bars.value[k]!)} height={H - PAD.bottom - barY(bars.value[k]!)} />
        ))}
        {[
          ['warning', p.warning],
          ['alarm', p.alarm],
        ].map(([name, v]) => (
          <g key={name as string} className={`threshold threshold-${name as string}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v as number)} y2={y(v as number)} />
            <text x={W - PAD.right + 2} y={y(v as number) + 4}>
              {v as number}
            </text>
          </g>
        ))}
        <path className="series" d={path} />
        <text className="axis" x={2} y={PAD.top + 8}>
          {top.toFixed(top < 10 ? 1 : 0)}
        </text>
        <text className="axis" x={2} y={H - PAD.bottom}>
          0 {unit}
        </text>
        <text className="axis" x={PAD.left} y={H - 4}>
          {time(from)}
        </text>
        <text className="axis" x={W - PAD.right} y={H - 4} textAnchor="end">
          {time(end)}
        </text>
      </svg>
      <figcaption className="small muted">
        <span className="key series-key" /> {t('levelChart')} ({unit}) · <span className="key threshold-key-warning" /> {t('status_warning')} · <span className="key threshold-key-alarm" /> {t('status_alarm')}
        {bars && (
          <>
            {' '}
            · <span className="key rain-key" /> {t('rainBars')} {registry.ids[rain]} (mm/h)
          </>
        )}
      </figcaption>
    </figure>
  );
}
