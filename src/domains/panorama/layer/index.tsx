/**
 * The panorama layer kind: loads the five panoramas' cells.bin (every cell's figures, which the
 * grid's choropleth and the cell panel read from the store) and draws the records of the cells
 * in view as points once the camera is close.
 */
import { z } from 'zod';
import { analysis } from '../../../analysis/worker/analysisClient.ts';
import { baseLayerSchema } from '../../../config/citySchema.ts';
import { failedLoad } from '../../../sources/fetchLayer.ts';
import { useAppStore } from '../../../state/store.ts';
import { InfoContent } from '../../../ui/InfoContent.tsx';
import type { DataOf, InfoProps, LayerKind } from '../../../layers/layerKind.ts';
import { isVisible, selectedIn } from '../../../layers/layerProps.ts';
import { createPanoramaLayer, type PanoramaLayerProps } from './panoramaLayer.ts';
import { PanoramaControls } from './PanoramaControls.tsx';
import { POINT_CLASSES } from '../recordPoints.ts';
import { nameOf } from '../classes.ts';
import { RECORD_SETS, type RecordSet } from '../records.ts';

const config = baseLayerSchema.extend({ kind: z.literal('panorama') });

declare module '../../../config/citySchema.ts' { interface LayerConfigByKind { panorama: z.infer<typeof config> } }
declare module '../../../sources/layerLoad.ts' { interface LayerDataByKind { panorama: { kind: 'panorama'; records: number } } }
export type PanoramaLayerData = DataOf<'panorama'>;

function PanoramaInfo({ selection, t, lang }: InfoProps<PanoramaLayerData>) {
  const points = useAppStore((s) => s.panoramaPoints);
  const [set, id] = selection.featureId.split(/:(.*)/s) as [RecordSet, string];
  const i = points && points.set === set ? points.ids.indexOf(id) : -1;
  const classes = (RECORD_SETS as readonly string[]).includes(set) ? POINT_CLASSES[set].list : [];
  const klass = i >= 0 ? classes[points!.classIndex[i]!] : undefined;
  return (
    <InfoContent
      info={{
        title: id,
        rows: [
          [t('recordSet'), t(`set_${set}`)],
          ...(klass ? [[t('recordClass'), nameOf(classes, klass.code, lang)] as [string, string]] : []),
        ],
      }}
    />
  );
}

export const panoramaKind: LayerKind<'panorama', PanoramaLayerProps> = {
  kind: 'panorama',
  config,
  load: async (cfg, ctx) => {
    try {
      const loaded = await analysis().request({ type: 'panoramaLoad', url: ctx.url });
      useAppStore.getState().setPanorama(loaded);
      const records = Object.values(loaded.header.sets).reduce((a, s) => a + s.records, 0);
      return { state: 'ready', report: { accepted: records, rejected: {}, examples: [], repaired: 0 }, data: { kind: 'panorama', records } };
    } catch (e) {
      useAppStore.getState().setPanoramaError(e instanceof Error ? e.message : String(e));
      return failedLoad(cfg.url, e);
    }
  },
  create: (ctx) => createPanoramaLayer(ctx.scene, ctx.root, ctx.layerId),
  props: (s, layerId) => ({ visible: isVisible(s, layerId), points: s.panoramaPoints, live: s.panoramaPoints?.set === 'cases' ? s.liveCases : null, selectedId: selectedIn(s, layerId) ?? (s.panoramaFocus ? `enterprises:${s.panoramaFocus}` : null) }),
  Info: PanoramaInfo,
  Controls: PanoramaControls,
};
