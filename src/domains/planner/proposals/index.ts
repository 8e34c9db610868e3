import type { AppLayer } from '../../../layers/layerKind.ts';
import { createProposalsLayer, type ProposalsLayerProps } from './proposalsLayer.ts';

/** The planner's proposed buildings and imported models, shown or compared with today's city. */
export const proposalsLayer: AppLayer<ProposalsLayerProps> = {
  id: 'proposals',
  create: (scene) => createProposalsLayer(scene),
  props: (s) => ({ proposed: s.proposals.proposed, models: s.proposals.models, compare: s.proposals.compare === 'proposed' }),
};
