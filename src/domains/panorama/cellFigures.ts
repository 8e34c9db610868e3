/**
 * The per-cell figures of the five panoramas, as named columns over all cells. The generator
 * and the importer sum records into them (`addRecord`), the page reads them from cells.bin, and
 * tests recompute them from the record files: one definition of every figure.
 */
import { CASE_SOURCES, CASE_STATUSES, CASE_TYPES, COMPONENT_STATUSES, COMPONENT_TYPES, ENTERPRISE_SIZES, ENTERPRISE_STATUSES, INDUSTRY_SECTIONS, LAND_USES, SERVICE_TYPES } from './classes.ts';
import type { RecordOf, RecordSet } from './records.ts';

const each = (prefix: string, list: readonly { code: string }[]): string[] => list.map((x) => `${prefix}.${x.code}`);

/** The people columns, from buildings (see people.ts): aggregates only, never individuals. */
export const PEOPLE_COLUMNS = ['people.residents', 'people.registered', 'people.migrants', 'people.age0_14', 'people.age15_59', 'people.age60', 'people.households', 'people.daytime'] as const;

export const PANORAMA_COLUMNS = [
  ...PEOPLE_COLUMNS,
  'enterprises.count',
  ...each('enterprises.industry', INDUSTRY_SECTIONS),
  ...each('enterprises.status', ENTERPRISE_STATUSES),
  ...each('enterprises.size', ENTERPRISE_SIZES),
  /** Registered capital of operating enterprises, 10,000 yuan (万元). */
  'enterprises.capitalWan',
  'parcels.count',
  ...each('parcels.area', LAND_USES),
  'parcels.floorArea',
  'parcels.footprint',
  'components.count',
  ...each('components.type', COMPONENT_TYPES),
  ...each('components.status', COMPONENT_STATUSES),
  'services.count',
  ...each('services.type', SERVICE_TYPES),
  'cases.count',
  ...each('cases.status', CASE_STATUSES),
  ...each('cases.source', CASE_SOURCES),
  ...each('cases.type', CASE_TYPES),
] as const;

export type PanoramaColumn = (typeof PANORAMA_COLUMNS)[number] | `${string}.${string}`;

/** Columns × cells, each column a Float64Array over the cells. */
export class PanoramaFigures {
  readonly columns: Map<string, Float64Array>;

  constructor(
    readonly cellCount: number,
    names: readonly string[] = PANORAMA_COLUMNS,
    arrays?: readonly Float64Array[],
  ) {
    this.columns = new Map(names.map((n, i) => [n, arrays?.[i] ?? new Float64Array(cellCount)]));
  }

  column(name: string): Float64Array {
    const c = this.columns.get(name);
    if (!c) throw new Error(`no panorama column ${name}`);
    return c;
  }

  get(name: string, cell: number): number {
    return this.column(name)[cell]!;
  }

  private add(name: string, cell: number, v: number): void {
    this.column(name)[cell]! += v;
  }

  /** Counts one record in its cell's figures. */
  addRecord<S extends RecordSet>(set: S, cell: number, record: RecordOf[S]): void {
    this.add(`${set}.count`, cell, 1);
    switch (set) {
      case 'enterprises': {
        const e = record as RecordOf['enterprises'];
        this.add(`enterprises.industry.${e.industry}`, cell, 1);
        this.add(`enterprises.status.${e.status}`, cell, 1);
        this.add(`enterprises.size.${e.size}`, cell, 1);
        if (e.status === 'operating') this.add('enterprises.capitalWan', cell, e.capitalWan);
        break;
      }
      case 'parcels': {
        const p = record as RecordOf['parcels'];
        this.add(`parcels.area.${p.use}`, cell, p.areaM2);
        this.add('parcels.floorArea', cell, p.plotRatio * p.areaM2);
        this.add('parcels.footprint', cell, p.coverage * p.areaM2);
        break;
      }
      case 'components': {
        const c = record as RecordOf['components'];
        this.add(`components.type.${c.type}`, cell, 1);
        this.add(`components.status.${c.status}`, cell, 1);
        break;
      }
      case 'services':
        this.add(`services.type.${(record as RecordOf['services']).type}`, cell, 1);
        break;
      case 'cases': {
        const c = record as RecordOf['cases'];
        this.add(`cases.status.${c.status}`, cell, 1);
        this.add(`cases.source.${c.source}`, cell, 1);
        this.add(`cases.type.${c.type}`, cell, 1);
        break;
      }
    }
  }

  /** One cell's figures by column name. */
  cell(cell: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, col] of this.columns) out[name] = col[cell]!;
    return out;
  }
}

/** A cell's land figures: plot ratio (floor area over parcel area) and coverage, 0 without parcels. */
export function landRatios(f: Record<string, number>): { parcelArea: number; plotRatio: number; coverage: number } {
  const parcelArea = LAND_USES.reduce((a, u) => a + (f[`parcels.area.${u.code}`] ?? 0), 0);
  return { parcelArea, plotRatio: parcelArea > 0 ? (f['parcels.floorArea'] ?? 0) / parcelArea : 0, coverage: parcelArea > 0 ? (f['parcels.footprint'] ?? 0) / parcelArea : 0 };
}
