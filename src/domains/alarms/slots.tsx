/** Where the alarms' panels go in the layout (src/ui/slots.ts): the live panel's first tab. */
import type { PanelSlot } from '../../ui/slots.ts';
import { AlarmsView } from './AlarmsView.tsx';

export const slots: PanelSlot[] = [{ place: 'live-tab', id: 'alarms', label: 'tabAlarms', order: 0, shown: () => true, render: () => <AlarmsView /> }];
