import { useEffect, useMemo } from 'react';
import { Viewer, useCesium } from 'resium';
import type { CameraView } from '../config/citySchema.ts';
import { CameraController } from './CameraController.tsx';
import { LayerHost } from './LayerHost.tsx';
import { offlineBaseLayer, offlineTerrain } from './offlineGlobe.ts';
import { detectRenderQuality, styleScene, type RenderQuality } from './renderQuality.ts';
import { SceneProbe } from './SceneProbe.tsx';

declare global {
  interface Window {
    /** A handle for the browser console and the end-to-end tests; the app itself never reads it. */
    cantonTwin?: { viewer?: unknown; store?: unknown };
  }
}

function SceneSetup({ quality }: { quality: RenderQuality }) {
  const { viewer, scene } = useCesium();
  useEffect(() => {
    if (!scene || !viewer) return;
    styleScene(scene, quality);
    window.cantonTwin = { ...window.cantonTwin, viewer };
  }, [scene, viewer, quality]);
  return null;
}

export function CityScene({ initial }: { initial: CameraView }) {
  const quality = useMemo(() => detectRenderQuality(new URLSearchParams(window.location.search)), []);
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
      msaaSamples={quality === 'low' ? 1 : 4}
      {...(quality === 'low' ? { skyAtmosphere: false as const } : {})}
    >
      <SceneSetup quality={quality} />
      <CameraController initial={initial} />
      <SceneProbe />
      <LayerHost />
    </Viewer>
  );
}
