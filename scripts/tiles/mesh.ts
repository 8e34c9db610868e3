/**
 * Extrudes building footprints into one indexed triangle mesh per tile: walls with flat outward
 * normals and an earcut-triangulated roof (holes included) facing up.
 *
 * Coordinates are metres in the tileset's east-north-up frame, relative to the tile's own centre,
 * and written glTF Y-up: (east, north, up) is stored as (east, up, −north).
 */
import earcut from 'earcut';
import type { Building } from './footprints.ts';

export interface TileMesh {
  positions: Float32Array;
  normals: Float32Array;
  featureIds: Float32Array;
  indices: Uint32Array;
  /** Bounds of the positions, glTF accessor min/max. */
  min: [number, number, number];
  max: [number, number, number];
}

type ToEnu = (lon: number, lat: number, h: number) => [number, number, number];

/** Growable typed buffers, so a tile of a thousand buildings costs no array-of-numbers overhead. */
class Grow<T extends Float32Array | Uint32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = this.make(Math.max(this.data.length * 2, this.length + n));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

export class TileMeshBuilder {
  private readonly pos = new Grow(new Float32Array(3 * 4096), (n) => new Float32Array(n));
  private readonly nor = new Grow(new Float32Array(3 * 4096), (n) => new Float32Array(n));
  private readonly fid = new Grow(new Float32Array(4096), (n) => new Float32Array(n));
  private readonly idx = new Grow(new Uint32Array(8192), (n) => new Uint32Array(n));
  private vertexCount = 0;

  constructor(
    private readonly toEnu: ToEnu,
    /** The tile centre in the frame (east, north, up): positions are written relative to it. */
    private readonly centre: [number, number, number],
  ) {}

  private vertex(p: [number, number, number], n: [number, number, number], featureId: number): number {
    const [ce, cn, cu] = this.centre;
    this.pos.reserve(3);
    this.nor.reserve(3);
    this.fid.reserve(1);
    const i = this.vertexCount++;
    this.pos.data.set([p[0] - ce, p[2] - cu, -(p[1] - cn)], 3 * i);
    this.nor.data.set([n[0], n[2], -n[1]], 3 * i);
    this.fid.data[i] = featureId;
    this.pos.length += 3;
    this.nor.length += 3;
    this.fid.length += 1;
    return i;
  }

  private triangle(a: number, b: number, c: number): void {
    this.idx.reserve(3);
    this.idx.data.set([a, b, c], this.idx.length);
    this.idx.length += 3;
  }

  addBuilding(building: Building, featureId: number): void {
    for (const rings of building.polygons) {
      const bottom = rings.map((ring) => ring.map(([lon, lat]) => this.toEnu(lon, lat, building.minHeight)));
      const top = rings.map((ring) => ring.map(([lon, lat]) => this.toEnu(lon, lat, building.height)));
      // Walls: outer rings run CCW and holes CW, so the right-hand normal always faces out.
      rings.forEach((_, r) => {
        const lo = bottom[r]!;
        const hi = top[r]!;
        for (let i = 0; i < lo.length; i++) {
          const j = (i + 1) % lo.length;
          const dx = lo[j]![0] - lo[i]![0];
          const dy = lo[j]![1] - lo[i]![1];
          const len = Math.hypot(dx, dy) || 1;
          const n: [number, number, number] = [dy / len, -dx / len, 0];
          const a0 = this.vertex(lo[i]!, n, featureId);
          const b0 = this.vertex(lo[j]!, n, featureId);
          const b1 = this.vertex(hi[j]!, n, featureId);
          const a1 = this.vertex(hi[i]!, n, featureId);
          this.triangle(a0, b0, b1);
          this.triangle(a0, b1, a1);
        }
      });
      // Roof.
      const flat: number[] = [];
      const holes: number[] = [];
      const roof: [number, number, number][] = [];
      top.forEach((ring, r) => {
        if (r > 0) holes.push(roof.length);
        for (const p of ring) {
          flat.push(p[0], p[1]);
          roof.push(p);
        }
      });
      const tris = earcut(flat, holes, 2);
      const up: [number, number, number] = [0, 0, 1];
      const base = roof.map((p) => this.vertex(p, up, featureId));
      for (let t = 0; t < tris.length; t += 3) {
        const [a, b, c] = [tris[t]!, tris[t + 1]!, tris[t + 2]!];
        const cross = (flat[2 * b]! - flat[2 * a]!) * (flat[2 * c + 1]! - flat[2 * a + 1]!) - (flat[2 * b + 1]! - flat[2 * a + 1]!) * (flat[2 * c]! - flat[2 * a]!);
        if (cross >= 0) this.triangle(base[a]!, base[b]!, base[c]!);
        else this.triangle(base[a]!, base[c]!, base[b]!);
      }
    }
  }

  get byteLength(): number {
    return this.vertexCount * 28 + this.idx.length * 4;
  }

  finish(): TileMesh {
    const positions = this.pos.data.slice(0, this.pos.length);
    const min: [number, number, number] = [Infinity, Infinity, Infinity];
    const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < positions.length; i += 3) {
      for (let k = 0; k < 3; k++) {
        const v = positions[i + k]!;
        if (v < min[k]!) min[k] = v;
        if (v > max[k]!) max[k] = v;
      }
    }
    return {
      positions,
      normals: this.nor.data.slice(0, this.nor.length),
      featureIds: this.fid.data.slice(0, this.fid.length),
      indices: this.idx.data.slice(0, this.idx.length),
      min,
      max,
    };
  }
}
