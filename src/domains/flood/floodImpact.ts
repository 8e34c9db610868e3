import type { FloodModel } from './floodModel.ts';
import { cellCentre, rasterIndex } from './raster.ts';

/**
 * What a flood reaches: buildings, grid cells, people and shelters.
 *
 * Residents are estimated from residential floor area: a flooded residential building houses its
 * floor area divided by `M2_PER_RESIDENT` (Guangzhou's urban housing floor area per person is in
 * the mid-30s m²; see docs/flood.md). Other uses count as buildings but not as residents, so a flooded
 * office tower adds no one to the evacuation list.
 */
export const M2_PER_RESIDENT = 35;
/** Water at a building's centroid shallower than this stays in the street: the building counts as dry. */
export const BUILDING_WET_CM = 15;

export interface ImpactInputs {
  model: FloodModel;
  /** Grid cell of each flood candidate (model.candidates order), -1 outside the grid. */
  candidateCell: Int32Array;
  cellCount: number;
  buildings: { count: number; lonLat: Float64Array; floorArea: Float32Array; use: Uint8Array } | null;
  /** Index of the `use` value meaning residential. */
  residentialUse: number;
  shelters: readonly { lon: number; lat: number }[];
}

export interface AffectedCell {
  cell: number;
  floodedM2: number;
  maxDepthCm: number;
  buildings: number;
  residents: number;
  /** Middle of the cell's flooded area: where its people start from. */
  lon: number;
  lat: number;
}

export interface FloodImpact {
  floodedM2: number;
  /** Indices of the flooded buildings. */
  buildings: Uint32Array;
  residents: number;
  /** Affected cells, most residents first. */
  cells: AffectedCell[];
  /** 1 where the shelter stands in water. */
  shelterFlooded: Uint8Array;
}

/** Looks up, once, which flood candidate each building and shelter stands on. */
export class FloodImpactIndex {
  private readonly candidateOf: Int32Array;
  readonly buildingCandidate: Int32Array;
  readonly shelterCandidate: Int32Array;

  constructor(readonly inputs: ImpactInputs) {
    const { model, buildings, shelters } = inputs;
    const r = model.raster;
    this.candidateOf = new Int32Array(r.width * r.height).fill(-1);
    model.candidates.forEach((c, k) => (this.candidateOf[c] = k));
    const at = (lon: number, lat: number): number => {
      const i = rasterIndex(r, lon, lat);
      return i < 0 ? -1 : this.candidateOf[i]!;
    };
    this.buildingCandidate = Int32Array.from({ length: buildings?.count ?? 0 }, (_, b) => at(buildings!.lonLat[2 * b]!, buildings!.lonLat[2 * b + 1]!));
    this.shelterCandidate = Int32Array.from(shelters, (s) => at(s.lon, s.lat));
  }

  impact(depthCm: Uint16Array): FloodImpact {
    const { model, candidateCell, cellCount, buildings, residentialUse } = this.inputs;
    const r = model.raster;
    const cellM2 = r.cellM * r.cellM;
    const area = new Float64Array(cellCount);
    const maxDepth = new Uint16Array(cellCount);
    const sumLon = new Float64Array(cellCount);
    const sumLat = new Float64Array(cellCount);
    const wetCells = new Uint32Array(cellCount);
    let floodedM2 = 0;
    for (let k = 0; k < depthCm.length; k++) {
      const d = depthCm[k]!;
      if (d === 0) continue;
      floodedM2 += cellM2;
      const cell = candidateCell[k]!;
      if (cell < 0) continue;
      area[cell]! += cellM2;
      if (d > maxDepth[cell]!) maxDepth[cell] = d;
      const [lon, lat] = cellCentre(r, model.candidates[k]!);
      sumLon[cell]! += lon;
      sumLat[cell]! += lat;
      wetCells[cell]!++;
    }
    const wetBuildings: number[] = [];
    const buildingCount = new Uint32Array(cellCount);
    const residential = new Float64Array(cellCount);
    if (buildings) {
      for (let b = 0; b < buildings.count; b++) {
        const k = this.buildingCandidate[b]!;
        if (k < 0 || depthCm[k]! < BUILDING_WET_CM) continue;
        wetBuildings.push(b);
        const cell = candidateCell[k]!;
        if (cell < 0) continue;
        buildingCount[cell]!++;
        if (buildings.use[b] === residentialUse) residential[cell]! += buildings.floorArea[b]!;
      }
    }
    const cells: AffectedCell[] = [];
    let residents = 0;
    for (let c = 0; c < cellCount; c++) {
      if (wetCells[c] === 0) continue;
      const people = Math.round(residential[c]! / M2_PER_RESIDENT);
      residents += people;
      cells.push({ cell: c, floodedM2: area[c]!, maxDepthCm: maxDepth[c]!, buildings: buildingCount[c]!, residents: people, lon: sumLon[c]! / wetCells[c]!, lat: sumLat[c]! / wetCells[c]! });
    }
    cells.sort((a, b) => b.residents - a.residents || b.floodedM2 - a.floodedM2 || a.cell - b.cell);
    const shelterFlooded = Uint8Array.from(this.shelterCandidate, (k) => (k >= 0 && depthCm[k]! > 0 ? 1 : 0));
    return { floodedM2, buildings: Uint32Array.from(wetBuildings), residents, cells, shelterFlooded };
  }
}
