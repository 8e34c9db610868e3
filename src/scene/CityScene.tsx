import { useEffect } from 'react';
import { Viewer, useCesium } from 'resium';
import type { CameraView } from '../config/citySchema.ts';
import { CameraController } from './CameraController.tsx';
import { LayerHost } from './LayerHost.tsx';
import { offlineBaseLayer, offlineTerrain } from './offlineGlobe.ts';
import { detectRenderQuality, styleScene } from './renderQuality.ts';
import { SceneProbe } from './SceneProbe.tsx';
import { SunController } from './SunController.tsx';

declare global {
  interface Window {
    /** A handle for the browser console and the end-to-end tests; the app itself never reads it. */
    cantonTwin?: { viewer?: unknown; store?: unknown };
  }
}

function SceneSetup() {
  const { viewer, scene } = useCesium();
  useEffect(() => {
    if (!scene || !viewer) return;
    styleScene(scene, detectRenderQuality(scene, new URLSearchParams(window.location.search)));
    window.cantonTwin = { ...window.cantonTwin, viewer };
  }, [scene, viewer]);
  return null;
}

export function CityScene({ initial }: { initial: CameraView }) {
  return (
    <Viewer
      full
      className="city-scene"
      baseLayer={offlineBaseLayer()}
      terrainProvider={offlineTerrain()}
      animation={false}
      timeline={false}
      geocoder={false}
      baseLayerPicker={false}
      homeButton={false}
      sceneModePicker={false}
      navigationHelpButton={false}
      fullscreenButton={false}
      infoBox={false}
      selectionIndicator={false}
      scene3DOnly
      requestRenderMode
      maximumRenderTimeChange={Number.POSITIVE_INFINITY}
      // One sample until the quality guess (SceneSetup) raises it: a first frame at 4× MSAA costs
      // most of a second under software WebGL.
      msaaSamples={1}
    >
      <SceneSetup />
      <CameraController initial={initial} />
      <SunController />
      <SceneProbe />
      <LayerHost />
    </Viewer>
  );
}
