import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { AreaQueryResult, DrawnGeometry } from './planner.ts';
import type { SensorHit } from './plannerSlice.ts';

export type PlannerResult = AreaQueryResult & { sensors: SensorHit[] };

const csvCell = (v: string | number): string => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The query's results as CSV, one row per item: `summary` rows (per building use), then `cell`,
 * `sensor` (with its latest reading) and `over-limit` building rows.
 */
export function plannerCsv(r: PlannerResult, uses: readonly string[]): string {
  const rows: (string | number)[][] = [['kind', 'id', 'count', 'floor_area_m2', 'height_m', 'reading']];
  uses.forEach((use, u) => rows.push(['summary', use, r.countByUse[u]!, Math.round(r.floorAreaByUse[u]!), '', '']));
  for (const c of r.cells) rows.push(['cell', c, '', '', '', '']);
  for (const s of r.sensors) rows.push(['sensor', s.id, '', '', '', s.value ?? '']);
  for (const b of r.overLimit) rows.push(['over-limit', b.id, '', Math.round(b.floorArea), Math.round(b.height * 10) / 10, '']);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The drawn shape with the summary as its properties, and each sensor inside as a point with its reading. */
export function plannerGeoJson(shape: DrawnGeometry, r: PlannerResult, uses: readonly string[], sensorPositions: Map<string, [number, number]>): FeatureCollection<Geometry> {
  const summary: Feature<Geometry> = {
    type: 'Feature',
    geometry: shape,
    properties: {
      areaM2: Math.round(r.areaM2),
      buildings: r.buildingCount,
      cells: r.cells,
      heightLimitM: r.heightLimitM,
      overLimit: r.overLimit.map((b) => b.id),
      ...Object.fromEntries(uses.map((u, i) => [`floorArea_${u}`, Math.round(r.floorAreaByUse[i]!)])),
    },
  };
  const sensors = r.sensors.flatMap((s): Feature<Geometry>[] => {
    const at = sensorPositions.get(s.id);
    return at ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { id: s.id, kind: s.kind, reading: s.value } }] : [];
  });
  return { type: 'FeatureCollection', features: [summary, ...sensors] };
}
