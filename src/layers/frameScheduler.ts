/**
 * Frames for a scene that renders on demand, shared by its layers (one scheduler per scene):
 *
 * - `keepDrawing(n, then)`: a new texture or table becomes a GPU upload during one frame and
 *   shows in a later one, so a layer asks for `n` more frames and is told when they are drawn.
 * - `requestPaced()`: live data asks for a frame, paced by how long the last one took to arrive,
 *   so that on slow GPUs (software WebGL, weak touch tables) decoding keeps its share of the CPU.
 */
import type { Scene } from 'cesium';

/**
 * Frames to draw after a label's text changes: its new glyphs are added to the labels' texture
 * atlas in a later frame, and a scene that renders on demand would otherwise show the gaps (seen:
 * "2 94人") until something else asks for a frame.
 */
export const GLYPH_FRAMES = 4;

/** Whether any of `texts` holds a character not in `seen` (which it adds): only then do labels wait on the atlas. */
export function hasNewGlyphs(seen: Set<string>, texts: Iterable<string>): boolean {
  let found = false;
  for (const text of texts) {
    for (const ch of text) {
      if (seen.has(ch)) continue;
      seen.add(ch);
      found = true;
    }
  }
  return found;
}

/** Frames slower than this make paced requests wait as long again before the next. */
const FRAME_BUDGET_MS = 25;

export interface FrameScheduler {
  keepDrawing(frames: number, then?: () => void): void;
  requestPaced(): void;
}

interface SceneFrames extends FrameScheduler {
  users: number;
  destroy(): void;
}

const schedulers = new WeakMap<Scene, SceneFrames>();

function createScheduler(scene: Scene): SceneFrames {
  let framesLeft = 0;
  let thens: (() => void)[] = [];
  let requestedAt = 0;
  let nextAllowed = 0;
  let paceTimer: ReturnType<typeof setTimeout> | undefined;
  const requestPaced = (): void => {
    if (requestedAt || paceTimer) return;
    const wait = nextAllowed - performance.now();
    if (wait > 0) {
      paceTimer = setTimeout(() => {
        paceTimer = undefined;
        requestPaced();
      }, wait);
      return;
    }
    requestedAt = performance.now();
    scene.requestRender();
  };
  const removePostRender = scene.postRender.addEventListener(() => {
    if (requestedAt) {
      const now = performance.now();
      nextAllowed = now + Math.max(0, now - requestedAt - FRAME_BUDGET_MS);
      requestedAt = 0;
    }
    if (framesLeft === 0) return;
    if (--framesLeft > 0) return scene.requestRender();
    const done = thens;
    thens = [];
    for (const then of done) then();
  });
  return {
    users: 0,
    keepDrawing(frames, then) {
      framesLeft = Math.max(framesLeft, frames);
      if (then) thens.push(then);
      scene.requestRender();
    },
    requestPaced,
    destroy() {
      clearTimeout(paceTimer);
      removePostRender();
    },
  };
}

/** The scene's scheduler, and a release to call on destroy (the last release removes it). */
export function frameScheduler(scene: Scene): { frames: FrameScheduler; release: () => void } {
  let s = schedulers.get(scene);
  if (!s) {
    s = createScheduler(scene);
    schedulers.set(scene, s);
  }
  s.users++;
  const shared = s;
  let released = false;
  return {
    frames: shared,
    release: () => {
      if (released) return;
      released = true;
      if (--shared.users === 0) {
        shared.destroy();
        schedulers.delete(scene);
      }
    },
  };
}
