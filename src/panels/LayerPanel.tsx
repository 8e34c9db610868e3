import { pickText } from '../i18n/messages.ts';
import { useT } from '../ui/useT.ts';
import { useAppStore } from '../state/store.ts';
import { layerKind } from '../registry/layerKinds.ts';
import { Panel } from './Panel.tsx';
import type { LayerConfig } from '../config/citySchema.ts';

/** A spinner while the layer loads, or while its kind says it is still at work (tiles streaming). */
function LayerSpinner({ layer }: { layer: LayerConfig }) {
  const busy = useAppStore((s) => s.layerLoad[layer.id]?.state === 'loading' || (layerKind(layer.kind).busy?.(s) ?? false));
  return busy ? <span className="spinner" role="progressbar" aria-label={layer.id} /> : null;
}

export function LayerPanel() {
  const t = useT();
  const city = useAppStore((s) => s.city);
  const lang = useAppStore((s) => s.lang);
  const visible = useAppStore((s) => s.layerVisible);
  const load = useAppStore((s) => s.layerLoad);
  const setVisible = useAppStore((s) => s.setLayerVisible);
  if (!city) return null;
  return (
    <Panel title={t('layers')} className="layer-panel" testId="layer-panel">
      <ul className="layer-list">
        {city.layers.map((layer) => {
          const state = load[layer.id];
          const { Controls } = layerKind(layer.kind);
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
                <LayerSpinner layer={layer} />
              </label>
              {layer.source && <p className="layer-source">{layer.source}</p>}
              {Controls && visible[layer.id] && <Controls layerId={layer.id} />}
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
