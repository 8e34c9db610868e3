import type { PackedGrid } from './gridFormat.ts';
import { tally } from '../sources/tally.ts';

export type GridRejectReason = 'not-a-feature' | 'bad-geometry' | 'too-few-points' | 'non-finite' | 'out-of-range' | 'no-id' | 'duplicate-id';

export interface GridImportReport {
  accepted: number;
  rejected: Partial<Record<GridRejectReason, number>>;
  /** The first few rejects: `#index (id): reason`. */
  examples: string[];
}

/**
 * Imports a real grid file: a GeoJSON FeatureCollection of Polygon or MultiPolygon cells with
 * properties `id` and (optionally) `district` (adcode). Broken cells are skipped and reported;
 * they never stop the import. Cell ids are kept when they follow the `{adcode}-{serial}` pattern;
 * otherwise cells are numbered within their district in file order.
 */
export function importGridGeoJson(json: unknown): { grid: PackedGrid; ids: string[]; report: GridImportReport } {
  const report: GridImportReport = { accepted: 0, rejected: {}, examples: [] };
  const reject = (i: number, id: unknown, reason: GridRejectReason): void => {
    tally(report.rejected, reason);
    if (report.examples.length < 5) report.examples.push(`#${i}${id !== undefined ? ` (${String(id)})` : ''}: ${reason}`);
  };
  const features = (json as { type?: unknown; features?: unknown } | null)?.features;
  if ((json as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features)) throw new Error('grid file is not a GeoJSON FeatureCollection');

  const districts: string[] = [];
  const district: number[] = [];
  const serial: number[] = [];
  const ids: string[] = [];
  const cellRingStart: number[] = [0];
  const ringPointStart: number[] = [0];
  const coords: number[] = [];
  const seen = new Set<string>();
  const perDistrict = new Map<string, number>();

  features.forEach((f: unknown, i) => {
    const feat = f as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null };
    if (feat?.type !== 'Feature') return reject(i, undefined, 'not-a-feature');
    const id = feat.properties?.id;
    if (typeof id !== 'string' && typeof id !== 'number') return reject(i, undefined, 'no-id');
    const idText = String(id);
    if (seen.has(idText)) return reject(i, idText, 'duplicate-id');
    const g = feat.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : undefined;
    if (!Array.isArray(polys) || polys.length === 0) return reject(i, idText, 'bad-geometry');
    const rings: number[][] = [];
    for (const poly of polys) {
      if (!Array.isArray(poly) || poly.length === 0) return reject(i, idText, 'bad-geometry');
      for (const ring of poly) {
        if (!Array.isArray(ring)) return reject(i, idText, 'bad-geometry');
        const flat: number[] = [];
        for (const p of ring) {
          if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') return reject(i, idText, 'bad-geometry');
          if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return reject(i, idText, 'non-finite');
          if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return reject(i, idText, 'out-of-range');
          flat.push(p[0], p[1]);
        }
        const n = flat.length / 2;
        if (n > 1 && flat[0] === flat[2 * n - 2] && flat[1] === flat[2 * n - 1]) flat.length -= 2;
        if (flat.length / 2 < 3) return reject(i, idText, 'too-few-points');
        rings.push(flat);
      }
    }
    const adcode = typeof feat.properties?.district === 'string' ? feat.properties.district : /^(\d{6})-/.exec(idText)?.[1] ?? '000000';
    let d = districts.indexOf(adcode);
    if (d < 0) d = districts.push(adcode) - 1;
    const m = /^\d{6}-(\d{1,5})$/.exec(idText);
    const next = (perDistrict.get(adcode) ?? 0) + 1;
    perDistrict.set(adcode, next);
    seen.add(idText);
    ids.push(idText);
    district.push(d);
    serial.push(m ? Number(m[1]) : next);
    for (const flat of rings) {
      for (const v of flat) coords.push(v);
      ringPointStart.push(coords.length / 2);
    }
    cellRingStart.push(ringPointStart.length - 1);
    report.accepted++;
  });
  return {
    grid: {
      districts,
      district: Uint8Array.from(district),
      serial: Uint16Array.from(serial),
      cellRingStart: Uint32Array.from(cellRingStart),
      ringPointStart: Uint32Array.from(ringPointStart),
      coords: Float64Array.from(coords),
    },
    ids,
    report,
  };
}
