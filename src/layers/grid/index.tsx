/** The grid layer kind: the management grid's cells, a choropleth of one statistic, picked by cell. */
import { z } from 'zod';
import type { GridLoaded } from '../../analysis/worker/analysisProtocol.ts';
import { analysis } from '../../analysis/worker/analysisClient.ts';
import { baseLayerSchema, sameOrigin } from '../../config/citySchema.ts';
import { failedLoad } from '../../sources/fetchLayer.ts';
import { useAppStore } from '../../state/store.ts';
import { InfoContent, type InfoRows } from '../../ui/InfoContent.tsx';
import { districtName, districtOf } from '../districts/index.tsx';
import { floodFacilities } from '../../domains/flood/layer/index.tsx';
import type { DataOf, InfoProps, LayerKind } from '../layerKind.ts';
import { hoveredIn, isVisible, selectedIn } from '../layerProps.ts';
import { CellShelters } from '../../domains/flood/CellShelters.tsx';
import { GridControls } from './GridControls.tsx';
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

function GridInfo({ selection, data, t, lang }: InfoProps<GridData>) {
  const details = useAppStore((s) => s.cellDetails);
  const gridStats = useAppStore((s) => s.gridStats);
  const liveCounts = useAppStore((s) => s.liveCellCounts);
  const flood = useAppStore((s) => (s.mode === 'flood' ? s.flood.result : null));
  const facilities = useAppStore((s) => floodFacilities(s));
  const cell = data.cellIds.indexOf(selection.featureId);
  const adcode = cell < 0 ? undefined : data.loaded.grid.districts[data.loaded.grid.district[cell]!];
  const district = useAppStore((s) => districtOf(s, adcode));
  if (cell < 0) return <InfoContent info={null} />;
  const serial = String(data.loaded.grid.serial[cell]);
  const areaFmt = (m2: number): string => `${Math.round(m2).toLocaleString(lang)} m²`;
  const tallest = details?.cell === cell ? details.buildings : null;
  const wet = flood?.cells.find((c) => c.cell === cell);
  const floodRows: InfoRows =
    wet && flood && facilities
      ? [
          [t('floodedArea'), <span key="fa" data-testid="cell-flooded-ha">{`${(wet.floodedM2 / 10_000).toLocaleString(lang, { maximumFractionDigits: 1 })} ha`}</span>],
          [t('maxDepth'), `${(wet.maxDepthCm / 100).toFixed(2)} m`],
          [t('floodedBuildings'), wet.buildings.toLocaleString(lang)],
          [t('residents'), <strong key="res" data-testid="cell-residents">{wet.residents.toLocaleString(lang)}</strong>],
          [t('nearestShelters'), <CellShelters key="sh" cell={wet} result={flood} facilities={facilities} />],
        ]
      : [];
  const liveRows: InfoRows = liveCounts
    ? [
        [t('sensorCount'), liveCounts.sensors[cell]!.toLocaleString(lang)],
        [t('activeAlerts'), <span key="alerts" data-testid="cell-alerts">{liveCounts.alerts[cell]!.toLocaleString(lang)}</span>],
      ]
    : [];
  return (
    <InfoContent
      info={{
        title: `${district ? districtName(district, lang) : adcode} ${t('gridCellName').replace('{n}', serial)}`,
        rows: [
          [t('gridCell'), selection.featureId],
          [t('district'), district ? `${district.nameZh} · ${district.nameEn}` : String(adcode)],
          ...floodRows,
          [t('buildingCount'), gridStats ? gridStats.buildings[cell]!.toLocaleString(lang) : t('loadingDetails')],
          [t('floorArea'), gridStats ? areaFmt(gridStats.floorArea[cell]!) : t('loadingDetails')],
          ...liveRows,
          [
            t('tallestBuildings'),
            tallest === null ? t('loadingDetails') : tallest.length === 0 ? t('none') : (
              <ol className="cell-buildings" data-testid="cell-buildings">
                {tallest.slice(0, 8).map((b) => (
                  <li key={b.id}>
                    {b.id} · {b.height.toFixed(0)} m
                  </li>
                ))}
              </ol>
            ),
          ],
        ],
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
