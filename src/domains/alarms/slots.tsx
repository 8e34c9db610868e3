/**
 * Where the alarms' panels go in the layout (src/ui/slots.ts): the live panel's first tab, and on the
 * display wall the alarm board, under the signs' cards in the right column.
 */
import { useAppStore } from '../../state/store.ts';
import type { PanelSlot } from '../../ui/slots.ts';
import { shownTheme } from '../signs/index.ts';
import { AlarmBoard } from './AlarmBoard.tsx';
import { AlarmsView } from './AlarmsView.tsx';

/** The board follows the wall's filter: the theme the signs show, and the district tapped. */
function WallAlarmBoard() {
  const district = useAppStore((s) => s.signDistrict);
  const theme = useAppStore((s) => shownTheme(s.signs?.catalogue, s.theme)?.id ?? null);
  return <AlarmBoard district={district} theme={theme} />;
}

export const slots: PanelSlot[] = [
  { place: 'live-tab', id: 'alarms', label: 'tabAlarms', order: 0, shown: () => true, render: () => <AlarmsView /> },
  { place: 'wall-right', order: 10, render: () => <WallAlarmBoard /> },
];
