/**
 * Standing alarms and violations made cases, by rule (public/cities/guangzhou/case-rules.json):
 * an alarm of a kind left unacknowledged for its minutes (a waterlogging alarm for 30), a crowd
 * alarm at a venue, or a muck-truck violation of a rule, with its evidence, opens one case of the
 * rule's type and urgency, and the rule's department is the dispatcher's suggestion. The part
 * watches the alarms and violations on its own connection, since another part owns those topics.
 *
 * One alarm episode (an alarm and its start) or one violation opens at most one case: the case's
 * id is made from it, so a second instance, or a restart, that tries again is refused by the
 * database. Only the leading instance opens cases. When the alarm clears, its case says so (the
 * `alarm-cleared` step) and stays open until an inspector verifies it.
 */
import { createHash } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';
import type { PartContext } from '../../../../server/ops/opsPart.ts';
import { URGENCIES, type Report } from '../caseLoop.ts';
import { CASE_TYPES, codesOf } from '../../panorama/index.ts';

const caseType = z.enum(codesOf(CASE_TYPES));
export const caseRulesSchema = z.object({
  about: z.string().optional(),
  alarms: z.array(z.object({ kind: z.string(), unackedMinutes: z.number().positive(), type: caseType, urgency: z.enum(URGENCIES), department: z.string() })),
  violations: z.array(z.object({ rule: z.string(), type: caseType, urgency: z.enum(URGENCIES), department: z.string() })),
});
export type CaseRules = z.infer<typeof caseRulesSchema>;

/** What the rules read of an alarm and of a violation (the alarms' and trucks' contracts carry more). */
interface StandingAlarm {
  id: string;
  sensor: number;
  kind: string;
  cell: string | null;
  district: string;
  state: string;
  startedAt: number;
  value: number;
}
interface Violation {
  id: string;
  truck: string;
  companyName: string;
  rule: string;
  zoneName: string | null;
  district: string | null;
  cell: string | null;
  start: number;
  lon: number;
  lat: number;
  track: unknown[];
}

/** What the rules need of the case service. */
export interface RuleSink {
  /** Opens a case collected by the system; false when it exists already. */
  openByRule(report: Report): Promise<boolean>;
  /** Marks the open case of an origin as its alarm cleared. */
  alarmCleared(caseId: string): Promise<void>;
}

/** Alarm states in which the condition has returned to normal (ISA-18.2: cleared, or returned unacknowledged). */
const RETURNED = new Set(['normal', 'rtn-unack']);

/** The case id of an alarm episode or a violation: the same origin always gives the same id. */
export const ruleCaseId = (origin: string): string => `AJR${createHash('sha256').update(origin).digest('hex').slice(0, 16).toUpperCase()}`;

export class CaseRuleRunner {
  readonly stats = { opened: 0, cleared: 0, refused: 0 };
  private readonly alarms = new Map<string, StandingAlarm>();
  /** Case ids of origins already opened, so a republished violation costs no query. */
  private readonly opened = new Set<string>();
  private readonly client: MqttClient;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ctx: PartContext,
    private readonly rules: CaseRules,
    private readonly sink: RuleSink,
  ) {
    const login = ctx.login('case-rules');
    this.client = mqtt.connect(login.url, { username: login.username, password: login.password, clientId: login.clientId, reconnectPeriod: 1000, clean: true });
    this.client.on('connect', () => void this.client.subscribeAsync([`${ctx.prefix}/alarm/+`, `${ctx.prefix}/violation/+`], { qos: 1 }).catch(() => undefined));
    this.client.on('message', (topic, payload) => this.message(topic, payload));
    // Often enough for the shortest rule: at least twice within its minutes, at most every 15 s.
    const shortest = Math.min(...rules.alarms.map((r) => r.unackedMinutes * 60_000));
    this.timer = setInterval(() => void this.tick(), Math.max(500, Math.min(15_000, shortest / 2)));
    this.timer.unref();
  }

  /** The rule's department for a case opened by rule: the dispatcher's suggestion. */
  departmentOf(origin: string | null): string | null {
    const m = /^(alarm|violation):([^:]+):/.exec(origin ?? '');
    if (!m) return null;
    return (m[1] === 'alarm' ? this.rules.alarms.find((r) => r.kind === m[2]) : this.rules.violations.find((r) => r.rule === m[2]))?.department ?? null;
  }

  private message(topic: string, payload: Buffer): void {
    const id = topic.slice(topic.lastIndexOf('/') + 1);
    const isAlarm = topic.startsWith(`${this.ctx.prefix}/alarm/`);
    let record: unknown = null;
    try {
      record = payload.length > 0 ? JSON.parse(payload.toString('utf8')) : null;
    } catch {
      this.stats.refused++;
      return;
    }
    if (isAlarm) this.alarmChanged(id, record as StandingAlarm | null);
    else if (record && this.ctx.leads()) void this.violation(record as Violation);
  }

  private alarmChanged(id: string, alarm: StandingAlarm | null): void {
    const before = this.alarms.get(id);
    if (alarm && !RETURNED.has(alarm.state)) this.alarms.set(id, alarm);
    else this.alarms.delete(id);
    // The episode that was standing has ended: its case, if one was opened, says so.
    if (before && (!alarm || RETURNED.has(alarm.state) || alarm.startedAt !== before.startedAt) && this.ctx.leads()) {
      const rule = this.rules.alarms.find((r) => r.kind === before.kind);
      if (rule) void this.sink.alarmCleared(ruleCaseId(this.alarmOrigin(before))).then(() => void this.stats.cleared++, () => undefined);
    }
  }

  private alarmOrigin(a: StandingAlarm): string {
    return `alarm:${a.kind}:${a.id}@${a.startedAt}`;
  }

  /** Opens a case for each alarm that has stood unacknowledged for its rule's minutes. */
  private async tick(): Promise<void> {
    if (!this.ctx.leads()) return;
    const now = this.ctx.now();
    for (const a of this.alarms.values()) {
      const rule = this.rules.alarms.find((r) => r.kind === a.kind);
      if (!rule || a.state !== 'unack' || now - a.startedAt < rule.unackedMinutes * 60_000) continue;
      const lon = this.ctx.registry.positions[2 * a.sensor]!;
      const lat = this.ctx.registry.positions[2 * a.sensor + 1]!;
      const origin = this.alarmOrigin(a);
      const description = `${a.id}: ${rule.unackedMinutes} min unacknowledged, since ${new Date(a.startedAt).toISOString()}, last value ${a.value}`;
      await this.open({ id: ruleCaseId(origin), source: 'rule', cell: a.cell, district: a.district, lon, lat, reportedAt: now, description, caller: null, photos: [], origin, type: rule.type, urgency: rule.urgency });
    }
  }

  private async violation(v: Violation): Promise<void> {
    const rule = this.rules.violations.find((r) => r.rule === v.rule);
    if (!rule || !v.district) return;
    const origin = `violation:${v.rule}:${v.id}`;
    const description = `${v.truck} (${v.companyName}): ${v.rule}${v.zoneName ? ` in ${v.zoneName}` : ''} since ${new Date(v.start).toISOString()}, ${v.track.length} track points as evidence`;
    await this.open({ id: ruleCaseId(origin), source: 'rule', cell: v.cell, district: v.district, lon: v.lon, lat: v.lat, reportedAt: this.ctx.now(), description, caller: null, photos: [], origin, type: rule.type, urgency: rule.urgency });
  }

  private async open(report: Report): Promise<void> {
    if (this.opened.has(report.id)) return;
    try {
      if (await this.sink.openByRule(report)) this.stats.opened++;
      // Opened now or before (by another instance, or before a restart): not asked again.
      this.opened.add(report.id);
      if (this.opened.size > 100_000) this.opened.clear();
    } catch {
      // The database is down: the alarm still stands, so the next tick tries again.
      this.stats.refused++;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.client.end(true);
  }
}
