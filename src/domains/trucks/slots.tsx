/** Where the muck trucks' panels go in the layout (src/ui/slots.ts): a live-panel tab, in a city with trucks. */
import type { PanelSlot } from '../../ui/slots.ts';
import { TruckGovernance } from './TruckGovernance.tsx';

export const slots: PanelSlot[] = [{ place: 'live-tab', id: 'trucks', label: 'tabTrucks', order: 10, shown: (s) => s.city?.layers.some((l) => l.kind === 'trucks') ?? false, render: () => <TruckGovernance /> }];
