import { Color, type Scene } from 'cesium';

/**
 * Software WebGL (SwiftShader, llvmpipe) draws a Cesium frame in hundreds of milliseconds, so on
 * such devices the viewer drops MSAA, atmosphere and fog. A URL parameter `quality=low|high`
 * overrides the guess.
 */
export type RenderQuality = 'high' | 'low';

/**
 * Guesses from the scene's own WebGL context: asking a canvas for the context type it already has
 * returns that context, so no second context is made (that alone cost ~0.35 s under SwiftShader).
 */
export function detectRenderQuality(scene: Scene, search: URLSearchParams): RenderQuality {
  const forced = search.get('quality');
  if (forced === 'low' || forced === 'high') return forced;
  const gl = scene.canvas.getContext('webgl2') ?? scene.canvas.getContext('webgl');
  if (!gl) return 'low';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|software/i.test(renderer) ? 'low' : 'high';
}

/** The look of the globe under the city's basemap, and the cuts that software rendering needs. */
export function styleScene(scene: Scene, quality: RenderQuality): void {
  scene.globe.baseColor = Color.fromCssColorString('#0b1a2b');
  scene.backgroundColor = Color.fromCssColorString('#050b14');
  // A darker, greyer globe lets the city's own basemap and data layers carry the picture.
  const base = scene.imageryLayers.get(0);
  if (base) {
    base.brightness = 0.6;
    base.saturation = 0.5;
  }
  scene.msaaSamples = quality === 'low' ? 1 : 4;
  if (quality === 'low') {
    scene.fog.enabled = false;
    scene.globe.showGroundAtmosphere = false;
    if (scene.skyAtmosphere) scene.skyAtmosphere.show = false;
  }
  scene.requestRender();
}
