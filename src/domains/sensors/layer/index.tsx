/** The sensors layer kind: every live sensor as one point of one collection, fed over MQTT. */
import { z } from 'zod';
import { baseLayerSchema } from '../../../config/citySchema.ts';
import { KIND_KEYS } from '../../../i18n/messages.ts';
import { SENSOR_KINDS, UNITS, type SensorKind } from '../../../live/contract.ts';
import { FLOOD_SENSOR_KINDS } from '../../flood/index.ts';
import { startSensorFeed } from '../sensorFeed.ts';
import { sensorStatus } from '../sensorStatus.ts';
import type { SensorTable } from '../sensorTable.ts';
import { failedLoad } from '../../../sources/fetchLayer.ts';
import { useAppStore } from '../../../state/store.ts';
import { InfoContent, type InfoRows } from '../../../ui/InfoContent.tsx';
import { districtName, districtOf } from '../../../layers/districts/index.tsx';
import type { DataOf, InfoProps, LayerKind } from '../../../layers/layerKind.ts';
import { isVisible, selectedIn } from '../../../layers/layerProps.ts';
import { SensorChart } from './SensorChart.tsx';
import { SensorLegend } from './SensorLegend.tsx';
import { createSensorLayer, type SensorLayerProps } from './sensorLayer.ts';

const config = baseLayerSchema.extend({
  kind: z.literal('sensors'),
  /** Sensor kinds another layer draws (the trucks layer draws the muck trucks as heading arrows). */
  hideKinds: z.array(z.enum(SENSOR_KINDS)).optional(),
});

const shownKinds = new Map<string, ReadonlySet<SensorKind>>();
/** All kinds but the hidden ones, one set per config. */
function kindsBut(hidden: readonly SensorKind[]): ReadonlySet<SensorKind> {
  const key = hidden.join();
  let set = shownKinds.get(key);
  if (!set) shownKinds.set(key, (set = new Set(SENSOR_KINDS.filter((k) => !hidden.includes(k)))));
  return set;
}


declare module '../../../config/citySchema.ts' { interface LayerConfigByKind { sensors: z.infer<typeof config> } }
declare module '../../../sources/layerLoad.ts' { interface LayerDataByKind { sensors: { kind: 'sensors'; table: SensorTable; } } }
export type SensorsData = DataOf<'sensors'>;

function SensorInfo({ selection, data, now, t, lang }: InfoProps<SensorsData>) {
  const replay = useAppStore((s) => (s.replay.at !== null ? s.replay.table : null));
  useAppStore((s) => s.replay.at);
  const table = replay ?? data.table;
  const i = table.registry.ids.indexOf(selection.featureId);
  const p = i < 0 ? undefined : table.registry.props[i];
  const district = useAppStore((s) => districtOf(s, p?.district));
  if (!p) return <InfoContent info={null} />;
  const ts = table.ts[i]!;
  const st = sensorStatus(table.level[i]!, ts, p.interval, now);
  const unit = UNITS[p.kind];
  const chart: InfoRows = FLOOD_SENSOR_KINDS.has(p.kind) ? [[t('levelChart'), <SensorChart key="chart" registry={table.registry} sensor={i} now={now} />]] : [];
  return (
    <InfoContent
      info={{
        title: lang === 'zh-CN' ? p.name.zh : p.name.en,
        rows: [
          [t('sensor'), p.id],
          [t('kind'), t(KIND_KEYS[p.kind])],
          [t('reading'), ts > 0 ? <strong key="reading" data-testid="sensor-reading">{`${table.value[i]!.toLocaleString(lang)} ${unit}`}</strong> : t('status_nodata')],
          [t('status'), <span key="status" className={`status-chip status-${st}`}>{t(`status_${st}`)}</span>],
          [t('thresholds'), `${p.warning} / ${p.alarm} ${unit}`],
          [t('updated'), ts > 0 ? new Date(ts).toLocaleTimeString(lang) : '—'],
          [t('gridCell'), p.cell ?? '—'],
          [t('district'), district ? districtName(district, lang) : p.district],
          ...chart,
        ],
      }}
    />
  );
}

export const sensorsKind: LayerKind<'sensors', SensorLayerProps> = {
  kind: 'sensors',
  config,
  load: async (cfg, ctx) => {
    try {
      // The registry arrives first; readings keep streaming into the table afterwards.
      const table = await startSensorFeed({ registryUrl: ctx.url, ...ctx.live });
      const { rejected, examples } = table.registry;
      return { state: 'ready', report: { accepted: table.count, repaired: 0, rejected: rejected > 0 ? { invalid: rejected } : {}, examples }, data: { kind: 'sensors', table } };
    } catch (e) {
      return failedLoad(cfg.url, e);
    }
  },
  create: (ctx, data) => createSensorLayer(ctx.scene, ctx.root, ctx.layerId, data.table),
  props: (s, layerId, _data, _host, cfg) => ({
    visible: isVisible(s, layerId),
    selectedId: selectedIn(s, layerId),
    kinds: s.mode === 'flood' ? FLOOD_SENSOR_KINDS : cfg.hideKinds?.length ? kindsBut(cfg.hideKinds) : null,
    replayTable: s.replay.at !== null ? s.replay.table : null,
    replayAt: s.replay.table ? s.replay.at : null,
  }),
  Info: SensorInfo,
  liveInfo: true,
  Controls: SensorLegend,
};
