import type { Look } from '../../legend/look.ts';
import type { CameraView } from '../../config/citySchema.ts';
import type { AppSlice } from './appSlice.ts';

export type CameraCommand = { kind: 'home' } | { kind: 'zoomIn' } | { kind: 'zoomOut' } | { kind: 'north' } | { kind: 'view'; view: CameraView };

export interface SceneStatus {
  /** Frames drawn in the last second; the scene renders on demand, so 0 means idle. */
  fps: number;
  tilesPending: number;
  /** Largest queue seen since the queue was last empty: the denominator of the progress bar. */
  tilesPeak: number;
  /** 3D Tiles requested or processing, across tilesets. */
  modelPending: number;
  modelPeak: number;
}

/** The camera, the scene's health and the sun: what the 3D view reports and is told. */
export interface SceneSlice {
  /** The camera as the scene last reported it, after a move ended. */
  camera: CameraView | null;
  /** Heading in degrees, updated while the camera turns, for the compass. */
  heading: number;
  cameraCommand: { command: CameraCommand; seq: number } | null;
  scene: SceneStatus;
  /** The moment the sun stands at (ms since epoch), and whether buildings cast shadows. */
  sun: { at: number; shadows: boolean };
  look: Look;
  cameraSettled: (view: CameraView) => void;
  setHeading: (heading: number) => void;
  commandCamera: (command: CameraCommand) => void;
  setSceneStatus: (status: Partial<SceneStatus>) => void;
  setSun: (sun: Partial<SceneSlice['sun']>) => void;
  setLook: (look: Look) => void;
}

export const createSceneSlice: AppSlice<SceneSlice> = (set) => ({
  camera: null,
  heading: 0,
  cameraCommand: null,
  scene: { fps: 0, tilesPending: 0, tilesPeak: 0, modelPending: 0, modelPeak: 0 },
  sun: { at: Date.now(), shadows: false },
  look: 'dark',
  cameraSettled: (camera) => set({ camera, heading: camera.heading }),
  setHeading: (heading) => set({ heading }),
  commandCamera: (command) => set((s) => ({ cameraCommand: { command, seq: (s.cameraCommand?.seq ?? 0) + 1 } })),
  setSceneStatus: (status) => set((s) => ({ scene: { ...s.scene, ...status } })),
  setSun: (sun) => set((s) => ({ sun: { ...s.sun, ...sun } })),
  setLook: (look) => set({ look }),
});
