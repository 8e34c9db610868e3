/**
 * The case loop's dispatch table, as data (public/cities/guangzhou/case-dispatch.json): which
 * department a filed case goes to by its type and district, shown to the dispatcher as a
 * suggestion they may override, and each type's time limits in working minutes. The departments
 * are the hub's own: the bureaus that own the vital signs (the signs' catalogue) and the
 * districts' governments (区人民政府, one per district of the city's districts file).
 */
import { z } from 'zod';
import { DEFAULT_LIMITS, URGENCIES, type Urgency } from './caseLoop.ts';
import type { CaseDepartment } from './apiContract.ts';

const limits = z.object(Object.fromEntries(URGENCIES.map((u) => [u, z.number().int().positive()])) as Record<Urgency, z.ZodNumber>);

export const dispatchSchema = z.object({
  about: z.string().optional(),
  rules: z.array(z.object({ type: z.string(), district: z.string(), department: z.string() })).min(1),
  limits: z.record(z.string(), limits).optional(),
});
export type DispatchData = z.infer<typeof dispatchSchema>;

/** A district's government as a department: `gov-440106`. */
export const districtGovernment = (adcode: string): string => `gov-${adcode}`;

export class DispatchTable {
  readonly departments: readonly CaseDepartment[];
  private readonly known: ReadonlySet<string>;

  /** Refuses a rule that names a department the city does not have, so a typo is found at start. */
  constructor(
    private readonly data: DispatchData,
    bureaus: readonly { id: string; name: { zh: string; en: string } }[],
    districts: readonly { adcode: string; nameZh: string; nameEn: string }[],
  ) {
    this.departments = [
      ...bureaus.map((b) => ({ id: b.id, name: b.name, district: null })),
      ...districts.map((d) => ({ id: districtGovernment(d.adcode), name: { zh: `${d.nameZh}人民政府`, en: `${d.nameEn} District Government` }, district: d.adcode })),
    ];
    this.known = new Set(this.departments.map((d) => d.id));
    for (const r of data.rules) if (r.department !== 'district' && !this.known.has(r.department)) throw new Error(`the dispatch table names ${r.department}, which is no department of the city`);
  }

  has(department: string): boolean {
    return this.known.has(department);
  }

  /** The table's department for a type in a district, or null when no rule matches. */
  suggest(type: string | null, district: string): string | null {
    if (type === null) return null;
    const rule = this.data.rules.find((r) => r.type === type && (r.district === '*' || r.district === district));
    if (!rule) return null;
    return rule.department === 'district' ? districtGovernment(district) : rule.department;
  }

  /** A type's time limit at an urgency, in working minutes. */
  readonly limitOf = (type: string, urgency: Urgency): number => (this.data.limits?.[type] ?? this.data.limits?.['*'] ?? DEFAULT_LIMITS)[urgency];
}
