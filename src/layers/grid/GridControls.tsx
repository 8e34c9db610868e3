import { GRID_METRICS } from '../../config/gridMetrics.ts';
import { classesFor, metricColor } from '../../legend/choropleth.ts';
import { useT } from '../../ui/useT.ts';
import { useAppStore } from '../../state/store.ts';
import { gridValues } from './gridValues.ts';
import { Segmented } from '../../ui/Segmented.tsx';

/** The grid's choropleth statistic and its legend, from the same classes the layer draws. */
export function GridControls({ layerId }: { layerId: string }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const metric = useAppStore((s) => s.gridMetric);
  const setMetric = useAppStore((s) => s.setGridMetric);
  const values = useAppStore((s) => (s.layerLoad[layerId]?.state === 'ready' ? gridValues(s) : null));
  const classes = values ? classesFor(values, metric) : null;
  const fmt = (v: number): string => (metric === 'crowd' ? `${Math.round(v).toLocaleString(lang)} ${t('perKm2')}` : metric === 'plotRatio' ? v.toFixed(2) : metric === 'floorArea' ? `${(v / 1e4).toLocaleString(lang, { maximumFractionDigits: 1 })} 万m²`.replace(' 万m²', lang === 'en' ? ' ha' : ' 万m²') : Math.round(v).toLocaleString(lang));
  return (
    <div className="building-controls" data-testid="grid-controls">
      <Segmented role="radio" label={t('metric')} options={GRID_METRICS} value={metric} onChange={(m) => setMetric(m)} attrs={(m) => ({ 'data-metric': m })}>
        {(m) => t(`metric_${m}`)}
      </Segmented>
      {classes && (
        <ul className="legend" aria-label={t('legend')} data-testid="grid-legend">
          <li>
            <span className="swatch" style={{ background: metricColor(metric, 0, classes.breaks.length) }} />0
          </li>
          {classes.breaks.map((b, i) => (
            <li key={b}>
              <span className="swatch" style={{ background: metricColor(metric, i + 1, classes.breaks.length) }} />
              {b === Infinity ? `> ${fmt(classes.breaks[i - 1]!)}` : `≤ ${fmt(b)}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
