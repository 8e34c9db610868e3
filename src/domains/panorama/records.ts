/**
 * The record-level panoramas: what one record of each set holds, and its schema. In the chunk
 * files a record is a JSON array (the tuple below), which keeps 500,000 records small; the
 * schemas turn tuples into records once, at the edge, and refuse anything else.
 */
import { z } from 'zod';
import {
  CASE_SOURCES,
  CASE_STATUSES,
  CASE_TYPES,
  codesOf,
  COMPONENT_STATUSES,
  COMPONENT_TYPES,
  ENTERPRISE_SIZES,
  ENTERPRISE_STATUSES,
  INDUSTRY_SECTIONS,
  LAND_USES,
  SERVICE_TYPES,
} from './classes.ts';

/** The record sets, in file order. People are aggregates only and have no records. */
export const RECORD_SETS = ['enterprises', 'parcels', 'components', 'services', 'cases'] as const;
export type RecordSet = (typeof RECORD_SETS)[number];

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const text = (max: number) => z.string().min(1).max(max);

export const enterpriseRow = z
  .tuple([z.string().length(18), text(120), z.enum(codesOf(INDUSTRY_SECTIONS)), z.enum(codesOf(ENTERPRISE_SIZES)), z.enum(codesOf(ENTERPRISE_STATUSES)), z.number().min(0), z.string().max(64), lon, lat])
  .transform(([code, name, industry, size, status, capital, building, x, y]) => ({ code, name, industry, size, status, capitalWan: capital, building, lon: x, lat: y }));

export const parcelRow = z
  .tuple([text(64), z.enum(codesOf(LAND_USES)), z.number().positive(), z.number().min(0), z.number().min(0).max(1), z.array(z.number()).min(8)])
  .refine(([, , , , , ring]) => ring.length % 2 === 0, { message: 'ring needs lon, lat pairs' })
  .transform(([id, use, area, far, coverage, ring]) => ({ id, use, areaM2: area, plotRatio: far, coverage, ring }));

export const componentRow = z
  .tuple([text(64), z.enum(codesOf(COMPONENT_TYPES)), z.enum(codesOf(COMPONENT_STATUSES)), lon, lat])
  .transform(([id, type, status, x, y]) => ({ id, type, status, lon: x, lat: y }));

export const serviceRow = z
  .tuple([text(64), z.enum(codesOf(SERVICE_TYPES)), text(120), lon, lat])
  .transform(([id, type, name, x, y]) => ({ id, type, name, lon: x, lat: y }));

export const caseRow = z
  .tuple([text(64), z.enum(codesOf(CASE_SOURCES)), z.enum(codesOf(CASE_TYPES)), z.enum(codesOf(CASE_STATUSES)), z.number().int().positive(), z.number().int().positive().nullable(), lon, lat])
  .refine(([, , , status, , closed]) => (status === 'closed') === (closed !== null), { message: 'a closed case has a closing time, an open one none' })
  .transform(([id, source, type, status, opened, closed, x, y]) => ({ id, source, type, status, openedMs: opened, closedMs: closed, lon: x, lat: y }));

export const ROW_SCHEMAS = { enterprises: enterpriseRow, parcels: parcelRow, components: componentRow, services: serviceRow, cases: caseRow } as const;

export type Enterprise = z.output<typeof enterpriseRow>;
export type Parcel = z.output<typeof parcelRow>;
export type Component = z.output<typeof componentRow>;
export type Service = z.output<typeof serviceRow>;
export type Case = z.output<typeof caseRow>;
export interface RecordOf {
  enterprises: Enterprise;
  parcels: Parcel;
  components: Component;
  services: Service;
  cases: Case;
}
export type RowOf<S extends RecordSet> = z.input<(typeof ROW_SCHEMAS)[S]>;

/** A record's position: its point, or a parcel's ring centre (the mean of its vertices). */
export function recordLonLat(set: RecordSet, r: RecordOf[RecordSet]): [number, number] {
  if (set !== 'parcels') return [(r as Enterprise).lon, (r as Enterprise).lat];
  const ring = (r as Parcel).ring;
  let x = 0, y = 0;
  const n = ring.length / 2 - 1; // the closing vertex repeats the first
  for (let i = 0; i < n; i++) {
    x += ring[2 * i]!;
    y += ring[2 * i + 1]!;
  }
  return [x / n, y / n];
}

/** The text a record is searched by in a cell's list. */
export function recordText(set: RecordSet, r: RecordOf[RecordSet]): string {
  switch (set) {
    case 'enterprises': {
      const e = r as Enterprise;
      return `${e.name} ${e.code} ${e.building}`;
    }
    case 'services':
      return `${(r as Service).name} ${(r as Service).id}`;
    default:
      return (r as Parcel | Component | Case).id;
  }
}
