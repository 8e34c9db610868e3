import { Cartesian3, Cartographic, Math as CesiumMath, type Camera, type Scene } from 'cesium';
import type { CameraView } from '../config/citySchema.ts';
import { useAppStore, type CameraCommand } from '../state/store.ts';
import { reducedMotion } from '../ui/motion.ts';
import { PERF_MARKS } from '../perf/marks.ts';

/**
 * The fly-in on first load: from high over the city, looking straight down, to the home view, so
 * that a visitor sees where the view is before it settles. Seconds, and the start's height.
 */
const FLY_IN_S = 3.2;
const FLY_IN_FROM_M = 90_000;

export function readCamera(camera: Camera): CameraView {
  const c = Cartographic.fromCartesian(camera.positionWC);
  return {
    lon: CesiumMath.toDegrees(c.longitude),
    lat: CesiumMath.toDegrees(c.latitude),
    height: c.height,
    heading: CesiumMath.toDegrees(camera.heading) % 360,
    pitch: CesiumMath.toDegrees(camera.pitch),
  };
}

function destination(view: CameraView) {
  return {
    destination: Cartesian3.fromDegrees(view.lon, view.lat, view.height),
    orientation: { heading: CesiumMath.toRadians(view.heading), pitch: CesiumMath.toRadians(view.pitch), roll: 0 },
  };
}

function runCommand(camera: Camera, command: CameraCommand, home: CameraView | undefined): void {
  const height = Cartographic.fromCartesian(camera.positionWC).height;
  switch (command.kind) {
    case 'home':
      if (home) camera.flyTo({ ...destination(home), duration: 1.5 });
      return;
    case 'view':
      camera.setView(destination(command.view));
      break;
    case 'zoomIn':
      camera.zoomIn(height * 0.4);
      break;
    case 'zoomOut':
      camera.zoomOut(height * 0.6);
      break;
    case 'north':
      camera.flyTo({ ...destination({ ...readCamera(camera), heading: 0 }), duration: 0.6 });
      return;
  }
  // setView and zoom move at once and fire no moveEnd.
  useAppStore.getState().cameraSettled(readCamera(camera));
}

/**
 * Binds the Cesium camera to the store both ways: commands from the store move the camera, and
 * the camera reports where it settled (for the URL) and where it points (for the compass).
 * The scene is driven by state; panels only ever dispatch commands.
 */
export function bindCamera(scene: Scene, initial: CameraView, flyIn = false): () => void {
  const camera = scene.camera;
  if (flyIn && !reducedMotion()) {
    camera.setView(destination({ ...initial, height: FLY_IN_FROM_M, pitch: -90 }));
    // Settles (moveEnd) at the home view; a gesture or a command on the way cancels the flight.
    camera.flyTo({ ...destination(initial), duration: FLY_IN_S, complete: () => performance.mark(PERF_MARKS.flyInDone) });
    // The link names where the flight ends, not where it starts.
    useAppStore.getState().cameraSettled(initial);
  } else {
    camera.setView(destination(initial));
    useAppStore.getState().cameraSettled(readCamera(camera));
  }
  // Fire `changed` on small turns too, so the compass needle follows the gesture.
  camera.percentageChanged = 0.001;
  const removeMoveEnd = camera.moveEnd.addEventListener(() => useAppStore.getState().cameraSettled(readCamera(camera)));
  const removeChanged = camera.changed.addEventListener(() => {
    const heading = Math.round(CesiumMath.toDegrees(camera.heading));
    if (heading !== useAppStore.getState().heading) useAppStore.getState().setHeading(heading);
  });
  const unsubscribe = useAppStore.subscribe((state, prev) => {
    const cmd = state.cameraCommand;
    if (!cmd || cmd === prev.cameraCommand) return;
    runCommand(camera, cmd.command, state.city?.home);
    scene.requestRender();
  });
  return () => {
    removeMoveEnd();
    removeChanged();
    unsubscribe();
  };
}
