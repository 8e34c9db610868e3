import { useEffect, useState } from 'react';
import { layerKind } from '../registry/layerKinds.ts';
import { useAppStore } from '../state/store.ts';
import { InfoContent } from '../ui/InfoContent.tsx';
import { useT } from '../ui/useT.ts';
import { Panel } from './Panel.tsx';
import { activeSlot } from '../ui/slots.ts';

/**
 * The time, refreshed once a second while a feature of a live kind is selected: its reading and
 * staleness change without any store update.
 */
function useInfoClock(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** The selected feature's details, as its layer kind shows them. */
export function InfoPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const selection = useAppStore((s) => s.selection);
  const load = useAppStore((s) => (s.selection ? s.layerLoad[s.selection.layerId] : undefined));
  const ready = load?.state === 'ready' ? load : null;
  const kind = ready ? layerKind(ready.data.kind) : null;
  const now = useInfoClock(kind?.liveInfo === true);
  const Info = kind?.Info;
  // A domain's section (src/ui/slots.ts: an open panorama, a case) needs the height: the panel then
  // runs down over the live panel. With a section and nothing picked, the hint to tap is no news.
  const section = useAppStore((s) => activeSlot('info', s));
  return (
    <Panel title={t('info')} className={section ? 'info-panel info-panel-tall' : 'info-panel'} testId="info-panel">
      {selection && ready && Info ? <Info key={selection.layerId} selection={selection} data={ready.data} now={now} t={t} lang={lang} /> : !section && <InfoContent info={null} />}
      {section?.render()}
    </Panel>
  );
}
