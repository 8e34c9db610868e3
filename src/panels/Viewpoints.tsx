import { useState } from 'react';
import { useT } from '../ui/useT.ts';
import { useAppStore } from '../state/store.ts';
import { readHashValues } from '../state/urlHash.ts';

/** Named viewpoints: save the current view, fly back to it with one tap (layers and the planner's proposals included). */
export function Viewpoints() {
  const t = useT();
  const viewpoints = useAppStore((s) => s.viewpoints);
  const save = useAppStore((s) => s.saveViewpoint);
  const remove = useAppStore((s) => s.deleteViewpoint);
  const [name, setName] = useState('');
  const go = (i: number): void => {
    const v = viewpoints[i]!;
    const store = useAppStore.getState();
    store.setLayerVisibility(v.layers);
    // A viewpoint saved with proposals brings them back; one without leaves the current plan.
    if (v.plan) store.setProposals({ proposed: readHashValues({ prop: v.plan.prop }).state.proposed ?? [], demolished: v.plan.demo });
    store.commandCamera({ kind: 'view', view: v.camera });
  };
  return (
    <div className="viewpoints">
      <h3 className="panel-subtitle">{t('viewpoints')}</h3>
      <form
        className="button-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save(name.trim());
          setName('');
        }}
      >
        <input className="text-input" data-testid="viewpoint-name" value={name} placeholder={t('viewpointName')} aria-label={t('viewpointName')} onChange={(e) => setName(e.target.value)} />
        <button type="submit" data-testid="viewpoint-save" disabled={!name.trim()}>
          {t('save')}
        </button>
      </form>
      <ul className="shape-list" data-testid="viewpoint-list">
        {viewpoints.map((v, i) => (
          <li key={v.name}>
            <button type="button" onClick={() => go(i)}>
              {v.name}
            </button>
            <button type="button" className="icon-button" aria-label={`${t('delete')} ${v.name}`} onClick={() => remove(v.name)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
