import { pickText } from '../i18n/messages.ts';
import { useT } from './useT.ts';
import { useAppStore } from '../state/store.ts';
import { BuildingControls } from './BuildingControls.tsx';
import { GridControls } from './GridControls.tsx';
import { SensorLegend } from './SensorLegend.tsx';
import { Panel } from './Panel.tsx';

export function LayerPanel() {
  const t = useT();
  const city = useAppStore((s) => s.city);
  const lang = useAppStore((s) => s.lang);
  const visible = useAppStore((s) => s.layerVisible);
  const load = useAppStore((s) => s.layerLoad);
  const setVisible = useAppStore((s) => s.setLayerVisible);
  const modelPending = useAppStore((s) => s.scene.modelPending);
  if (!city) return null;
  return (
    <Panel title={t('layers')} className="layer-panel" testId="layer-panel">
      <ul className="layer-list">
        {city.layers.map((layer) => {
          const state = load[layer.id];
          const rejected = state?.state === 'ready' ? Object.values(state.report.rejected).reduce<number>((a, b) => a + (b ?? 0), 0) : 0;
          return (
            <li key={layer.id}>
              <label className="toggle">
                <input
                  type="checkbox"
                  data-layer={layer.id}
                  checked={visible[layer.id] ?? false}
                  onChange={(e) => setVisible(layer.id, e.target.checked)}
                />
                <span className="toggle-track" aria-hidden="true" />
                <span className="toggle-label">{pickText(layer.title, lang)}</span>
                {(state?.state === 'loading' || (layer.kind === 'buildings' && modelPending > 0)) && <span className="spinner" role="progressbar" aria-label={layer.id} />}
              </label>
              {layer.source && <p className="layer-source">{layer.source}</p>}
              {layer.kind === 'buildings' && visible[layer.id] && <BuildingControls />}
              {layer.kind === 'grid' && visible[layer.id] && <GridControls layerId={layer.id} />}
              {layer.kind === 'sensors' && visible[layer.id] && <SensorLegend />}
              {state?.state === 'error' && (
                <p className="layer-error" role="alert">
                  {t('layerError')}: {state.message}
                </p>
              )}
              {rejected > 0 && state?.state === 'ready' && (
                <p className="layer-warning" title={state.report.examples.join('\n')}>
                  {t('rejected')} {rejected}: {state.report.examples[0]}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
