/**
 * The records of the cells in view as points for the map: the cells nearest the view's centre
 * first, until a record budget is spent, so a close view shows every record and a wide one
 * stops before it holds more than the page should.
 */
import type { GridIndex } from '../../analysis/gridIndex.ts';
import { CASE_STATUSES, COMPONENT_TYPES, INDUSTRY_SECTIONS, LAND_USES, SERVICE_TYPES } from './classes.ts';
import type { PanoramaReader } from './panoramaReader.ts';
import { recordLonLat, type RecordOf, type RecordSet } from './records.ts';

/** The class a point is coloured by, per set: industry, land use, component or service type, case status. */
export const POINT_CLASSES = {
  enterprises: { list: INDUSTRY_SECTIONS, of: (r: RecordOf['enterprises']) => r.industry },
  parcels: { list: LAND_USES, of: (r: RecordOf['parcels']) => r.use },
  components: { list: COMPONENT_TYPES, of: (r: RecordOf['components']) => r.type },
  services: { list: SERVICE_TYPES, of: (r: RecordOf['services']) => r.type },
  cases: { list: CASE_STATUSES, of: (r: RecordOf['cases']) => r.status },
} as const;

export function classIndexOf<S extends RecordSet>(set: S, record: RecordOf[S]): number {
  const c = POINT_CLASSES[set] as unknown as { list: readonly { code: string }[]; of: (r: RecordOf[S]) => string };
  return c.list.findIndex((x) => x.code === c.of(record));
}

export function recordId(set: RecordSet, r: RecordOf[RecordSet]): string {
  return set === 'enterprises' ? (r as RecordOf['enterprises']).code : (r as RecordOf['parcels']).id;
}

export async function pointsOf(reader: PanoramaReader, index: GridIndex, set: RecordSet, box: [number, number, number, number], maxRecords: number) {
  const [w, s, e, n] = box;
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const count = reader.cells.figures.column(`${set}.count`);
  const centre = (c: number): number => {
    const b = index.bboxes;
    return Math.hypot((b[4 * c]! + b[4 * c + 2]!) / 2 - cx, (b[4 * c + 1]! + b[4 * c + 3]!) / 2 - cy);
  };
  const candidates = index.cellsInBox(w, s, e, n).filter((c) => count[c]! > 0).toSorted((a, b) => centre(a) - centre(b));
  const chosen: number[] = [];
  let total = 0;
  for (const c of candidates) {
    if (total + count[c]! > maxRecords) break;
    chosen.push(c);
    total += count[c]!;
  }
  const read = await reader.read(set, chosen);
  const lonLat = new Float64Array(2 * total);
  const classIndex = new Uint8Array(total);
  const ids: string[] = [];
  // Parcels are areas: their rings go too, one array with offsets, so they draw as outlines.
  const ringParts: number[][] = [];
  let k = 0;
  for (const { records } of read) {
    for (const r of records) {
      const [lon, lat] = recordLonLat(set, r);
      lonLat[2 * k] = lon;
      lonLat[2 * k + 1] = lat;
      classIndex[k] = classIndexOf(set, r);
      ids.push(recordId(set, r));
      if (set === 'parcels') ringParts.push((r as RecordOf['parcels']).ring);
      k++;
    }
  }
  let rings: Float64Array | null = null;
  let ringStarts: Uint32Array | null = null;
  if (set === 'parcels') {
    ringStarts = new Uint32Array(ringParts.length + 1);
    ringParts.forEach((ring, i) => (ringStarts![i + 1] = ringStarts![i]! + ring.length));
    rings = new Float64Array(ringStarts[ringParts.length]!);
    ringParts.forEach((ring, i) => rings!.set(ring, ringStarts![i]!));
  }
  return { set, lonLat: lonLat.subarray(0, 2 * k).slice(), classIndex: classIndex.subarray(0, k).slice(), ids, rings, ringStarts, cells: chosen.length, truncated: chosen.length < candidates.length };
}
