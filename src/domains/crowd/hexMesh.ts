/**
 * The crowd model's hexagons as one triangle mesh in ECEF metres, for one batched primitive: each
 * vertex carries its hexagon's number, by which the heat layer looks up its colour.
 */
import { cellToBoundary, splitLongToH3Index } from 'h3-js';
import { geodeticToEcef } from '../../analysis/ellipsoid.ts';
import { boundingSphere, type GridMesh } from '../../analysis/gridMesh.ts';
import type { CrowdModel } from './crowdModel.ts';

/** A hexagon's H3 index from the model's split form. */
export const hexIndex = (hexH3: Uint32Array, i: number): string => splitLongToH3Index(hexH3[2 * i]!, hexH3[2 * i + 1]!);

export type HexMesh = Omit<GridMesh, 'outline' | 'vertexCell'> & { vertexHex: Float32Array };

export function hexMesh(model: Pick<CrowdModel, 'hexH3'>, heightM: number): HexMesh {
  const hexes = model.hexH3.length / 2;
  const rings = Array.from({ length: hexes }, (_, h) => cellToBoundary(hexIndex(model.hexH3, h)));
  const vertices = rings.reduce((a, r) => a + r.length, 0);
  const positions = new Float64Array(3 * vertices);
  const vertexHex = new Float32Array(vertices);
  const indices = new Uint32Array(3 * (vertices - 2 * hexes));
  let v = 0;
  let k = 0;
  rings.forEach((ring, h) => {
    const first = v;
    for (const [lat, lon] of ring) {
      positions.set(geodeticToEcef(lon, lat, heightM), 3 * v);
      vertexHex[v++] = h;
    }
    // A hexagon (or a pentagon, or a distorted cell of up to ten sides) is convex: a fan.
    for (let i = 1; i + 1 < ring.length; i++) indices.set([first, first + i, first + i + 1], 3 * k++);
  });
  return { positions, vertexHex, indices, bounds: boundingSphere(positions) };
}
