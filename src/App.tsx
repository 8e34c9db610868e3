import { useEffect, useState } from 'react';
import type { CameraView } from './config/citySchema.ts';
import type { ConfigProblem } from './config/formatIssues.ts';
import { loadConfig } from './config/loadConfig.ts';
import { useT } from './ui/useT.ts';
import { ConfigErrorPage } from './panels/ConfigErrorPage.tsx';
import { InfoPanel } from './panels/InfoPanel.tsx';
import { LayerPanel } from './panels/LayerPanel.tsx';
import { LivePanel } from './panels/LivePanel.tsx';
import { NavControls } from './panels/NavControls.tsx';
import { StatusBar } from './panels/StatusBar.tsx';
import { TopBar } from './panels/TopBar.tsx';
import { CityScene } from './scene/CityScene.tsx';
import { citySchema, loadLayer } from './registry/layerKinds.ts';
import { startControllers } from './controllers/index.ts';
import { applySharedState } from './controllers/hashSync.ts';
import { useAppStore } from './state/store.ts';
import { activeSlot } from './ui/slots.ts';
import { SwipeDivider } from './panels/SwipeDivider.tsx';
import { TourCaption } from './panels/TourCaption.tsx';
import { parseHash } from './state/urlHash.ts';
import { MESSAGES } from './i18n/messages.ts';
import { savedLogin } from './live/liveFeed.ts';
import { WallLayout } from './wall/WallLayout.tsx';

type Boot = { state: 'loading' } | { state: 'error'; file: string; problems: ConfigProblem[] } | { state: 'ready'; initial: CameraView; flyIn: boolean };

/** Loads and validates the config once, then hands the city to the store and the scene. */
function useBoot(): Boot {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  useEffect(() => {
    let cancelled = false;
    let stopSyncs: (() => void) | undefined;
    void loadConfig(window.location, citySchema).then((result) => {
      if (cancelled) return;
      if (!result.ok) {
        if (result.lang) useAppStore.getState().setLang(result.lang);
        return setBoot({ state: 'error', file: result.file, problems: result.problems });
      }
      const store = useAppStore.getState();
      if (result.runtime.lang) store.setLang(result.runtime.lang);
      const { state: fromHash, problems } = parseHash(window.location.hash);
      store.setCity(result.city, result.cityBase, result.runtime, fromHash.visibleLayers);
      if (fromHash.mode === 'flood') {
        store.setMode('flood');
        if (fromHash.visibleLayers) store.setLayerVisibility(fromHash.visibleLayers);
      }
      if (fromHash.whatIfLevelM !== undefined) store.setFlood({ source: 'whatif', whatIfLevelM: fromHash.whatIfLevelM });
      applySharedState(fromHash);
      // A link with only a theme opens its preset; one with a camera or layers shows them as they were.
      if (fromHash.theme) (fromHash.camera || fromHash.visibleLayers ? store.setTheme : store.chooseTheme)(fromHash.theme);
      for (const p of problems) store.notify(p);
      if (result.refusedBroker) store.notify(`${MESSAGES[useAppStore.getState().lang].brokerRefused}: ${result.refusedBroker}`);
      stopSyncs = startControllers();
      const live = {
        // `{hostname}` in the city's broker URL is this page's host, so a LAN touch table finds the broker beside the app.
        mqttUrl: (result.runtime.mqttUrl ?? result.city.mqtt.url).replace('{hostname}', window.location.hostname),
        topicPrefix: result.city.mqtt.topicPrefix,
        sensorFeed: result.runtime.sensorFeed,
        sensorConnections: result.runtime.sensorConnections,
        // An operator who signed in in this tab keeps that login across a reload; else the deployment's viewer login.
        username: savedLogin()?.username ?? result.runtime.mqttUsername,
        password: savedLogin()?.password ?? result.runtime.mqttPassword,
      };
      for (const layer of result.city.layers) {
        void loadLayer(layer, { cityBase: result.cityBase, bounds: result.city.bounds, live }).then((load) => {
          if (!cancelled) useAppStore.getState().setLayerLoad(layer.id, load);
        });
      }
      // A shared link opens where it points; a first visit flies in (the kiosk's tour moves on its own).
      setBoot({ state: 'ready', initial: fromHash.camera ?? result.city.home, flyIn: !fromHash.camera && !result.runtime.kiosk });
    });
    return () => {
      cancelled = true;
      stopSyncs?.();
    };
  }, []);
  return boot;
}

/** The layer panel, or a domain's panel in its place (src/ui/slots.ts: the planner while open). */
function LeftPanel() {
  const slot = useAppStore((s) => activeSlot('left', s));
  return slot ? slot.render() : <LayerPanel />;
}

/** The live panel, or a domain's panel in its place (the flood view's). */
function RightPanel() {
  const slot = useAppStore((s) => activeSlot('right', s));
  return slot ? slot.render() : <LivePanel />;
}

export function App() {
  const t = useT();
  const boot = useBoot();
  const wall = useAppStore((s) => s.runtime?.screen === 'wall');
  if (boot.state === 'loading') return <p className="boot-message">{t('loadingCity')}</p>;
  if (boot.state === 'error') return <ConfigErrorPage file={boot.file} problems={boot.problems} />;
  if (wall) return <WallLayout initial={boot.initial} />;
  return (
    <div className="app">
      <CityScene initial={boot.initial} flyIn={boot.flyIn} />
      <TopBar />
      <LeftPanel />
      <InfoPanel />
      <RightPanel />
      <NavControls />
      <SwipeDivider />
      <TourCaption />
      <StatusBar />
    </div>
  );
}
