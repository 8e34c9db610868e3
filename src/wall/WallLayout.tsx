import { Fragment, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CameraView } from '../config/citySchema.ts';
import { useRenderMark } from '../perf/marks.ts';
import { CityScene } from '../scene/CityScene.tsx';
import { useAppStore } from '../state/store.ts';
import { StatusBar } from '../panels/StatusBar.tsx';
import { slotsOf, type WallPlace } from '../ui/slots.ts';
import { useT } from '../ui/useT.ts';

/** The wall's clock, ticking in the DOM. */
function Clock() {
  const lang = useAppStore((s) => s.lang);
  const el = useRef<HTMLTimeElement>(null);
  useEffect(() => {
    const tick = (): void => {
      if (el.current) el.current.textContent = new Date().toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'medium' });
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [lang]);
  return <time className="wall-clock" ref={el} />;
}

/** What the domains put in one place of the wall (src/ui/slots.ts), in order. */
function Slots({ place }: { place: WallPlace }) {
  // A place's slots are fixed once the modules load, so their index is a stable key.
  return slotsOf(place).map((slot, i) => <Fragment key={i}>{slot.render()}</Fragment>);
}

const DATA = slotsOf('wall-data');

/** The wall element's attributes that the domains set (the theme on show, say), for the tests and the styles. */
function useWallData(): Record<`data-${string}`, string> {
  const values = useAppStore(useShallow((s) => DATA.map((d) => d.value(s))));
  return Object.fromEntries(DATA.map((d, i) => [d.name, values[i]!]));
}

/**
 * The one-screen layout for display walls (一屏统管): the 3D city in the centre between two
 * columns, a header and a bar along the bottom. The domains fill them through the wall's slots
 * (src/ui/slots.ts); the frame keeps the title, the language switch, the clock and the city.
 */
export function WallLayout({ initial }: { initial: CameraView }) {
  useRenderMark('WallLayout');
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const setLang = useAppStore((s) => s.setLang);
  const data = useWallData();
  return (
    <div className="app wall" data-testid="wall" {...data}>
      <header className="wall-head">
        <h1 data-testid="app-title">
          {t('wallTitle')}
          <Slots place="wall-title" />
        </h1>
        <Slots place="wall-head" />
        <div className="wall-actions">
          <Slots place="wall-actions" />
          <button type="button" data-testid="lang-switch" aria-label={t('languageLabel')} onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}>
            {t('language')}
          </button>
          <Clock />
        </div>
      </header>
      <aside className="wall-column wall-left">
        <Slots place="wall-left" />
      </aside>
      <main className="wall-scene">
        <CityScene initial={initial} />
        <StatusBar />
      </main>
      <aside className="wall-column wall-right">
        <Slots place="wall-right" />
      </aside>
      <footer className="wall-foot">
        <Slots place="wall-foot" />
      </footer>
      <Slots place="wall-overlay" />
    </div>
  );
}
