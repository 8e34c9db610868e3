import { useEffect, useState, type ReactNode } from 'react';
import { useT } from './useT.ts';
import { FACILITY_KEYS, KIND_KEYS, pickText } from '../i18n/messages.ts';
import { FLOOD_SENSOR_KINDS } from '../live/floodSensors.ts';
import { isShelter } from '../sources/basemapSchemas.ts';
import { CellShelters } from './CellShelters.tsx';
import { SensorChart } from './SensorChart.tsx';
import { sensorStatus } from '../live/sensorStatus.ts';
import { UNITS } from '../live/contract.ts';
import { readyLayerData, useAppStore, type AppState } from '../state/store.ts';
import { Panel } from './Panel.tsx';
import { BUILDING_USES, type BuildingUse } from '../analysis/buildingUses.ts';

const isBuildingUse = (u: string): u is BuildingUse => (BUILDING_USES as readonly string[]).includes(u);

type Row = [label: string, value: ReactNode];

/** The rows to show for the selection, read from the loaded layer data in the store. */
function useSelectionRows(now: number): { title: string; rows: Row[] } | null {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const selection = useAppStore((s) => s.selection);
  const load = useAppStore((s: AppState) => (s.selection ? s.layerLoad[s.selection.layerId] : undefined));
  const details = useAppStore((s) => s.cellDetails);
  const gridStats = useAppStore((s) => s.gridStats);
  const liveCounts = useAppStore((s) => s.liveCellCounts);
  const districts = useAppStore((s) => readyLayerData(s, 'districts')?.features);
  const flood = useAppStore((s) => (s.mode === 'flood' ? s.flood.result : null));
  const facilities = useAppStore((s) => readyLayerData(s, 'flood')?.facilities);
  const replay = useAppStore((s) => (s.replay.at !== null ? s.replay.table : null));
  useAppStore((s) => s.replay.at);
  if (!selection || load?.state !== 'ready') return null;
  const name = (p: { nameZh: string; nameEn: string }): string => (lang === 'zh-CN' ? p.nameZh : p.nameEn);
  const data = load.data;
  switch (data.kind) {
    case 'districts': {
      const p = data.features.find((f) => f.properties.adcode === selection.featureId)?.properties;
      if (!p) return null;
      return {
        title: name(p),
        rows: [
          [t('district'), `${p.nameZh} · ${p.nameEn}`],
          [t('adcode'), p.adcode],
          [t('area'), `${p.areaKm2.toLocaleString(lang)} km²`],
        ],
      };
    }
    case 'water': {
      const p = data.features.find((f) => f.properties.id === selection.featureId)?.properties;
      if (!p) return null;
      return { title: name(p), rows: [[t('waterArea'), `${p.nameZh} · ${p.nameEn}`], [t('width'), `≈ ${p.widthM} m`]] };
    }
    case 'grid': {
      const cell = data.cellIds.indexOf(selection.featureId);
      if (cell < 0) return null;
      const adcode = data.loaded.grid.districts[data.loaded.grid.district[cell]!];
      const district = districts?.find((f) => f.properties.adcode === adcode)?.properties;
      const serial = String(data.loaded.grid.serial[cell]);
      const areaFmt = (m2: number): string => `${Math.round(m2).toLocaleString(lang)} m²`;
      const tallest = details?.cell === cell ? details.buildings : null;
      const wet = flood?.cells.find((c) => c.cell === cell);
      const floodRows: Row[] =
        wet && flood && facilities
          ? [
              [t('floodedArea'), <span key="fa" data-testid="cell-flooded-ha">{`${(wet.floodedM2 / 10_000).toLocaleString(lang, { maximumFractionDigits: 1 })} ha`}</span>],
              [t('maxDepth'), `${(wet.maxDepthCm / 100).toFixed(2)} m`],
              [t('floodedBuildings'), wet.buildings.toLocaleString(lang)],
              [t('residents'), <strong key="res" data-testid="cell-residents">{wet.residents.toLocaleString(lang)}</strong>],
              [t('nearestShelters'), <CellShelters key="sh" cell={wet} result={flood} facilities={facilities} />],
            ]
          : [];
      return {
        title: `${district ? name(district) : adcode} ${t('gridCellName').replace('{n}', serial)}`,
        rows: [
          [t('gridCell'), selection.featureId],
          [t('district'), district ? `${district.nameZh} · ${district.nameEn}` : String(adcode)],
          ...floodRows,
          [t('buildingCount'), gridStats ? gridStats.buildings[cell]!.toLocaleString(lang) : t('loadingDetails')],
          [t('floorArea'), gridStats ? areaFmt(gridStats.floorArea[cell]!) : t('loadingDetails')],
          ...(liveCounts ? ([[t('sensorCount'), liveCounts.sensors[cell]!.toLocaleString(lang)], [t('activeAlerts'), <span key="alerts" data-testid="cell-alerts">{liveCounts.alerts[cell]!.toLocaleString(lang)}</span>]] as Row[]) : []),
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
      };
    }
    case 'sensors': {
      const table = replay ?? data.table;
      const i = table.registry.ids.indexOf(selection.featureId);
      if (i < 0) return null;
      const p = table.registry.props[i]!;
      const district = districts?.find((f) => f.properties.adcode === p.district)?.properties;
      const ts = table.ts[i]!;
      const st = sensorStatus(table.level[i]!, ts, p.interval, now);
      const unit = UNITS[p.kind];
      return {
        title: lang === 'zh-CN' ? p.name.zh : p.name.en,
        rows: [
          [t('sensor'), p.id],
          [t('kind'), t(KIND_KEYS[p.kind])],
          [t('reading'), ts > 0 ? <strong key="reading" data-testid="sensor-reading">{`${table.value[i]!.toLocaleString(lang)} ${unit}`}</strong> : t('status_nodata')],
          [t('status'), <span key="status" className={`status-chip status-${st}`}>{t(`status_${st}`)}</span>],
          [t('thresholds'), `${p.warning} / ${p.alarm} ${unit}`],
          [t('updated'), ts > 0 ? new Date(ts).toLocaleTimeString(lang) : '—'],
          [t('gridCell'), p.cell ?? '—'],
          [t('district'), district ? name(district) : p.district],
          ...(FLOOD_SENSOR_KINDS.has(p.kind) ? ([[t('levelChart'), <SensorChart key="chart" registry={table.registry} sensor={i} now={now} />]] as Row[]) : []),
        ],
      };
    }
    case 'flood': {
      const f = data.facilities.find((x) => x.properties.id === selection.featureId);
      if (!f) return null;
      const p = f.properties;
      const s = isShelter(p) ? data.facilities.filter((x) => isShelter(x.properties)).indexOf(f) : -1;
      const district = districts?.find((d) => d.properties.adcode === p.district)?.properties;
      return {
        title: pickText(p.name, lang),
        rows: [
          [t('kind'), t(FACILITY_KEYS[p.type])],
          [t('capacity'), `${p.capacity.toLocaleString(lang)} ${isShelter(p) ? t('people') : 'm³/s'}`],
          ...(s >= 0 && flood
            ? ([
                [t('status'), flood.shelterFlooded[s] ? t('shelterFlooded') : t('shelterOpen')],
                [t('placesLeft'), flood.remaining[s]!.toLocaleString(lang)],
              ] as Row[])
            : []),
          [t('gridCell'), p.cell ?? '—'],
          [t('district'), district ? name(district) : p.district],
        ],
      };
    }
    case 'buildings': {
      const p = selection.properties ?? {};
      const use = typeof p.use === 'string' && isBuildingUse(p.use) ? t(`use_${p.use}`) : t('unknown');
      const district = districts?.find((f) => f.properties.adcode === p.district)?.properties;
      const height = typeof p.height === 'number' ? `${p.height.toFixed(1)} m` : t('unknown');
      return {
        title: typeof p.name === 'string' && p.name ? p.name : `${t('building')} ${selection.featureId}`,
        rows: [
          [t('buildingId'), selection.featureId],
          [t('height'), height],
          [t('floors'), String(p.floors ?? t('unknown'))],
          [t('use'), use],
          [t('year'), typeof p.year === 'number' && p.year > 0 ? String(p.year) : t('unknown')],
          [t('district'), district ? name(district) : String(p.district ?? t('unknown'))],
        ],
      };
    }
  }
}

/**
 * The time, refreshed once a second while a live sensor is selected: its reading and staleness
 * change without any store update.
 */
function useLiveClock(): number {
  const live = useAppStore((s) => {
    const load = s.selection ? s.layerLoad[s.selection.layerId] : undefined;
    return load?.state === 'ready' && load.data.kind === 'sensors';
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  return now;
}

export function InfoPanel() {
  const t = useT();
  const select = useAppStore((s) => s.select);
  const info = useSelectionRows(useLiveClock());
  return (
    <Panel title={t('info')} className="info-panel" testId="info-panel">
      {info ? (
        <>
          <div className="info-title">
            <h3 data-testid="info-title">{info.title}</h3>
            <button type="button" className="icon-button" aria-label={t('close')} onClick={() => select(null)}>
              ×
            </button>
          </div>
          <dl className="info-rows">
            {info.rows.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="muted">{t('noSelection')}</p>
      )}
    </Panel>
  );
}
