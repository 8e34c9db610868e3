import { elevation, floodplain } from '../../analysis/elevation.ts';
import type { CityAnalysis } from '../../analysis/cityAnalysis.ts';
import { FloodImpactIndex, type AffectedCell } from './floodImpact.ts';
import { FloodModel, type FloodModelOptions, type Gauge } from './floodModel.ts';
import { planEvacuation, ShelterIndex, type Assignment, type Shelter } from './evacuation.ts';
import { cellCentre, distanceFrom, rasterGrid, rasterizePolygons, sampleRaster, type RasterGrid } from './raster.ts';

/** Raster resolution of the flood model, m: fine enough for streets of buildings, coarse enough to fill in a second. */
export const FLOOD_CELL_M = 100;

export interface FloodSetup {
  bounds: { west: number; south: number; east: number; north: number };
  /** River and open-water polygons (GeoJSON polygon coordinates). */
  water: number[][][][];
  gauges: Gauge[];
  shelters: Shelter[];
  residentialUse: number;
  options?: Partial<FloodModelOptions>;
}

export interface FloodReady {
  raster: { width: number; height: number; cellM: number };
  candidates: number;
  /** Land that floods if the rivers top their banks by half a metre, km². */
  lowLyingKm2: number;
  timings: { dem: number; water: number; model: number; index: number };
}

/** The flood drawn as an image over `bounds`: RGBA rows from north to south. */
export interface FloodImage {
  west: number;
  south: number;
  east: number;
  north: number;
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export interface FloodResult {
  floodedKm2: number;
  residents: number;
  /** Affected cells, most residents first, with their grid id. */
  cells: (AffectedCell & { id: string })[];
  /** Indices of the flooded buildings, and their ids (for the tileset highlight). */
  buildingIds: string[];
  shelterFlooded: Uint8Array;
  remaining: Float64Array;
  assignments: Assignment[];
  unassigned: number;
  image: FloodImage;
  /** Milliseconds spent in the worker on this evaluation. */
  computeMs: number;
}

/** Margin above the embankment crest that defines the "low-lying" zones, cm. */
const LOW_LYING_MARGIN_CM = 50;

/**
 * The flood analysis for one city: built once from the DEM, the rivers, the gauges and the grid
 * (about a second), then evaluated per set of gauge levels in milliseconds.
 */
export class FloodEngine {
  readonly model: FloodModel;
  readonly ready: FloodReady;
  private readonly impact: FloodImpactIndex;
  private readonly box: { x0: number; y0: number; x1: number; y1: number };
  private readonly lowLying: Uint8Array;
  private readonly shelters: ShelterIndex;
  /** Building ids decoded so far: the same buildings flood again as the level moves. */
  private readonly buildingIds: (string | undefined)[] = [];

  constructor(
    private readonly city: CityAnalysis,
    readonly setup: FloodSetup,
  ) {
    const t0 = performance.now();
    this.shelters = new ShelterIndex(setup.shelters);
    const r: RasterGrid = rasterGrid(setup.bounds, FLOOD_CELL_M);
    const water = rasterizePolygons(r, setup.water);
    const bank = distanceFrom(r, water);
    const t1 = performance.now();
    const dem = sampleRaster(r, elevation);
    for (let i = 0; i < dem.length; i++) {
      const [lon, lat] = cellCentre(r, i);
      dem[i] = Math.min(dem[i]!, floodplain(lon, lat, bank[i]!));
    }
    const t2 = performance.now();
    this.model = new FloodModel(r, dem, water, setup.gauges, setup.options, bank);
    const t3 = performance.now();
    const { candidates } = this.model;
    const centres = new Float64Array(2 * candidates.length);
    candidates.forEach((c, k) => {
      const x = c % r.width;
      centres[2 * k] = r.west + (x + 0.5) * r.dx;
      centres[2 * k + 1] = r.south + ((c - x) / r.width + 0.5) * r.dy;
    });
    this.impact = new FloodImpactIndex({
      model: this.model,
      candidateCell: city.index.cellsAt(centres),
      cellCount: city.index.cellCount,
      buildings: city.buildings,
      residentialUse: setup.residentialUse,
      shelters: setup.shelters,
    });
    let [x0, y0, x1, y1] = [r.width, r.height, -1, -1];
    const crest = Math.round(this.model.options.leveeCrestM * 100);
    this.lowLying = new Uint8Array(candidates.length);
    let low = 0;
    candidates.forEach((c, k) => {
      const x = c % r.width;
      const y = (c - x) / r.width;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      if (this.model.spillCm[c]! <= crest + LOW_LYING_MARGIN_CM) {
        this.lowLying[k] = 1;
        low++;
      }
    });
    this.box = x1 < 0 ? { x0: 0, y0: 0, x1: 0, y1: 0 } : { x0, y0, x1, y1 };
    this.ready = {
      raster: { width: r.width, height: r.height, cellM: r.cellM },
      candidates: candidates.length,
      lowLyingKm2: (low * r.cellM * r.cellM) / 1e6,
      timings: { water: t1 - t0, dem: t2 - t1, model: t3 - t2, index: performance.now() - t3 },
    };
  }

  /** Everything a set of gauge levels (m, NaN where unknown) floods, and where its people go. */
  evaluate(levelsM: ArrayLike<number>): FloodResult {
    const t0 = performance.now();
    const depth = this.model.depths(levelsM);
    const impact = this.impact.impact(depth);
    const plan = planEvacuation(impact.cells.map((c) => ({ cell: c.cell, lon: c.lon, lat: c.lat, residents: c.residents })), this.shelters, impact.shelterFlooded);
    const b = this.city.buildings;
    return {
      floodedKm2: impact.floodedM2 / 1e6,
      residents: impact.residents,
      cells: impact.cells.map((c) => ({ ...c, id: this.city.cellId(c.cell) })),
      buildingIds: b ? Array.from(impact.buildings, (i) => (this.buildingIds[i] ??= b.id(i))) : [],
      shelterFlooded: impact.shelterFlooded,
      remaining: plan.remaining,
      assignments: plan.assignments,
      unassigned: plan.unassigned,
      image: this.image(depth),
      computeMs: performance.now() - t0,
    };
  }

  /** Water blue, deeper is darker and more opaque; dry low-lying land a faint amber. */
  private image(depth: Uint16Array): FloodImage {
    const r = this.model.raster;
    const { x0, y0, x1, y1 } = this.box;
    const width = x1 - x0 + 1;
    const height = y1 - y0 + 1;
    const rgba = new Uint8ClampedArray(width * height * 4);
    const { candidates } = this.model;
    for (let k = 0; k < candidates.length; k++) {
      const c = candidates[k]!;
      const x = (c % r.width) - x0;
      const y = y1 - Math.floor(c / r.width);
      const o = 4 * (y * width + x);
      const d = depth[k]!;
      if (d > 0) {
        const t = Math.min(1, d / 200);
        rgba[o] = 40 - 30 * t;
        rgba[o + 1] = 150 - 90 * t;
        rgba[o + 2] = 255 - 60 * t;
        rgba[o + 3] = 150 + 90 * t;
      } else if (this.lowLying[k]) {
        rgba[o] = 251;
        rgba[o + 1] = 191;
        rgba[o + 2] = 36;
        rgba[o + 3] = 56;
      }
    }
    return { west: r.west + x0 * r.dx, east: r.west + (x1 + 1) * r.dx, south: r.south + y0 * r.dy, north: r.south + (y1 + 1) * r.dy, width, height, rgba };
  }
}
