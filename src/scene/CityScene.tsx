import { useEffect } from 'react';
import { Viewer, useCesium } from 'resium';
import type { CameraView } from '../config/citySchema.ts';
import { CameraController } from './CameraController.tsx';
import { LayerHost } from './LayerHost.tsx';
import { offlineBaseLayer, offlineTerrain } from './offlineGlobe.ts';
import { applyRenderQuality, detectRenderQuality, forcedRenderQuality } from './renderQuality.ts';
import { LookController } from './LookController.tsx';
import { SceneProbe } from './SceneProbe.tsx';
import { SunController } from './SunController.tsx';
import { SplitController } from './SplitController.tsx';

function SceneSetup() {
  const { viewer, scene } = useCesium();
  useEffect(() => {
    if (!scene || !viewer) return;
    window.cantonTwin = { ...window.cantonTwin, viewer };
    const forced = forcedRenderQuality(new URLSearchParams(window.location.search));
    applyRenderQuality(scene, forced ?? 'low');
    if (forced) return;
    // Start low and raise the quality once the page is idle: the renderer query blocks this
    // thread until the GPU has caught up, most of a second during start-up under software WebGL,
    // and a GPU answers it at once later as well.
    const raise = (): void => {
      if (!scene.isDestroyed()) applyRenderQuality(scene, detectRenderQuality(scene));
    };
    if ('requestIdleCallback' in window) {
      const handle = requestIdleCallback(raise, { timeout: 5000 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(raise, 2000);
    return () => clearTimeout(timer);
  }, [scene, viewer]);
  return null;
}

/** `flyIn`: arrive at `initial` from high over the city (a first load with no view in the link). */
export function CityScene({ initial, flyIn = false }: { initial: CameraView; flyIn?: boolean }) {
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
      // A plain dark sky: the star box is six large images to fetch and upload, and the moon one
      // more, for nothing a city operator looks at.
      skyBox={false}
      requestRenderMode
      maximumRenderTimeChange={Number.POSITIVE_INFINITY}
      // One sample until the quality guess (SceneSetup) raises it: a first frame at 4× MSAA costs
      // most of a second under software WebGL.
      msaaSamples={1}
    >
      <SceneSetup />
      <CameraController initial={initial} flyIn={flyIn} />
      <SunController />
      <LookController />
      <SplitController />
      <SceneProbe />
      <LayerHost />
    </Viewer>
  );
}
