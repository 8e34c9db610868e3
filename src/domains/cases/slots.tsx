/**
 * Where the case desk goes in the layout (src/ui/slots.ts): a live-panel tab after the alarms',
 * shown once someone is signed in (the service then says which desk their login has), and the
 * case opened from it in the info panel, which runs tall for its timeline and actions.
 */
import type { PanelSlot } from '../../ui/slots.ts';
import { CaseDesk } from './CaseDesk.tsx';
import { CaseDetailPanel } from './CaseDetailPanel.tsx';

export const slots: PanelSlot[] = [
  { place: 'live-tab', id: 'cases', label: 'tabCases', order: 5, shown: (s) => s.operator !== null, render: () => <CaseDesk /> },
  { place: 'info', order: -1, active: (s) => s.operator !== null && s.caseSelected !== null, render: () => <CaseDetailPanel /> },
];
