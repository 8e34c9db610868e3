/**
 * Builds the crowd model (crowdModel.ts) from the grid, the cells' people and the venues. Run
 * once with the default city's tiles (scripts/crowd); it takes a few seconds, most of them in
 * enumerating the city's ~500,000 resolution-10 hexagons.
 */
import { cellArea, cellToLatLng, cellToParent, getHexagonAreaAvg, latLngToCell, polygonToCells, h3IndexToSplitLong } from 'h3-js';
import type { GridIndex } from '../../analysis/gridIndex.ts';
import { packRings, pointInRings } from '../../analysis/pointInPolygon.ts';
import { modelDigest, type CrowdModel } from './crowdModel.ts';
import type { Venue } from './venues.ts';

export interface CrowdModelInputs {
  index: GridIndex;
  /** Residents and daytime population per grid cell. */
  residents: ArrayLike<number>;
  daytime: ArrayLike<number>;
  venues: readonly Venue[];
  res?: number;
  /** A hexagon with at least this many people by day or night has its own macro station. */
  denseHex?: number;
  /** km² a venue small cell serves, at most. */
  smallCellKm2?: number;
  phonesPerPerson?: number;
  /**
   * Whether a point lies in water (the river's polygons). Water holds nobody: a resolution-10
   * hexagon centred in water, and every child of a resolution-9 hexagon centred in water, gets
   * no piece, so its cell's people go to the cell's dry hexagons. The default city's water has no
   * bridges or boats, so none are kept.
   */
  inWater?: (lon: number, lat: number) => boolean;
}

export function buildCrowdModel(o: CrowdModelInputs): CrowdModel {
  const res = o.res ?? 9;
  const fine = res + 1;
  const { index } = o;
  const cells = index.cellCount;
  const [w, s, e, n] = index.extent;
  const venueRings = o.venues.map((v) => packRings(v.rings));
  const venueAt = (lon: number, lat: number): number => {
    for (let v = 0; v < venueRings.length; v++) {
      const r = venueRings[v]!;
      if (pointInRings(r.coords, r.ringStarts, 0, r.ringStarts.length - 1, lon, lat)) return v;
    }
    return -1;
  };

  // Pieces: (parent hexagon, cell, venue), counted in fine hexagons.
  const pieceKey = new Map<string, number>();
  const pHex: string[] = [];
  const pCell: number[] = [];
  const pVenue: number[] = [];
  const pChildren: number[] = [];
  const cellChildren = new Float64Array(cells);
  /** Fine hexagons per cell, wet ones too: the cell's area. */
  const cellFine = new Float64Array(cells);
  const addTo = (parent: string, cell: number, venue: number): void => {
    const key = `${parent}|${cell}|${venue}`;
    let p = pieceKey.get(key);
    if (p === undefined) {
      p = pHex.length;
      pieceKey.set(key, p);
      pHex.push(parent);
      pCell.push(cell);
      pVenue.push(venue);
      pChildren.push(0);
    }
    pChildren[p]!++;
    cellChildren[cell]!++;
  };
  const wet = wetTest(res, o.inWater);
  for (const h of polygonToCells([[s, w], [s, e], [n, e], [n, w], [s, w]], fine)) {
    const [lat, lon] = cellToLatLng(h);
    const cell = index.cellAt(lon, lat);
    if (cell < 0) continue;
    // A wet child counts towards its cell's area too: the cell is that big, people or not.
    cellFine[cell]!++;
    if (!wet(h)) addTo(cellToParent(h, res), cell, venueAt(lon, lat));
  }
  // A cell smaller than a fine hexagon holds no centre, and one on the water's edge may hold only
  // wet ones: it becomes one piece at its own centre, or if that is wet at the first of its
  // corners that is not (if all are, at its centre still: its people are kept).
  const { cellRingStart, ringPointStart, coords } = index.grid;
  for (let c = 0; c < cells; c++) {
    if (cellChildren[c]! > 0) continue;
    const places: [number, number][] = [];
    let x = 0, y = 0, k = 0;
    for (let p = ringPointStart[cellRingStart[c]!]!; p < ringPointStart[cellRingStart[c]! + 1]!; p++, k++) {
      x += coords[2 * p]!;
      y += coords[2 * p + 1]!;
      places.push([coords[2 * p]!, coords[2 * p + 1]!]);
    }
    const [lon, lat] = [[x / k, y / k] as [number, number], ...places].find(([px, py]) => !wet(latLngToCell(py, px, fine))) ?? [x / k, y / k];
    addTo(cellToParent(latLngToCell(lat, lon, fine), res), c, venueAt(lon, lat));
  }

  const pieces = pHex.length;
  const hexOf = new Map<string, number>();
  const hexList: string[] = [];
  const pieceHex = new Uint32Array(pieces);
  for (let p = 0; p < pieces; p++) {
    let h = hexOf.get(pHex[p]!);
    if (h === undefined) {
      h = hexList.length;
      hexOf.set(pHex[p]!, h);
      hexList.push(pHex[p]!);
    }
    pieceHex[p] = h;
  }
  const pieceCell = Int32Array.from(pCell);
  const pieceVenue = Int8Array.from(pVenue);
  const pieceResidents = new Float32Array(pieces);
  const pieceDaytime = new Float32Array(pieces);
  const hexPeople = new Float64Array(hexList.length);
  for (let p = 0; p < pieces; p++) {
    const share = pChildren[p]! / cellChildren[pCell[p]!]!;
    pieceResidents[p] = o.residents[pCell[p]!]! * share;
    pieceDaytime[p] = o.daytime[pCell[p]!]! * share;
    hexPeople[pieceHex[p]!]! += Math.max(pieceResidents[p]!, pieceDaytime[p]!);
  }

  // Stations: macro ones by hexagon or parent hexagon, then each venue's small cells.
  const denseHex = o.denseHex ?? 8000;
  const siteOf = new Map<string, number>();
  const siteVenue: number[] = [];
  const pieceSite = new Uint32Array(pieces);
  const venueHexes = o.venues.map(() => [] as number[]);
  for (let p = 0; p < pieces; p++) {
    const v = pieceVenue[p]!;
    if (v >= 0) {
      if (!venueHexes[v]!.includes(pieceHex[p]!)) venueHexes[v]!.push(pieceHex[p]!);
      continue;
    }
    const hex = hexList[pieceHex[p]!]!;
    const key = hexPeople[pieceHex[p]!]! >= denseHex ? hex : cellToParent(hex, res - 1);
    let site = siteOf.get(key);
    if (site === undefined) {
      site = siteVenue.length;
      siteOf.set(key, site);
      siteVenue.push(-1);
    }
    pieceSite[p] = site;
  }
  const smallCellKm2 = o.smallCellKm2 ?? 0.05;
  const hexKm2 = getHexagonAreaAvg(res, 'km2');
  const firstSmall: number[] = [];
  const smallCount: number[] = [];
  o.venues.forEach((_, v) => {
    firstSmall.push(siteVenue.length);
    const k = Math.max(1, Math.min(64, Math.ceil((venueHexes[v]!.length * hexKm2) / smallCellKm2)));
    smallCount.push(k);
    for (let i = 0; i < k; i++) siteVenue.push(v);
  });
  for (let p = 0; p < pieces; p++) {
    const v = pieceVenue[p]!;
    if (v >= 0) pieceSite[p] = firstSmall[v]! + (venueHexes[v]!.indexOf(pieceHex[p]!) % smallCount[v]!);
  }

  const hexH3 = new Uint32Array(2 * hexList.length);
  const hexArea = new Float32Array(hexList.length);
  hexList.forEach((h, i) => {
    hexH3.set(h3IndexToSplitLong(h), 2 * i);
    hexArea[i] = cellArea(h, 'km2');
  });
  const fineKm2 = getHexagonAreaAvg(fine, 'km2');
  const cellAreaKm2 = Float32Array.from(cellFine, (k) => Math.max(1, k) * fineKm2);
  const arrays = { hexH3, hexArea, pieceHex, pieceCell, pieceSite, pieceVenue, pieceResidents, pieceDaytime, cellArea: cellAreaKm2, siteVenue: Int8Array.from(siteVenue) };
  return {
    header: { version: 1, res, hexes: hexList.length, pieces, sites: siteVenue.length, cells, venues: o.venues.map((v) => v.id), phonesPerPerson: o.phonesPerPerson ?? 1.15, id: modelDigest(arrays) },
    ...arrays,
  };
}

/**
 * Whether a fine hexagon holds nobody: it is centred in water, or its parent is (the heat draws
 * the parents: one centred in the river shows no one).
 */
function wetTest(res: number, inWater: CrowdModelInputs['inWater']): (fineHex: string) => boolean {
  if (!inWater) return () => false;
  const wetParent = new Map<string, boolean>();
  return (h) => {
    const parent = cellToParent(h, res);
    let parentWet = wetParent.get(parent);
    if (parentWet === undefined) {
      const [lat, lon] = cellToLatLng(parent);
      wetParent.set(parent, (parentWet = inWater(lon, lat)));
    }
    const [lat, lon] = cellToLatLng(h);
    return parentWet || inWater(lon, lat);
  };
}
