/**
 * Where the panoramas' panels go in the layout (src/ui/slots.ts): an open panorama, under the
 * selected feature's details (the info panel then runs tall). The flood view keeps its own panel
 * there, and shows no panoramas.
 */
import type { PanelSlot } from '../../ui/slots.ts';
import { PanoramaPanel } from './PanoramaPanel.tsx';

export const slots: PanelSlot[] = [{ place: 'info', order: 0, active: (s) => s.mode === 'city' && s.panoramaCell !== null && s.panorama !== null, render: () => <PanoramaPanel /> }];
