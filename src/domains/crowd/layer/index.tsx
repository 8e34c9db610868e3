/**
 * The crowd layer kind (重大活动人流): the crowd model's H3 hexagons coloured by people per km²
 * each minute, and the venues of the major-events scenario with their people against capacity.
 * The live worker loads the model and turns the signalling minutes into densities; the grid's
 * `crowd` statistic draws the same minutes per cell.
 */
import { z } from 'zod';
import type { HexMesh } from '../hexMesh.ts';
import { VENUES, venueById, venueThresholds } from '../venues.ts';
import { minutesOf, summarise } from '../venueTrend.ts';
import { baseLayerSchema } from '../../../config/citySchema.ts';
import { pickText } from '../../../i18n/messages.ts';
import { requestCrowd } from '../crowdLive.ts';
import type { VenueRecord } from '../contract.ts';
import { failedLoad } from '../../../sources/fetchLayer.ts';
import { useAppStore } from '../../../state/store.ts';
import { InfoContent } from '../../../ui/InfoContent.tsx';
import type { DataOf, InfoProps, LayerKind } from '../../../layers/layerKind.ts';
import { isVisible, selectedIn } from '../../../layers/layerProps.ts';
import { CrowdControls } from './CrowdControls.tsx';
import { createCrowdLayer, shortPeople, type CrowdLayerProps } from './crowdLayer.ts';

const config = baseLayerSchema.extend({ kind: z.literal('crowd') });

declare module '../../../config/citySchema.ts' { interface LayerConfigByKind { crowd: z.infer<typeof config> } }
declare module '../../../sources/layerLoad.ts' { interface LayerDataByKind { crowd: { kind: 'crowd'; mesh: HexMesh; hexes: number } } }
export type CrowdLayerData = DataOf<'crowd'>;

/** The hexagons lie over the grid (30 m) and under the venues' outlines. */
const HEAT_HEIGHT_M = 40;

/** People per venue from the records, one array per records object, so the layer's props stay stable. */
const peopleOf = new WeakMap<object, (number | null)[]>();
function venuePeople(records: Record<string, VenueRecord>): (number | null)[] {
  let p = peopleOf.get(records);
  if (!p) peopleOf.set(records, (p = VENUES.map((v) => records[v.id]?.series.at(-1)?.[1] ?? null)));
  return p;
}

function VenueInfo({ selection, t, lang }: InfoProps<CrowdLayerData>) {
  const record = useAppStore((s) => s.crowdVenues[selection.featureId]);
  const v = venueById.get(selection.featureId);
  if (!v) return <InfoContent info={null} />;
  const summary = record ? summarise(minutesOf(record.series)) : null;
  const { warning, alarm } = venueThresholds(v);
  return (
    <InfoContent
      info={{
        title: pickText(v.name, lang),
        rows: [
          [t('venuePeople'), summary ? shortPeople(summary.people, lang) : t('noCrowd')],
          [t('capacity'), `${shortPeople(v.capacity, lang)} (${t('status_warning')} ${shortPeople(warning, lang)}, ${t('status_alarm')} ${shortPeople(alarm, lang)})`],
          ...(summary
            ? ([
                [t('inflow'), `${summary.inflow} ${t('perMinute')}`],
                [t('outflow'), `${summary.outflow} ${t('perMinute')}`],
                [t('forecast30'), shortPeople(summary.forecast.at(-1) ?? summary.people, lang)],
              ] as [string, string][])
            : []),
        ],
      }}
    />
  );
}

export const crowdKind: LayerKind<'crowd', CrowdLayerProps> = {
  kind: 'crowd',
  config,
  load: async (cfg, ctx) => {
    try {
      const model = await requestCrowd(ctx.url, HEAT_HEIGHT_M);
      useAppStore.getState().setCrowdReady();
      return { state: 'ready', report: { accepted: model.hexes, rejected: {}, examples: [], repaired: 0 }, data: { kind: 'crowd', mesh: model.mesh, hexes: model.hexes } };
    } catch (e) {
      return failedLoad(cfg.url, e);
    }
  },
  create: (ctx, data) => createCrowdLayer(ctx.scene, ctx.root, ctx.layerId, data.mesh, data.hexes),
  props: (s, layerId) => ({
    visible: isVisible(s, layerId),
    showHexes: s.crowdUnit === 'hex',
    hexDensity: s.crowd?.hexDensity ?? null,
    venuePeople: venuePeople(s.crowdVenues),
    lang: s.lang,
    selectedId: selectedIn(s, layerId) ?? s.crowdVenue,
  }),
  Info: VenueInfo,
  Controls: CrowdControls,
};
