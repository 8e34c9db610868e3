import type { PrimitiveCollection, Scene } from 'cesium';
import type { SceneLayer } from './layerKind.ts';

/**
 * `destroy()` and `isDestroyed()` for a layer that draws into its own slot: runs the layer's own
 * cleanups (listeners, timers, materials), then removes the slot with everything in it.
 */
export function lifecycle(scene: Scene, root: PrimitiveCollection, ...cleanups: (() => void)[]): Pick<SceneLayer<unknown>, 'destroy' | 'isDestroyed'> {
  let destroyed = false;
  return {
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const cleanup of cleanups) cleanup();
      scene.primitives.remove(root);
      scene.requestRender();
    },
    isDestroyed: () => destroyed,
  };
}
