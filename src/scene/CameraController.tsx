import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { CameraView } from '../config/citySchema.ts';
import { bindCamera } from './cameraSync.ts';

export function CameraController({ initial, flyIn }: { initial: CameraView; flyIn: boolean }) {
  const { scene } = useCesium();
  // `initial` comes from boot and never changes; later views arrive as store commands.
  useEffect(() => (scene ? bindCamera(scene, initial, flyIn) : undefined), [scene, initial, flyIn]);
  return null;
}
