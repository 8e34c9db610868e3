import type { BuildingRows } from './buildingsFormat.ts';
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
}
