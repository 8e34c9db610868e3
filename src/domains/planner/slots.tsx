/** Where the planner's panels go in the layout (src/ui/slots.ts): while open, it takes the layer panel's place. */
import type { PanelSlot } from '../../ui/slots.ts';
import { PlannerPanel } from './PlannerPanel.tsx';

export const slots: PanelSlot[] = [{ place: 'left', order: 0, active: (s) => s.plannerOpen, render: () => <PlannerPanel /> }];
