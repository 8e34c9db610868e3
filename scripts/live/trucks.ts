import { metresPerDegree } from '../tiles/geo.ts';
import { cellSeed, mulberry32, type Random } from '../city/random.ts';

/** Street spacing of the lattice the trucks drive on, metres. */
const BLOCK_M = 300;
/** How far a truck strays from its depot, metres. */
const RANGE_M = 4000;
const DIRS: readonly [number, number][] = [[1, 0], [0, 1], [-1, 0], [0, -1]];

/**
 * Muck trucks driving a street lattice around their depots: straight between junctions, a seeded
 * turn at each junction (never a U-turn unless the range forces it). State is kept in metres east
 * and north of the depot, so the positions are exact and deterministic for a given step sequence.
 */
export class TruckFleet {
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly dir: Uint8Array;
  private readonly rnd: Random;

  constructor(
    private readonly depots: Float64Array,
    seed: number,
  ) {
    const n = depots.length / 2;
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.dir = new Uint8Array(n);
    this.rnd = mulberry32(cellSeed(seed, n, 3));
    for (let i = 0; i < n; i++) this.dir[i] = Math.floor(this.rnd() * 4);
  }

  get count(): number {
    return this.x.length;
  }

  /** Drives truck i for `metres`, turning at the junctions it passes. */
  drive(i: number, metres: number): void {
    let left = metres;
    while (left > 0) {
      const [dx, dy] = DIRS[this.dir[i]!]!;
      const along = dx !== 0 ? this.x[i]! * dx : this.y[i]! * dy;
      const toJunction = BLOCK_M - (((along % BLOCK_M) + BLOCK_M) % BLOCK_M) || BLOCK_M;
      const step = Math.min(left, toJunction);
      this.x[i] = this.x[i]! + dx * step;
      this.y[i] = this.y[i]! + dy * step;
      left -= step;
      if (step === toJunction) this.turn(i);
    }
  }

  private turn(i: number): void {
    const d = this.dir[i]!;
    const options = [d, (d + 1) % 4, (d + 3) % 4].filter((k) => {
      const [dx, dy] = DIRS[k]!;
      return Math.abs(this.x[i]! + dx * BLOCK_M) <= RANGE_M && Math.abs(this.y[i]! + dy * BLOCK_M) <= RANGE_M;
    });
    // Mostly straight on, sometimes a turn.
    const r = this.rnd();
    this.dir[i] = options.length === 0 ? (d + 2) % 4 : r < 0.6 && options.includes(d) ? d : options[Math.floor(this.rnd() * options.length)]!;
  }

  position(i: number): [number, number] {
    const lon0 = this.depots[2 * i]!;
    const lat0 = this.depots[2 * i + 1]!;
    const m = metresPerDegree(lat0);
    return [lon0 + this.x[i]! / m.x, lat0 + this.y[i]! / m.y];
  }
}
