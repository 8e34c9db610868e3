/**
 * Where the flood's panels go in the layout (src/ui/slots.ts): the flood view replaces the live
 * panel with its own, and its time slider over the recorded stream sits in the top bar.
 */
import type { PanelSlot } from '../../ui/slots.ts';
import { FloodPanel } from './FloodPanel.tsx';
import { ReplayBar } from './ReplayBar.tsx';

export const slots: PanelSlot[] = [
  { place: 'right', order: 0, active: (s) => s.mode === 'flood', render: () => <FloodPanel /> },
  { place: 'top-bar', order: 0, active: (s) => s.mode === 'flood', render: () => <ReplayBar /> },
];
