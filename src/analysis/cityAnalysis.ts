import * as turf from '@turf/turf';
import Flatbush from 'flatbush';
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { BuildingRows } from './buildingsFormat.ts';
import { cellGeometry } from './gridMesh.ts';
import { insideArea } from './pointInPolygon.ts';
import { cellId, type PackedGrid } from './gridFormat.ts';
import { GridIndex } from './gridIndex.ts';

/** Per-cell statistics that the choropleth can show. */
export interface CellStats {
  buildings: Uint32Array;
  /** Total floor area, m². */
  floorArea: Float64Array;
}

export interface CellBuilding {
  id: string;
  height: number;
  floorArea: number;
  use: number;
}

/** What a drawn area, a cell or a buffer holds. */
export interface AreaContents {
  cells: number[];
  /** Indices of the buildings whose centroid lies inside. */
  buildings: number[];
}

export interface CellDetails {
  cell: number;
  id: string;
  buildingCount: number;
  floorArea: number;
  /** The tallest buildings of the cell, at most `limit`. */
  buildings: CellBuilding[];
}

/**
 * The city's analysis engine over the grid and the buildings: which cell holds what, and the
 * per-cell aggregates. Pure: it runs in the analysis worker and in tests alike.
 */
export class CityAnalysis {
  readonly index: GridIndex;
  /** Cell of each building, -1 outside the grid. */
  readonly buildingCell: Int32Array;
  readonly stats: CellStats;
  /** Buildings grouped by cell (CSR): indices buildingsByCell[cellStart[c] .. cellStart[c + 1]). */
  private readonly cellStart: Uint32Array;
  private readonly buildingsByCell: Uint32Array;

  constructor(
    readonly grid: PackedGrid,
    readonly buildings: BuildingRows | null,
  ) {
    this.index = new GridIndex(grid);
    const n = buildings?.count ?? 0;
    const cells = this.index.cellCount;
    this.buildingCell = buildings ? this.index.cellsAt(buildings.lonLat) : new Int32Array(0);
    this.stats = { buildings: new Uint32Array(cells), floorArea: new Float64Array(cells) };
    this.cellStart = new Uint32Array(cells + 1);
    for (let i = 0; i < n; i++) {
      const c = this.buildingCell[i]!;
      if (c < 0) continue;
      this.stats.buildings[c]!++;
      this.stats.floorArea[c]! += buildings!.floorArea[i]!;
      this.cellStart[c + 1]!++;
    }
    for (let c = 0; c < cells; c++) this.cellStart[c + 1]! += this.cellStart[c]!;
    this.buildingsByCell = new Uint32Array(this.cellStart[cells]!);
    const fill = this.cellStart.slice(0, cells);
    for (let i = 0; i < n; i++) {
      const c = this.buildingCell[i]!;
      if (c >= 0) this.buildingsByCell[fill[c]!++] = i;
    }
  }

  cellId(cell: number): string {
    return cellId(this.grid, cell);
  }

  /** Indices of the buildings whose centroid lies in the cell. */
  buildingsIn(cell: number): Uint32Array {
    return this.buildingsByCell.subarray(this.cellStart[cell]!, this.cellStart[cell + 1]!);
  }

  cellDetails(cell: number, limit = 50): CellDetails {
    const b = this.buildings;
    const members = Array.from(this.buildingsIn(cell));
    const list = b
      ? members
          .toSorted((x, y) => b.height[y]! - b.height[x]!)
          .slice(0, limit)
          .map((i) => ({ id: b.id(i), height: b.height[i]!, floorArea: b.floorArea[i]!, use: b.use[i]! }))
      : [];
    return { cell, id: this.cellId(cell), buildingCount: this.stats.buildings[cell]!, floorArea: this.stats.floorArea[cell]!, buildings: list };
  }

  private buildingTree: { tree: Flatbush; kx: number } | null = null;

  /** Flatbush over building centroids, in degrees scaled so that distances are isotropic. */
  private buildingIndex(): { tree: Flatbush; kx: number } | null {
    const b = this.buildings;
    if (!b || b.count === 0) return null;
    if (!this.buildingTree) {
      const lat0 = (this.index.extent[1] + this.index.extent[3]) / 2;
      const kx = Math.cos((lat0 * Math.PI) / 180);
      const tree = new Flatbush(b.count);
      for (let i = 0; i < b.count; i++) tree.add(b.lonLat[2 * i]! * kx, b.lonLat[2 * i + 1]!, b.lonLat[2 * i]! * kx, b.lonLat[2 * i + 1]!);
      tree.finish();
      this.buildingTree = { tree, kx };
    }
    return this.buildingTree;
  }

  /** Cells that meet the area, and buildings whose centroid lies in it (boundary rule as for cells). */
  within(area: Polygon | MultiPolygon): AreaContents {
    const [w, s, e, n] = turf.bbox(area);
    const feature = turf.feature(area);
    const cells = this.index.cellsInBox(w, s, e, n).filter((c) => turf.booleanIntersects(turf.feature(cellGeometry(this.grid, c)), feature));
    const inside = insideArea(area);
    const idx = this.buildingIndex();
    const b = this.buildings;
    const buildings = idx && b ? idx.tree.search(w * idx.kx, s, e * idx.kx, n).filter((i) => inside(b.lonLat[2 * i]!, b.lonLat[2 * i + 1]!)) : [];
    return { cells: cells.toSorted((a, z) => a - z), buildings: buildings.toSorted((a, z) => a - z) };
  }

  /** Everything within `distanceM` metres of a drawn point, line or area (Turf buffer). */
  withinBuffer(geometry: Point | LineString | Polygon, distanceM: number): AreaContents {
    const buffered = turf.buffer(turf.feature(geometry), distanceM, { units: 'meters' });
    return buffered ? this.within(buffered.geometry) : { cells: [], buildings: [] };
  }

  /** The `count` buildings nearest the point, nearest first, with their distance in metres. */
  nearestBuildings(lon: number, lat: number, count: number): { building: number; distanceM: number }[] {
    const idx = this.buildingIndex();
    const b = this.buildings;
    if (!idx || !b) return [];
    return idx.tree.neighbors(lon * idx.kx, lat, count).map((i) => ({ building: i, distanceM: turf.distance([lon, lat], [b.lonLat[2 * i]!, b.lonLat[2 * i + 1]!], { units: 'meters' }) }));
  }
}
