/**
 * The cases layer kind: the loop's live cases (GB/T 30428) on the map, coloured by step, the
 * overdue ones ringed. They come over the live feed (city/…/case/#, decoded in the live worker),
 * so there is nothing to load: the entry's `url` names the dispatch table that routes them, which
 * the page does not read. A tap shows what the broker says of a case to anyone; for a signed-in
 * login the desk opens it too (../start.ts), with its timeline, under it in the info panel.
 */
import { z } from 'zod';
import { baseLayerSchema } from '../../../config/citySchema.ts';
import { useAppStore } from '../../../state/store.ts';
import { InfoContent } from '../../../ui/InfoContent.tsx';
import type { DataOf, InfoProps, LayerKind } from '../../../layers/layerKind.ts';
import { isVisible, selectedIn } from '../../../layers/layerProps.ts';
import { useCaseLabels } from '../caseLabels.ts';
import { isOverdue } from '../caseMap.ts';
import { CaseLegend } from './CaseLegend.tsx';
import { createCasesLayer, type CasesLayerProps } from './casesLayer.ts';

const config = baseLayerSchema.extend({ kind: z.literal('cases') });

declare module '../../../config/citySchema.ts' { interface LayerConfigByKind { cases: z.infer<typeof config> } }
declare module '../../../sources/layerLoad.ts' { interface LayerDataByKind { cases: { kind: 'cases' } } }
type CasesData = DataOf<'cases'>;

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };

/** What the broker says of a case, public as the map is: its type, step, department and when it was reported. */
function CaseInfo({ selection, now, t, lang }: InfoProps<CasesData>) {
  const c = useAppStore((s) => s.caseLive.get(selection.featureId));
  const labels = useCaseLabels();
  if (!c) return <InfoContent info={null} />;
  const step = t(`caseState_${c.step}`);
  return (
    <InfoContent
      info={{
        title: `${t('caseMapTitle')} ${c.id}`,
        rows: [
          [t('caseType'), labels.typeName(c.type)],
          [t('caseMapStep'), isOverdue(c, now) ? `${step} · ${t('caseMapOverdue')}` : step],
          [t('caseDepartment'), c.department ? labels.departmentName(c.department) : '—'],
          [t('caseReportedAt'), new Date(c.opened).toLocaleString(lang, WHEN)],
        ],
      }}
    />
  );
}

export const casesKind: LayerKind<'cases', CasesLayerProps> = {
  kind: 'cases',
  config,
  load: () => Promise.resolve({ state: 'ready', report: { accepted: 0, repaired: 0, rejected: {}, examples: [] }, data: { kind: 'cases' } }),
  create: (ctx) => createCasesLayer(ctx.scene, ctx.root, ctx.layerId),
  props: (s, layerId) => ({ visible: isVisible(s, layerId), cases: s.caseLive, selected: selectedIn(s, layerId) ?? s.caseSelected }),
  Info: CaseInfo,
  liveInfo: true,
  Controls: CaseLegend,
};
