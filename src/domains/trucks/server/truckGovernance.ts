/**
 * Muck-truck governance in the operations service: every GPS fix of an owned truck goes through
 * the rule engine (src/domains/trucks), and each violation it opens or closes is
 *   - kept in the database (truck_violations, one row per violation, upserted as it grows),
 *   - published retained on {city}/violation/{id} while open, and cleared when it closes.
 * On start the open violations of the owned trucks are taken back from the database, so a
 * restart neither loses one nor opens it twice. Writes that fail (the database restarting) stay
 * queued and are retried; nothing is dropped.
 */
import { cellId } from '../../../analysis/gridFormat.ts';
import { TruckRules, type Refusal, type Violation } from '../truckRules.ts';
import type { SensorRegistry } from '../../../live/contract.ts';
import type { OpsAnswer } from '../../../live/opsApiContract.ts';
import { violationTopic, type ViolationRecord } from '../contract.ts';
import type { Database } from '../../../../server/ops/database.ts';
import type { TruckSetup } from './loadTruckWorld.ts';

/** Open violations' growing evidence reaches the screens at most this often. */
const REPUBLISH_MS = 10_000;
const FLUSH_MS = 1000;
/** Silence is checked on this clock. */
const TICK_MS = 5000;
/** A truck's track for the replay keeps one fix in this many ms. */
const TRACK_EVERY_MS = 15_000;
/** How long the tracks are kept, and how often the old ones are deleted. */
const TRACK_DAYS = 8;
const PRUNE_MS = 3600_000;
/** Track rows written per statement at most. */
const TRACK_BATCH = 5000;

export interface TruckGovernanceStats {
  fixes: number;
  refused: Partial<Record<Refusal, number>>;
  open: number;
  opened: number;
  closed: number;
  /** Rows waiting for the database. */
  unsaved: number;
}

export class TruckGovernance {
  readonly rules: TruckRules;
  /** Registry index → truck slot in the engine, -1 for other sensors. */
  private readonly slotOf: Int32Array;
  private readonly truckIds: string[];
  /** Truck slot → registry index. */
  private readonly registryIndex: Int32Array;
  private readonly pending = new Map<string, ViolationRecord>();
  private readonly grown = new Set<Violation>();
  private opened = 0;
  private closed = 0;
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | null = null;
  /** Fixes waiting for truck_fixes: truck, t, lon, lat, speed. */
  private trackRows: { truck: string[]; t: number[]; lon: number[]; lat: number[]; speed: number[] } = { truck: [], t: [], lon: [], lat: [], speed: [] };
  private readonly lastTracked: Float64Array;

  constructor(
    private readonly setup: TruckSetup,
    registry: SensorRegistry,
    private readonly db: Database,
    private readonly prefix: string,
    private readonly publish: (topic: string, payload: string | Buffer) => void,
    private readonly owns: (registryIndex: number) => boolean,
    private readonly now: () => number,
  ) {
    this.slotOf = new Int32Array(registry.ids.length).fill(-1);
    this.truckIds = [];
    registry.kinds.forEach((k, i) => {
      if (k !== 'truck') return;
      this.slotOf[i] = this.truckIds.length;
      this.truckIds.push(registry.ids[i]!);
    });
    this.registryIndex = Int32Array.from(registry.kinds.flatMap((k, i) => (k === 'truck' ? [i] : [])));
    this.rules = new TruckRules(setup.world, { truckIds: this.truckIds });
    this.lastTracked = new Float64Array(this.truckIds.length);
    this.truckIds.forEach((_, s) => this.rules.assignRoute(s, setup.fleet.route[s] ?? -1));
  }

  /** Takes back the open violations of the trucks this instance owns, then starts the clocks. */
  async start(): Promise<void> {
    await this.restoreOwned();
    for (const v of this.rules.openViolations()) this.publish(violationTopic(this.prefix, v.id), JSON.stringify(this.record(v)));
    this.timers.push(
      setInterval(() => {
        this.rules.tick(this.now());
        this.drain();
      }, TICK_MS),
      setInterval(() => {
        for (const v of this.grown) if (v.end === null) this.publish(violationTopic(this.prefix, v.id), JSON.stringify(this.save(v)));
        this.grown.clear();
      }, REPUBLISH_MS),
      setInterval(() => void this.flush(), FLUSH_MS),
      setInterval(() => void this.prune(), PRUNE_MS),
    );
    void this.prune();
  }

  private async restoreOwned(): Promise<void> {
    const rows = await this.db.query<{ record: ViolationRecord }>(`select record from truck_violations where ended_at is null`);
    const slotById = new Map(this.truckIds.map((id, s) => [id, s]));
    const zoneIndex = new Map(this.setup.world.world.zones.map((z, i) => [z.id, i]));
    for (const { record: r } of rows) {
      const slot = slotById.get(r.truck);
      if (slot === undefined || !this.owns(this.registryIndex[slot]!)) continue;
      this.rules.restore({ id: r.id, truck: slot, rule: r.rule, zone: r.zone ? (zoneIndex.get(r.zone) ?? -1) : -1, start: r.start, end: null, lon: r.lon, lat: r.lat, peak: r.peak, track: r.track.flat() });
    }
  }

  /** Whether a sensor is a truck of the fleet: its positioned readings are fixes. */
  wantsPosition(registryIndex: number): boolean {
    return this.slotOf[registryIndex]! >= 0;
  }

  /** One decoded truck reading (its value is the speed); false when the engine refused the fix. */
  position(registryIndex: number, t: number, lon: number, lat: number, speed: number): boolean {
    const slot = this.slotOf[registryIndex]!;
    if (slot < 0) return false;
    const ok = this.rules.check({ truck: slot, t, lon, lat, speed }) === null;
    if (ok) {
      for (const v of this.rules.openFor(slot)) this.grown.add(v);
      if (t - this.lastTracked[slot]! >= TRACK_EVERY_MS) {
        this.lastTracked[slot] = t;
        const r = this.trackRows;
        r.truck.push(this.truckIds[slot]!);
        r.t.push(t);
        r.lon.push(lon);
        r.lat.push(lat);
        r.speed.push(speed);
      }
    }
    this.drain();
    return ok;
  }

  /**
   * After the instances changed: lets go of the trucks another instance now owns (their open
   * violations stay in the database and on the broker, for the new owner), and takes back from
   * the database the open violations of the trucks that moved here.
   */
  async ownersChanged(): Promise<void> {
    for (let s = 0; s < this.truckIds.length; s++) if (!this.owns(this.registryIndex[s]!)) this.rules.release(s);
    await this.restoreOwned();
  }

  stats(): TruckGovernanceStats {
    return {
      fixes: this.rules.accepted,
      refused: Object.fromEntries(Object.entries(this.rules.refused).filter(([, c]) => c > 0)),
      open: this.rules.openViolations().length,
      opened: this.opened,
      closed: this.closed,
      unsaved: this.pending.size + this.trackRows.truck.length,
    };
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.flush();
    if (this.pending.size > 0) await this.flush();
  }

  /** Stops as a crash would: queued rows are lost (the retained messages and the next fixes rebuild them). */
  kill(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.pending.clear();
    this.trackRows = { truck: [], t: [], lon: [], lat: [], speed: [] };
  }

  private drain(): void {
    for (const { change, violation } of this.rules.takeChanges()) {
      const record = this.save(violation);
      if (change === 'opened') {
        this.opened++;
        this.publish(violationTopic(this.prefix, violation.id), JSON.stringify(record));
      } else {
        this.closed++;
        this.grown.delete(violation);
        this.publish(violationTopic(this.prefix, violation.id), Buffer.alloc(0));
      }
    }
  }

  /** Queues the violation's row and returns its record. */
  private save(v: Violation): ViolationRecord {
    const record = this.record(v);
    this.pending.set(record.id, record);
    return record;
  }

  private record(v: Violation): ViolationRecord {
    const { world, fleet, grid } = this.setup;
    const cell = grid.index.cellAt(v.lon, v.lat);
    const zone = v.zone >= 0 ? world.world.zones[v.zone] : undefined;
    const company = fleet.companies[fleet.company[v.truck]!];
    const track: ViolationRecord['track'] = [];
    for (let k = 0; k + 3 < v.track.length; k += 4) track.push([v.track[k]!, v.track[k + 1]!, v.track[k + 2]!, v.track[k + 3]!]);
    return {
      id: v.id,
      truck: this.truckIds[v.truck]!,
      company: company?.id ?? '',
      companyName: company?.name ?? '',
      rule: v.rule,
      zone: zone?.id ?? null,
      zoneName: zone?.name ?? null,
      district: cell >= 0 ? grid.packed.districts[grid.packed.district[cell]!]! : null,
      cell: cell >= 0 ? cellId(grid.packed, cell) : null,
      start: v.start,
      end: v.end,
      lon: v.lon,
      lat: v.lat,
      peak: v.peak,
      track,
    };
  }

  private async prune(): Promise<void> {
    await this.db.query(`delete from truck_fixes where at < now() - interval '${TRACK_DAYS} days'`).catch(() => undefined);
  }

  /** Writes the queued track fixes (unnest of column arrays: one statement per batch); on failure they are put back. */
  private async flushTracks(): Promise<void> {
    const rows = this.trackRows;
    if (rows.truck.length === 0) return;
    this.trackRows = { truck: [], t: [], lon: [], lat: [], speed: [] };
    for (let k = 0; k < rows.truck.length; k += TRACK_BATCH) {
      const part = (a: unknown[]): unknown[] => a.slice(k, k + TRACK_BATCH);
      try {
        await this.db.query(
          `insert into truck_fixes (truck, at, lon, lat, speed)
           select truck, to_timestamp(ms / 1000), lon, lat, speed from unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[]) as u(truck, ms, lon, lat, speed)`,
          [part(rows.truck), part(rows.t), part(rows.lon), part(rows.lat), part(rows.speed)],
        );
      } catch {
        // The database is away: keep the rest for the next flush, ahead of what came since.
        const keep = this.trackRows;
        this.trackRows = {
          truck: [...rows.truck.slice(k), ...keep.truck],
          t: [...rows.t.slice(k), ...keep.t],
          lon: [...rows.lon.slice(k), ...keep.lon],
          lat: [...rows.lat.slice(k), ...keep.lat],
          speed: [...rows.speed.slice(k), ...keep.speed],
        };
        return;
      }
    }
  }

  /** Writes the queued rows; on failure they stay queued for the next flush. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pending.size === 0) {
      this.flushing = this.flushTracks().finally(() => {
        this.flushing = null;
      });
      return this.flushing;
    }
    const batch = [...this.pending.values()];
    this.pending.clear();
    const params: unknown[] = [];
    const rows = batch.map((r, k) => {
      params.push(r.id, r.truck, r.company, r.rule, r.zone, r.district, r.cell, r.start, r.end, JSON.stringify(r));
      const p = (j: number): string => `$${k * 10 + j}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, to_timestamp(${p(8)}::double precision / 1000), to_timestamp(${p(9)}::double precision / 1000), ${p(10)}::jsonb)`;
    });
    this.flushing = this.db
      .query(
        `insert into truck_violations (id, truck, company, rule, zone, district, cell, started_at, ended_at, record) values ${rows.join(', ')}
         on conflict (id) do update set ended_at = excluded.ended_at, cell = excluded.cell, district = excluded.district, record = excluded.record`,
        params,
      )
      .then(
        () => this.flushTracks(),
        () => {
          // Put back what is not newer in the queue already.
          for (const r of batch) if (!this.pending.has(r.id)) this.pending.set(r.id, r);
        },
      )
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }
}

/** What GET /api/ops/violations answers (src/live/opsApiContract.ts): the violations that started in a span, newest first, and the counts of all of them. */
export type ViolationReport = OpsAnswer<'violations'>;

/** The violations since `from` with their counts per rule, district, cell and company, from the database. */
export async function violationReport(db: Database, from: number, to: number, limit = 500): Promise<ViolationReport> {
  const since = [from / 1000];
  const rows = await db.query<{ record: ViolationRecord }>(`select record from truck_violations where started_at >= to_timestamp($1) order by started_at desc limit ${Math.max(1, Math.floor(limit))}`, since);
  const counts: ViolationReport['counts'] = { rule: {}, district: {}, cell: {}, company: {} };
  for (const key of ['rule', 'district', 'cell', 'company'] as const) {
    const grouped = await db.query<{ k: string | null; n: number }>(`select ${key} as k, count(*)::int as n from truck_violations where started_at >= to_timestamp($1) group by ${key}`, since);
    for (const g of grouped) if (g.k !== null) counts[key][g.k] = g.n;
  }
  return { from, to, violations: rows.map((r) => r.record), counts };
}

/** What GET /api/ops/truck-day answers (src/live/opsApiContract.ts): one truck's day in China Standard Time. */
export type TruckDay = OpsAnswer<'truck-day'>;

const CST_MS = 8 * 3600_000;

/** One truck's track and violations over one day (China Standard Time), from the database. */
export async function truckDay(db: Database, truck: string, date: string): Promise<TruckDay> {
  const from = Date.parse(`${date}T00:00:00Z`) - CST_MS;
  const to = from + 24 * 3600_000;
  const range = [truck, from / 1000, to / 1000];
  const fixes = await db.query<{ ms: number; lon: number; lat: number; speed: number }>(
    `select (extract(epoch from at) * 1000)::float8 as ms, lon, lat, speed::float8 as speed from truck_fixes where truck = $1 and at >= to_timestamp($2) and at < to_timestamp($3) order by at`,
    range,
  );
  const violations = await db.query<{ record: ViolationRecord }>(`select record from truck_violations where truck = $1 and started_at >= to_timestamp($2) and started_at < to_timestamp($3) order by started_at`, range);
  return { truck, date, from, to, points: fixes.map((f) => [f.ms, f.lon, f.lat, f.speed]), violations: violations.map((v) => v.record) };
}
