import { useState } from 'react';
import { useT } from '../../ui/useT.ts';
import { readyLayerId, useAppStore } from '../../state/store.ts';
import { type CompareMode } from './proposalsSlice.ts';
import { glbBox } from './glbBox.ts';
import { Segmented } from '../../ui/Segmented.tsx';

const COMPARE: CompareMode[] = ['none', 'proposed', 'style'];
const HEIGHT_MAX_M = 400;

/**
 * The planner's proposals: extrude the active area to a height or place a GLB model by tap (with
 * heading and scale), the demolition set of existing buildings they replace, and the compare view.
 */
export function ProposalsTab({ onSunlight }: { onSunlight: (buildingId: string) => void }) {
  const t = useT();
  const p = useAppStore((s) => s.proposals);
  const shapes = useAppStore((s) => s.planner.shapes);
  const active = useAppStore((s) => s.planner.active);
  const selection = useAppStore((s) => s.selection);
  const buildingsLayer = useAppStore((s) => readyLayerId(s, 'buildings'));
  const extrude = useAppStore((s) => s.extrude);
  const setProposals = useAppStore((s) => s.setProposals);
  const updateProposed = useAppStore((s) => s.updateProposed);
  const removeProposed = useAppStore((s) => s.removeProposed);
  const toggleDemolished = useAppStore((s) => s.toggleDemolished);
  const notify = useAppStore((s) => s.notify);
  const [height, setHeight] = useState(120);
  const area = shapes.find((s) => s.id === active && s.geometry.type === 'Polygon');
  const selectedBuilding = selection && selection.layerId === buildingsLayer ? selection.featureId : null;

  const readModel = async (file: File): Promise<void> => {
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      setProposals({ placing: { name: file.name, bytes, box: glbBox(bytes) } });
    } catch (e) {
      notify(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div className="proposals-tab" data-testid="proposals-tab">
      <h3 className="panel-subtitle">{t('proposeBuilding')}</h3>
      <label className="what-if">
        <span>
          {t('extrudeHeight')} <strong data-testid="extrude-height-value">{height} m</strong>
        </span>
        <input type="range" data-testid="extrude-height" min={5} max={HEIGHT_MAX_M} step={5} value={height} onChange={(e) => setHeight(Number(e.target.value))} />
      </label>
      <div className="button-row">
        <button
          type="button"
          data-testid="extrude"
          disabled={!area}
          onClick={() => area?.geometry.type === 'Polygon' && extrude(area.geometry.coordinates[0]!.slice(0, -1).map((q) => [q[0]!, q[1]!] as [number, number]), height)}
        >
          {t('extrudeArea')}
        </button>
        <label className="file-button">
          {t('importModel')}
          <input type="file" accept=".glb,model/gltf-binary" data-testid="import-model" onChange={(e) => e.target.files?.[0] && void readModel(e.target.files[0])} />
        </label>
      </div>
      {!area && <p className="muted small">{t('extrudeHint')}</p>}
      {p.placing && (
        <p className="progress-line" role="status" data-testid="placing-hint">
          {t('placeHint')} · {p.placing.name}{' '}
          <button type="button" onClick={() => setProposals({ placing: null })}>
            {t('cancel')}
          </button>
        </p>
      )}
      {p.proposed.length > 0 && (
        <ul className="proposal-list" data-testid="proposal-list">
          {p.proposed.map((b) => (
            <li key={b.id}>
              <div className="proposal-head">
                <strong>{b.id}</strong>
                <span className="small">{b.model ? b.model.name : t('extruded')}</span>
                <span className="small">{Math.round(b.height)} m</span>
                <button type="button" data-testid={`sun-${b.id}`} onClick={() => onSunlight(b.id)}>
                  {t('sunlightShort')}
                </button>
                <button type="button" className="icon-button" aria-label={`${t('delete')} ${b.id}`} onClick={() => removeProposed(b.id)}>
                  ×
                </button>
              </div>
              {b.model ? (
                <>
                  <label className="what-if">
                    <span>
                      {t('heading')} <strong>{Math.round(b.model.heading)}°</strong>
                    </span>
                    <input type="range" min={0} max={359} step={1} value={b.model.heading} onChange={(e) => updateProposed(b.id, { heading: Number(e.target.value) })} />
                  </label>
                  <label className="what-if">
                    <span>
                      {t('scale')} <strong>×{b.model.scale.toFixed(2)}</strong>
                    </span>
                    <input type="range" min={-2} max={2} step={0.05} value={Math.log2(b.model.scale)} onChange={(e) => updateProposed(b.id, { scale: 2 ** Number(e.target.value) })} />
                  </label>
                  {!p.models[b.id] && <p className="muted small">{t('modelNotHere')}</p>}
                </>
              ) : (
                <label className="what-if">
                  <span>{t('height')}</span>
                  <input type="range" data-testid={`height-${b.id}`} min={5} max={HEIGHT_MAX_M} step={5} value={b.height} onChange={(e) => updateProposed(b.id, { height: Number(e.target.value) })} />
                </label>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3 className="panel-subtitle">{t('demolition')}</h3>
      <div className="button-row">
        <button type="button" data-testid="demolish" disabled={!selectedBuilding} onClick={() => selectedBuilding && toggleDemolished(selectedBuilding)}>
          {selectedBuilding && p.demolished.includes(selectedBuilding) ? t('restoreSelected') : t('demolishSelected')}
        </button>
      </div>
      {!selectedBuilding && p.demolished.length === 0 && <p className="muted small">{t('demolishHint')}</p>}
      {p.demolished.length > 0 && (
        <ul className="shape-list" data-testid="demolished-list">
          {p.demolished.map((id) => (
            <li key={id}>
              <span>{id}</span>
              <button type="button" className="icon-button" aria-label={`${t('restore')} ${id}`} onClick={() => toggleDemolished(id)}>
                ↺
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3 className="panel-subtitle">{t('compare')}</h3>
      <Segmented role="radio" label={t('compare')} options={COMPARE} value={p.compare} onChange={(mode) => setProposals({ compare: mode })} attrs={(mode) => ({ 'data-testid': `compare-${mode}` })}>
        {(mode) => t(`compare_${mode}`)}
      </Segmented>
      {p.compare !== 'none' && <p className="muted small">{t(p.compare === 'proposed' ? 'compareProposedHint' : 'compareStyleHint')}</p>}
    </div>
  );
}
