/**
 * The case loop's part of an operations-service instance (server/ops/opsPart.ts). It holds no
 * case in memory: every report and step goes to the database (./caseStore.ts) and is announced
 * after it is kept, retained on the case's topic (../contract.ts), so that every screen sees it
 * and a restarted service loses nothing, its countdowns going on from the deadlines kept. A
 * closed case is cleared from the broker ten minutes after its last step, as the simulator's were.
 */
import { randomBytes } from 'node:crypto';
import type { PartContext, RunningPart } from '../../../../server/ops/opsPart.ts';
import type { ApiLogin } from '../../../../server/ops/httpLogin.ts';
import { cellId } from '../../../analysis/gridFormat.ts';
import { FINAL_STATES, minutesLeft, ROLES, type Actor, type Case, type Refusal, type Report, type Role, type Step, type StepResult, type StepRow } from '../caseLoop.ts';
import { caseFilter, caseTopic, type CaseMessage } from '../contract.ts';
import { maskPhone, type CaseListView, type CaseView, type ReportRequest } from '../apiContract.ts';
import { CaseStore, listCases } from './caseStore.ts';
import { caseQuery, mayRead } from './caseQueries.ts';
import type { CaseSetup } from './caseSetup.ts';
import { generateHistory, loadHistory } from './history.ts';
import { CaseRuleRunner } from './caseRules.ts';
import { districtGovernment } from '../dispatchTable.ts';
import { CASE_TYPES, codesOf } from '../../panorama/index.ts';

const CLEAR_AFTER_MS = 10 * 60_000;
const SWEEP_MS = 30_000;
const LIST_LIMIT = 2000;

/** Why a request was refused, with the HTTP status it is answered with. */
export class CaseRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly current?: CaseView,
  ) {
    super(message);
  }
}

export interface CasePartStats {
  reports: number;
  steps: number;
  refused: Record<Refusal | 'database', number>;
  published: number;
  cleared: number;
  rules?: CaseRuleRunner['stats'];
}

const SYSTEM: Actor = { login: 'system', role: 'system' };

export class CaseService implements RunningPart {
  readonly store: CaseStore;
  private readonly figures: CasePartStats = { reports: 0, steps: 0, refused: { input: 0, role: 0, reach: 0, state: 0, changed: 0, database: 0 }, published: 0, cleared: 0 };
  /** Loop cases retained on the broker that are final, and when: cleared once aged out. */
  private readonly finals = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly rules: CaseRuleRunner;

  constructor(
    private readonly ctx: PartContext,
    readonly setup: CaseSetup,
  ) {
    this.store = new CaseStore(ctx.database, setup.calendar, setup.table.limitOf);
    this.rules = new CaseRuleRunner(ctx, setup.rules, this);
    const sweep = setInterval(() => this.clearAged(), SWEEP_MS);
    sweep.unref();
    this.timers.push(sweep);
    if ((setup.history ?? 0) > 0) this.waitToLoadHistory(setup.history!);
  }

  retainedFilters(): string[] {
    return [caseFilter(this.ctx.prefix)];
  }

  /** A loop case left final on the broker (by this or another instance): to be cleared in time. */
  retained(topic: string, payload: Buffer): boolean {
    if (!topic.startsWith(`${this.ctx.prefix}/case/`)) return false;
    try {
      const m = JSON.parse(payload.toString('utf8')) as Partial<CaseMessage>;
      if (m.step && FINAL_STATES.includes(m.step) && m.id) this.finals.set(m.id, m.closed ?? this.ctx.now());
    } catch {
      // Not ours to judge: the page's feed counts a broken case message.
    }
    return true;
  }

  /** A hotline call or an inspector's report, made a case. */
  async report(body: ReportRequest, who: ApiLogin): Promise<CaseView> {
    const actor = this.actor(who);
    if (actor.role !== 'hotline' && actor.role !== 'inspector') throw this.refuse('role', 403, `a ${who.role} login does not report cases`);
    const cell = this.setup.grid.index.cellAt(body.lon, body.lat);
    if (cell < 0) throw this.refuse('input', 400, `(${body.lon}, ${body.lat}) is outside the city's management grid: WGS84 longitude, latitude expected`);
    const { packed } = this.setup.grid;
    const now = this.ctx.now();
    const id = `AJ${new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(4).toString('hex').toUpperCase()}`;
    const r = await this.kept(() =>
      this.store.collect(
        {
          id,
          source: actor.role === 'hotline' ? 'hotline' : 'inspector',
          cell: cellId(packed, cell),
          district: packed.districts[packed.district[cell]!]!,
          lon: body.lon,
          lat: body.lat,
          reportedAt: now,
          description: body.description,
          caller: actor.role === 'hotline' ? (body.phone ?? null) : null,
          photos: actor.role === 'inspector' ? (body.photos ?? []) : [],
          origin: null,
          type: body.type,
        },
        actor,
      ),
    );
    return this.applied(r, who, 'reports');
  }

  /** One step of the loop, decided on `version` of the case. */
  async step(id: string, version: number, step: Step, who: ApiLogin): Promise<CaseView> {
    const actor = this.actor(who);
    if (step.kind === 'dispatch' && !this.setup.table.has(step.department)) throw this.refuse('input', 400, `${step.department} is no department of the city`);
    const current = await this.kept(() => this.store.get(id));
    if (!current || !mayRead(who, current)) throw this.refuse('reach', 404, `no case ${id}${current ? ` for ${who.name}` : ''}`);
    const r = await this.kept(() => this.store.step(id, step, version, actor, this.ctx.now()));
    return this.applied(r, who, 'steps');
  }

  async list(view: CaseListView, who: ApiLogin): Promise<{ now: number; total: number; cases: CaseView[] }> {
    const now = this.ctx.now();
    const { total, cases } = await this.kept(() => listCases(this.ctx.database, caseQuery(view, who, now), LIST_LIMIT));
    return { now, total, cases: cases.map((c) => this.view(c, who, now)) };
  }

  async get(id: string, who: ApiLogin): Promise<{ now: number; case: CaseView; steps: StepRow[] }> {
    const c = await this.kept(() => this.store.get(id));
    if (!c || !mayRead(who, c)) throw this.refuse('reach', 404, `no case ${id}`);
    const now = this.ctx.now();
    return { now, case: this.view(c, who, now), steps: await this.kept(() => this.store.steps(id)) };
  }

  /** A case as a login sees it: the caller masked but for the hotline, the countdown and the suggestion. */
  view(c: Case, who: ApiLogin, now: number): CaseView {
    return {
      ...c,
      caller: c.caller === null || who.role === 'hotline' ? c.caller : maskPhone(c.caller),
      minutesLeft: minutesLeft(c, now, this.setup.calendar),
      suggested: c.state === 'filed' ? (this.rules.departmentOf(c.origin) ?? this.setup.table.suggest(c.type, c.district)) : null,
    };
  }

  /**
   * On a first start with history asked for, the leader loads it in the background once it leads
   * (after every part has started): the loop works meanwhile.
   */
  private waitToLoadHistory(count: number): void {
    const check = setInterval(() => {
      if (!this.ctx.leads()) return;
      clearInterval(check);
      void this.loadHistory(count);
    }, 1000);
    check.unref();
    this.timers.push(check);
  }

  private async loadHistory(count: number): Promise<void> {
    const { packed, index } = this.setup.grid;
    const places = new Float64Array(2 * index.cellCount);
    for (let i = 0; i < index.cellCount; i++) {
      places[2 * i] = (index.bboxes[4 * i]! + index.bboxes[4 * i + 2]!) / 2;
      places[2 * i + 1] = (index.bboxes[4 * i + 1]! + index.bboxes[4 * i + 3]!) / 2;
    }
    const district = (i: number): string => packed.districts[packed.district[i]!]!;
    const cases = generateHistory({
      seed: 20261207,
      count,
      end: this.ctx.now(),
      days: 30,
      calendar: this.setup.calendar,
      places,
      districtOf: district,
      cellOf: (i) => cellId(packed, i),
      departmentsFor: (type, d) => this.setup.table.suggest(type, d) ?? districtGovernment(d),
      // The kinds people report; the rules' own types (crowding, muck) come from alarms and violations.
      types: codesOf(CASE_TYPES).filter((t) => t !== 'crowding' && t !== 'muck'),
      limitOf: this.setup.table.limitOf,
    });
    try {
      const loaded = await loadHistory(this.ctx.database, cases, { batchSize: 500 });
      if (!loaded.skipped) console.log(`cases: loaded ${loaded.cases.toLocaleString('en')} cases of the last 30 days (${loaded.steps.toLocaleString('en')} steps) as closed history in ${(loaded.ms / 1000).toFixed(1)} s`);
    } catch (e) {
      console.error(`cases: the closed history was not loaded (${(e as Error).message}); the loop works without it`);
    }
  }

  /** A case a rule opens (./caseRules.ts), collected by the system; false when the origin has one already. */
  async openByRule(report: Report): Promise<boolean> {
    const r = await this.store.collect(report, SYSTEM);
    if (r.ok) this.announce(r.case, r.row.at);
    return r.ok;
  }

  /** The alarm a case was opened for has cleared: the case says so, and stays open until verified. */
  async alarmCleared(id: string): Promise<void> {
    const c = await this.store.get(id);
    if (!c || FINAL_STATES.includes(c.state) || c.alarmCleared) return;
    const r = await this.store.step(id, { kind: 'alarm-cleared' }, c.version, SYSTEM, this.ctx.now());
    if (r.ok) this.announce(r.case, r.row.at);
  }

  stats(): CasePartStats {
    return { ...this.figures, rules: this.rules.stats };
  }

  stop(): Promise<void> {
    this.kill();
    return Promise.resolve();
  }

  kill(): void {
    for (const t of this.timers) clearInterval(t);
    this.rules.stop();
  }

  private actor(who: ApiLogin): Actor {
    if (!(ROLES as readonly string[]).includes(who.role)) throw this.refuse('role', 403, `a ${who.role} login takes no part in the case loop`);
    return { login: who.name, role: who.role as Role, department: who.department, cells: who.cells };
  }

  /** A database call; its failure refuses the request (503), nothing queued. */
  private async kept<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw this.refuse('database', 503, `the case record cannot be reached (${(e as Error).message}): nothing was changed; try again when it returns`);
    }
  }

  private applied(r: StepResult, who: ApiLogin, count: 'reports' | 'steps'): CaseView {
    if (!r.ok) {
      const now = this.ctx.now();
      const status = { role: 403, reach: 403, state: 409, input: 400, changed: 409 }[r.refusal];
      throw this.refuse(r.refusal, status, r.reason, r.current && this.view(r.current, who, now));
    }
    this.figures[count]++;
    this.announce(r.case, r.row.at);
    return this.view(r.case, who, this.ctx.now());
  }

  private refuse(reason: keyof CasePartStats['refused'], status: number, message: string, current?: CaseView): CaseRefusal {
    this.figures.refused[reason]++;
    return new CaseRefusal(status, message, current);
  }

  /** The case on the broker, as public as the map: no caller, no description. */
  private announce(c: Case, at: number): void {
    const final = FINAL_STATES.includes(c.state);
    const message: CaseMessage = {
      id: c.id,
      source: c.source,
      type: (c.type ?? 'sanitation') as CaseMessage['type'],
      status: final ? 'closed' : 'open',
      opened: c.reportedAt,
      closed: final ? at : null,
      lon: c.lon,
      lat: c.lat,
      step: c.state,
      department: c.department,
      deadline: c.deadline,
    };
    this.ctx.publishRetained(caseTopic(this.ctx.prefix, c.id), JSON.stringify(message));
    this.figures.published++;
    if (final) this.finals.set(c.id, at);
  }

  private clearAged(): void {
    const now = this.ctx.now();
    for (const [id, at] of this.finals) {
      if (now - at < CLEAR_AFTER_MS) continue;
      this.finals.delete(id);
      this.ctx.publishRetained(caseTopic(this.ctx.prefix, id), '');
      this.figures.cleared++;
    }
  }
}
