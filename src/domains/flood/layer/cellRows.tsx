/** The flood's rows in a grid cell's info, in the flood view: its water, its people, and where they go. */
import type { Lang, MessageKey } from '../../../i18n/messages.ts';
import type { CellRows } from '../../../layers/grid/gridParts.ts';
import { useAppStore } from '../../../state/store.ts';
import type { InfoRows } from '../../../ui/InfoContent.tsx';
import { CellShelters } from '../CellShelters.tsx';
import { floodFacilities } from './index.tsx';

function useFloodCellRows(cell: number, t: (key: MessageKey) => string, lang: Lang): InfoRows {
  const flood = useAppStore((s) => (s.mode === 'flood' ? s.flood.result : null));
  const facilities = useAppStore((s) => floodFacilities(s));
  const wet = flood?.cells.find((c) => c.cell === cell);
  if (!wet || !flood || !facilities) return [];
  return [
    [t('floodedArea'), <span key="fa" data-testid="cell-flooded-ha">{`${(wet.floodedM2 / 10_000).toLocaleString(lang, { maximumFractionDigits: 1 })} ha`}</span>],
    [t('maxDepth'), `${(wet.maxDepthCm / 100).toFixed(2)} m`],
    [t('floodedBuildings'), wet.buildings.toLocaleString(lang)],
    [t('residents'), <strong key="res" data-testid="cell-residents">{wet.residents.toLocaleString(lang)}</strong>],
    [t('nearestShelters'), <CellShelters key="sh" cell={wet} result={flood} facilities={facilities} />],
  ];
}

/** Right after the cell's district (CELL_ROW_ORDER.district), before its buildings. */
export const cellRows: CellRows = { order: 150, useRows: useFloodCellRows };
