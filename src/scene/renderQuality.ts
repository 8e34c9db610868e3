import type { Scene } from 'cesium';

/**
 * Software WebGL (SwiftShader, llvmpipe) draws a Cesium frame in hundreds of milliseconds, so on
 * such devices the viewer drops MSAA, atmosphere and fog. A URL parameter `quality=low|high`
 * overrides the guess.
 */
export type RenderQuality = 'high' | 'low';

/**
 * Guesses from the scene's own WebGL context: asking a canvas for the context type it already has
 * returns that context, so no second context is made (that alone cost ~0.35 s under SwiftShader).
 * The renderer query waits until the GPU has done all the work queued before it.
 */
export function detectRenderQuality(scene: Scene): RenderQuality {
  const gl = scene.canvas.getContext('webgl2') ?? scene.canvas.getContext('webgl');
  if (!gl) return 'low';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|software/i.test(renderer) ? 'low' : 'high';
}

export function forcedRenderQuality(search: URLSearchParams): RenderQuality | null {
  const forced = search.get('quality');
  return forced === 'low' || forced === 'high' ? forced : null;
}

/** What software rendering cannot afford, and a GPU can. */
export function applyRenderQuality(scene: Scene, quality: RenderQuality): void {
  const high = quality === 'high';
  scene.msaaSamples = high ? 4 : 1;
  scene.fog.enabled = high;
  scene.globe.showGroundAtmosphere = high;
  if (scene.skyAtmosphere) scene.skyAtmosphere.show = high;
  scene.requestRender();
}
