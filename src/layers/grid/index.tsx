/** The grid layer kind: the management grid's cells, a choropleth of one statistic, picked by cell. */
import type { ReactNode } from 'react';
import { z } from 'zod';
import type { CellBuilding } from '../../analysis/cityAnalysis.ts';
import type { GridLoaded } from '../../analysis/worker/analysisProtocol.ts';
import { analysis } from '../../analysis/worker/analysisClient.ts';
import { baseLayerSchema, sameOrigin } from '../../config/citySchema.ts';
import { failedLoad } from '../../sources/fetchLayer.ts';
import { useAppStore } from '../../state/store.ts';
import { InfoContent, type InfoRows } from '../../ui/InfoContent.tsx';
import { districtName, districtOf } from '../districts/index.tsx';
import type { DataOf, InfoProps, LayerKind } from '../layerKind.ts';
import { hoveredIn, isVisible, selectedIn } from '../layerProps.ts';
import { GridControls } from './GridControls.tsx';
import { CELL_ROW_ORDER, rowsInOrder, useDomainCellRows } from './gridParts.ts';
import { createGridLayer, type GridLayerProps } from './gridLayer.ts';
import { gridValues } from './gridValues.ts';
import { PERF_MARKS } from '../../perf/marks.ts';

const config = baseLayerSchema.extend({
  kind: z.literal('grid'),
  /** The buildings table (buildings.bin) whose per-cell statistics the grid shows. */
  buildingsUrl: sameOrigin.optional(),
});


declare module '../../config/citySchema.ts' { interface LayerConfigByKind { grid: z.infer<typeof config> } }
declare module '../../sources/layerLoad.ts' { interface LayerDataByKind { grid: { kind: 'grid'; loaded: GridLoaded; cellIds: string[]; } } }
export type GridData = DataOf<'grid'>;

/** The grid floats just above the district fill and the river. */
const GRID_HEIGHT_M = 30;

/** The tallest buildings of a cell, once its details have come. */
function tallestList(tallest: CellBuilding[] | null, t: InfoProps<GridData>['t']): ReactNode {
  if (tallest === null) return t('loadingDetails');
  if (tallest.length === 0) return t('none');
  return (
    <ol className="cell-buildings" data-testid="cell-buildings">
      {tallest.slice(0, 8).map((b) => (
        <li key={b.id}>
          {b.id} · {b.height.toFixed(0)} m
        </li>
      ))}
    </ol>
  );
}

function GridInfo({ selection, data, t, lang }: InfoProps<GridData>) {
  const details = useAppStore((s) => s.cellDetails);
  const gridStats = useAppStore((s) => s.gridStats);
  const liveCounts = useAppStore((s) => s.liveCellCounts);
  const cell = data.cellIds.indexOf(selection.featureId);
  const domainRows = useDomainCellRows(cell, t, lang);
  const adcode = cell < 0 ? undefined : data.loaded.grid.districts[data.loaded.grid.district[cell]!];
  const district = useAppStore((s) => districtOf(s, adcode));
  if (cell < 0) return <InfoContent info={null} />;
  const serial = String(data.loaded.grid.serial[cell]);
  const areaFmt = (m2: number): string => `${Math.round(m2).toLocaleString(lang)} m²`;
  const place: InfoRows = [
    [t('gridCell'), selection.featureId],
    [t('district'), district ? `${district.nameZh} · ${district.nameEn}` : String(adcode)],
  ];
  const buildings: InfoRows = [
    [t('buildingCount'), gridStats ? gridStats.buildings[cell]!.toLocaleString(lang) : t('loadingDetails')],
    [t('floorArea'), gridStats ? areaFmt(gridStats.floorArea[cell]!) : t('loadingDetails')],
  ];
  const liveRows: InfoRows = liveCounts
    ? [
        [t('sensorCount'), liveCounts.sensors[cell]!.toLocaleString(lang)],
        [t('activeAlerts'), <span key="alerts" data-testid="cell-alerts">{liveCounts.alerts[cell]!.toLocaleString(lang)}</span>],
      ]
    : [];
  const tallest: InfoRows = [[t('tallestBuildings'), tallestList(details?.cell === cell ? details.buildings : null, t)]];
  return (
    <InfoContent
      info={{
        title: `${district ? districtName(district, lang) : adcode} ${t('gridCellName').replace('{n}', serial)}`,
        rows: rowsInOrder([
          [CELL_ROW_ORDER.district, place],
          [CELL_ROW_ORDER.buildings, buildings],
          [CELL_ROW_ORDER.live, liveRows],
          [CELL_ROW_ORDER.tallest, tallest],
          ...domainRows,
        ]),
      }}
    />
  );
}

export const gridKind: LayerKind<'grid', GridLayerProps> = {
  kind: 'grid',
  config,
  load: async (cfg, ctx) => {
    try {
      // The grid draws now; its statistics follow from the same worker (src/controllers/gridStats.ts).
      const loaded = await analysis().request({ type: 'load', gridUrl: ctx.url, height: GRID_HEIGHT_M });
      performance.mark(PERF_MARKS.gridData);
      return { state: 'ready', report: { ...loaded.report, repaired: 0 }, data: { kind: 'grid', loaded, cellIds: loaded.ids } };
    } catch (e) {
      return failedLoad(cfg.url, e);
    }
  },
  create: (ctx, data) => createGridLayer(ctx.scene, ctx.root, ctx.layerId, data.loaded, data.cellIds),
  props: (s, layerId) => ({ visible: isVisible(s, layerId), metric: s.gridMetric, values: gridValues(s), selectedId: selectedIn(s, layerId), hoveredId: hoveredIn(s, layerId) }),
  coversGround: true,
  Info: GridInfo,
  Controls: GridControls,
};
