import { KIND_KEYS } from '../../../i18n/messages.ts';
import { useT } from '../../../ui/useT.ts';
import { SENSOR_KINDS } from '../../../live/contract.ts';
import { SENSOR_STATUSES } from '../sensorStatus.ts';
import { KIND_COLORS, STATUS_COLORS } from '../sensorColors.ts';

/** The sensor layer's encoding, from the same colour tables the layer draws with. */
export function SensorLegend() {
  const t = useT();
  return (
    <div className="building-controls" data-testid="sensor-legend">
      <p className="muted small">{t('sensorLegend')}</p>
      <ul className="legend">
        {SENSOR_STATUSES.map((s) => (
          <li key={s}>
            <span className="swatch round" style={{ background: STATUS_COLORS[s] }} />
            {t(`status_${s}`)}
          </li>
        ))}
      </ul>
      <ul className="legend">
        {SENSOR_KINDS.map((k) => (
          <li key={k}>
            <span className="swatch round outline" style={{ borderColor: KIND_COLORS[k] }} />
            {t(KIND_KEYS[k])}
          </li>
        ))}
      </ul>
    </div>
  );
}
