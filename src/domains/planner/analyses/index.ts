import { isSightAsk } from '../proposalsSlice.ts';
import type { AppLayer } from '../../../layers/layerKind.ts';
import { createAnalysesLayer, type AnalysesLayerProps } from './analysesLayer.ts';

/** The planner's answers (sunlight, sight lines), shown while the planner is open on the asking tab. */
export const analysesLayer: AppLayer<AnalysesLayerProps> = {
  id: 'analyses',
  create: (scene) => createAnalysesLayer(scene),
  props: (s) => {
    const { ask, answer, answered } = s.proposals;
    const onTab = ask !== null && s.planner.tab === (isSightAsk(ask) ? 'sight' : 'sunlight');
    return { answer: s.plannerOpen && onTab && answered === ask ? answer : null };
  },
};
