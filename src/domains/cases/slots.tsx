/**
 * Where the case desk goes in the layout (src/ui/slots.ts): a live-panel tab after the alarms',
 * shown once someone is signed in (the service then says which desk their login has), and the
 * case opened from it in the info panel, which runs tall for its timeline and actions; the
 * evaluation, opened from the desk, in the layer panel's place (its ranking needs the height); and on the wall the funnel and the departments' ranking.
 */
import type { PanelSlot } from '../../ui/slots.ts';
import { CaseDesk } from './CaseDesk.tsx';
import { CaseDetailPanel } from './CaseDetailPanel.tsx';
import { CaseEvaluation } from './CaseEvaluation.tsx';
import { CaseWall } from './CaseWall.tsx';

export const slots: PanelSlot[] = [
  { place: 'live-tab', id: 'cases', label: 'tabCases', order: 5, shown: (s) => s.operator !== null, render: () => <CaseDesk /> },
  { place: 'left', order: 5, active: (s) => s.operator !== null && s.caseEvaluationOpen, render: () => <CaseEvaluation /> },
  { place: 'info', order: -1, active: (s) => s.operator !== null && s.caseSelected !== null, render: () => <CaseDetailPanel /> },
  { place: 'wall-right', order: 20, render: () => <CaseWall /> },
];
