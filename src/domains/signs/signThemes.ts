import { liveFeed } from '../../live/liveFeed.ts';
import { readyLayerData, readyLayerId, useAppStore, type AppState } from '../../state/store.ts';

/** The district a selection filters the wall to: a tapped district, or the district of a tapped cell. */
function drillDown(s: AppState): Parameters<AppState['setDrillDown']> {
  const sel = s.selection;
  if (!sel) return [null, null];
  if (sel.layerId === readyLayerId(s, 'districts')) return [sel.featureId, null];
  const details = s.cellDetails;
  if (sel.layerId !== readyLayerId(s, 'grid') || !details || details.id !== sel.featureId) return [null, null];
  // Cell ids start with their district's adcode (440105-1021).
  const district = /^\d{6}/.exec(details.id)?.[0] ?? null;
  const table = readyLayerData(s, 'sensors')?.table;
  let sensors = 0;
  let deepest = 0;
  if (table) {
    table.registry.props.forEach((p, i) => {
      if (p.cell !== details.id) return;
      sensors++;
      if (p.kind === 'waterlogging' && table.ts[i]! > 0) deepest = Math.max(deepest, table.value[i]!);
    });
  }
  const openAlarms = s.alerts.filter((a) => a.cell === details.id && !a.shelf && !a.outOfService).length;
  return [district, { cell: details.id, values: { 'cell-sensors': sensors, 'cell-open-alarms': openAlarms, 'cell-max-waterlogging': deepest, 'cell-buildings': details.buildingCount, 'cell-floor-area': Math.round(details.floorArea) } }];
}

/** A tapped theme's preset: its layers, grid statistic and camera. */
function applyTheme(s: AppState): void {
  const theme = s.signs?.catalogue.themes.find((t) => t.id === s.theme);
  if (!theme) return;
  const { preset } = theme;
  s.setLayerVisibility(preset.layers);
  s.setGridMetric(preset.gridMetric);
  s.commandCamera({ kind: 'view', view: preset.camera });
}

/**
 * The vital signs and their themes. Once the live feed and the districts are in, asks the feed
 * for the city's catalogue (a district-level sign has a series per district). A theme chosen by
 * a tap applies its preset: the layers it shows, its grid statistic and its camera; its key
 * figures follow from the theme itself.
 */
export function startSignThemes(): () => void {
  let requested = false;
  const request = (s: AppState): void => {
    if (requested || !s.city?.signs) return;
    const districts = readyLayerData(s, 'districts');
    if (!districts || !readyLayerData(s, 'sensors')) return;
    requested = true;
    liveFeed().send({ type: 'signs', catalogueUrl: new URL(s.city.signs, s.cityBase).href, districts: districts.features.map((f) => f.properties.adcode) });
    s.setSignDistricts(districts.features.map((f) => ({ adcode: f.properties.adcode, name: { zh: f.properties.nameZh, en: f.properties.nameEn } })));
  };
  request(useAppStore.getState());
  return useAppStore.subscribe((s, prev) => {
    if (s.layerLoad !== prev.layerLoad) request(s);
    if (s.selection !== prev.selection || s.cellDetails !== prev.cellDetails || (s.cellDetails && s.alerts !== prev.alerts)) s.setDrillDown(...drillDown(s));
    // A theme tapped before the catalogue arrived applies once it is in.
    if (s.themeSeq !== prev.themeSeq || (s.signs && !prev.signs && s.themeSeq > 0)) applyTheme(s);
  });
}
