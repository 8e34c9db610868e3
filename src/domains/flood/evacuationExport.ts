import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { FloodResult } from './floodEngine.ts';
import type { Shelter } from './evacuation.ts';

/** One affected cell of the evacuation list, as exported. */
export interface EvacuationRow {
  cell: string;
  floodedHa: number;
  maxDepthM: number;
  floodedBuildings: number;
  residents: number;
  /** Shelter ids with the people assigned to each, nearest first. */
  shelters: { id: string; people: number; distanceM: number }[];
  notPlaced: number;
}

export function evacuationRows(result: Pick<FloodResult, 'cells' | 'assignments'>, shelters: readonly Shelter[]): EvacuationRow[] {
  const byCell = new Map<number, EvacuationRow['shelters']>();
  for (const a of result.assignments) {
    const list = byCell.get(a.cell) ?? [];
    list.push({ id: shelters[a.shelter]!.id, people: a.people, distanceM: Math.round(a.distanceM) });
    byCell.set(a.cell, list);
  }
  return result.cells.map((c) => {
    const assigned = (byCell.get(c.cell) ?? []).toSorted((x, y) => x.distanceM - y.distanceM);
    return {
      cell: c.id,
      floodedHa: Math.round(c.floodedM2 / 100) / 100,
      maxDepthM: c.maxDepthCm / 100,
      floodedBuildings: c.buildings,
      residents: c.residents,
      shelters: assigned,
      notPlaced: c.residents - assigned.reduce((n, s) => n + s.people, 0),
    };
  });
}

const CSV_HEADER = ['cell', 'flooded_ha', 'max_depth_m', 'flooded_buildings', 'residents', 'shelters', 'not_placed'];

const quote = (v: string | number): string => (typeof v === 'number' ? String(v) : /[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** RFC 4180 CSV, one row per affected cell; `shelters` lists `id:people@metres` separated by `;`. */
export function evacuationCsv(rows: readonly EvacuationRow[]): string {
  const lines = rows.map((r) => [r.cell, r.floodedHa, r.maxDepthM, r.floodedBuildings, r.residents, r.shelters.map((s) => `${s.id}:${s.people}@${s.distanceM}`).join(';'), r.notPlaced].map(quote).join(','));
  return `${[CSV_HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The same rows as GeoJSON: each affected cell's outline (`geometries`, in row order) with the row as its properties. */
export function evacuationGeoJson(rows: readonly EvacuationRow[], geometries: readonly (Polygon | MultiPolygon)[]): FeatureCollection<Polygon | MultiPolygon, EvacuationRow> {
  return { type: 'FeatureCollection', features: rows.map((r, i): Feature<Polygon | MultiPolygon, EvacuationRow> => ({ type: 'Feature', geometry: geometries[i]!, properties: r })) };
}
