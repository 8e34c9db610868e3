/** Where the crowds' panels go in the layout (src/ui/slots.ts): the major events' live-panel tab, once the crowd model is in. */
import type { PanelSlot } from '../../ui/slots.ts';
import { EventsPanel } from './EventsPanel.tsx';

export const slots: PanelSlot[] = [{ place: 'live-tab', id: 'events', label: 'tabEvents', order: 20, shown: (s) => s.crowdReady, render: () => <EventsPanel /> }];
