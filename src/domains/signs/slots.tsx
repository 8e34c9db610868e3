/**
 * Where the vital signs go in the layout (src/ui/slots.ts): on the display wall, the theme on show
 * after the title and the district filter beside it, the search's button and the search itself, the
 * key figures, rings and trend in the columns, and the themes along the bottom. The wall carries the
 * theme and the district as data attributes.
 */
import type { PanelSlot } from '../../ui/slots.ts';
import { shownTheme } from './shownTheme.ts';
import { ThemeBar } from './ThemeBar.tsx';
import { DistrictChip, ThemeName, WallLeft, WallRight } from './WallParts.tsx';
import { SearchButton, SearchOverlay } from './WallSearch.tsx';

export const slots: PanelSlot[] = [
  { place: 'wall-data', order: 0, name: 'data-theme', value: (s) => shownTheme(s.signs?.catalogue, s.theme)?.id ?? '' },
  { place: 'wall-data', order: 1, name: 'data-district', value: (s) => s.signDistrict ?? '' },
  { place: 'wall-title', order: 0, render: () => <ThemeName /> },
  { place: 'wall-head', order: 0, render: () => <DistrictChip /> },
  { place: 'wall-actions', order: 0, render: () => <SearchButton /> },
  { place: 'wall-left', order: 0, render: () => <WallLeft /> },
  { place: 'wall-right', order: 0, render: () => <WallRight /> },
  { place: 'wall-foot', order: 0, render: () => <ThemeBar /> },
  { place: 'wall-overlay', order: 0, render: () => <SearchOverlay /> },
];
