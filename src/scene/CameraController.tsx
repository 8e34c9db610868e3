import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { CameraView } from '../config/citySchema.ts';
import { bindCamera } from './cameraSync.ts';

export function CameraController({ initial }: { initial: CameraView }) {
  const { scene } = useCesium();
  // `initial` comes from boot and never changes; later views arrive as store commands.
  useEffect(() => (scene ? bindCamera(scene, initial) : undefined), [scene, initial]);
  return null;
}
