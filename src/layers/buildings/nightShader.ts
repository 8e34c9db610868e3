import { CustomShader, LightingModel, UniformType, VaryingType } from 'cesium';

/**
 * The dark look's buildings, drawn by one CustomShader on the tileset. The style's colour comes in
 * as the material (the tileset blends it with REPLACE), so the legend's classes still hold; the
 * shader only lights it:
 * - a fixed key light from the south-east and a sky light on the roofs, so the model reads the
 *   same at any hour of the sun (it is unlit by Cesium's sun);
 * - a height gradient: facades darken towards their foot and glow towards the top, from the
 *   fragment's height above the ellipsoid (its distance from the centre less the ellipsoid's
 *   radius in that direction; exact enough at building heights, and right anywhere on Earth);
 * - lit windows: a grid of panes along each wall, one in three lit warm, fading out where a pane
 *   would be smaller than a pixel, so a distant skyline does not shimmer.
 * Model coordinates are glTF's, Y up, in metres around the tile's centre; the fragment stage gets
 * normals in eye coordinates only, so the vertex stage hands on the model's.
 */
const VERTEX = /* glsl */ `
void vertexMain(VertexInput vsInput, inout czm_modelVertexOutput vsOutput) {
  v_normalMC = vsInput.attributes.normalMC;
}
`;

const FRAGMENT = /* glsl */ `
float hash21(vec2 p) {
  return fract(sin(dot(p, vec2(12.9898, 78.233))) * 43758.5453);
}

void fragmentMain(FragmentInput fsInput, inout czm_modelMaterial material) {
  vec3 p = fsInput.attributes.positionWC;
  float ground = 1.0 / length(normalize(p) * czm_ellipsoidInverseRadii);
  float h = max(length(p) - ground, 0.0);
  float t = clamp(h / u_glowTop, 0.0, 1.0);
  vec3 n = normalize(v_normalMC);
  float roof = step(0.7, n.y);
  // +X east, +Z south in the tile's Y-up frame.
  float key = 0.68 + 0.18 * n.x + 0.14 * n.z;
  // The style's colour arrives as written (sRGB); light it in linear space, as the frame is written out.
  vec3 base = czm_srgbToLinear(material.diffuse);
  vec3 colour = base * mix(key, 1.0, roof) * mix(0.25, 1.0, pow(t, 0.6));

  vec3 m = fsInput.attributes.positionMC;
  vec2 wall = vec2(dot(m.xz, normalize(vec2(-n.z, n.x) + 1e-6)) / 3.4, m.y / 3.3);
  vec2 pane = fract(wall);
  float inPane = step(0.28, pane.x) * step(pane.x, 0.78) * step(0.3, pane.y) * step(pane.y, 0.8);
  float lit = step(0.67, hash21(floor(wall) + floor(m.xz / 97.0)));
  float sharp = 1.0 - smoothstep(0.25, 0.6, max(fwidth(wall.x), fwidth(wall.y)));
  float windows = inPane * lit * sharp * (1.0 - roof) * step(6.0, h);
  colour += windows * vec3(1.0, 0.72, 0.38) * 0.7;

  // The crown of a tall building glows in its own colour.
  colour += base * 0.35 * smoothstep(0.75, 1.0, t) * (1.0 - roof * 0.5);
  material.diffuse = colour;
}
`;

/** Metres at which the gradient is at its full: the height of Zhujiang New Town's towers' shoulders. */
const GLOW_TOP_M = 240;

export function createNightShader(): CustomShader {
  return new CustomShader({
    lightingModel: LightingModel.UNLIT,
    uniforms: { u_glowTop: { type: UniformType.FLOAT, value: GLOW_TOP_M } },
    varyings: { v_normalMC: VaryingType.VEC3 },
    vertexShaderText: VERTEX,
    fragmentShaderText: FRAGMENT,
  });
}
