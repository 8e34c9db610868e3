/**
 * The closed history the operations service loads on its first start: the cases of the last
 * `days` days in the city, so that the evaluation (../evaluation.ts) has something true to show
 * from the first minute rather than an empty table. Each case is driven through the real loop
 * (../caseLoop.ts: collect, then applyStep by the role that takes each step), so every row is one
 * the loop allows and the figures recounted from them are the loop's own; only the choices and
 * the times are made up, seeded: reports over the days with a daytime peak, filing and dispatch
 * within the hour, handling on the working calendar and mostly within the limit, now and then
 * sent back, reworked, extended, rejected or merged. Logins, texts and phone numbers (1380013xxxx)
 * are synthetic: no real person is in it. A case that would run past `end` is reported again at
 * another time, so nearly all end closed, rejected or merged.
 *
 * The loader writes a batch of cases and their steps with one statement, so one transaction, that
 * takes each column as one array parameter (unnest): 15 parameters whatever the batch, and half
 * the time of multi-row VALUES lists (measured: tests/live/caseHistory.live.ts). A database that
 * holds cases already is left alone, so a restart loads nothing twice.
 */
import { mulberry32 } from '../../../analysis/random.ts';
import type { Database } from '../../../../server/ops/database.ts';
import { applyStep, collect, DEFAULT_LIMITS, URGENCIES, type Actor, type Case, type LimitOf, type Report, type Step, type StepRow, type Urgency } from '../caseLoop.ts';
import type { WorkingCalendar } from '../workingCalendar.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CST = 8 * HOUR;

/**
 * What happens how often: merged, rejected and sent back or reworked per case (6 % of dispatches
 * sent back and 5 % of verifications failed, as the evaluation rates them); late per report back
 * that could still be on time (those that cannot, after a rework or a refused extension, make 8 %).
 */
const RATES = { merge: 0.02, reject: 0.03, inspector: 0.55, sentBack: 0.064, rework: 0.053, late: 0.075, extension: 0.03, approve: 0.85 };
const URGENCY_WEIGHTS: Record<Urgency, number> = { urgent: 8, normal: 84, complex: 8 };
/** Hotline calls by hour of the day (CST): a daytime peak, a few at night. */
const CALLS_BY_HOUR = [2, 1, 1, 1, 1, 2, 4, 8, 14, 18, 19, 17, 12, 13, 16, 17, 16, 14, 11, 10, 9, 7, 5, 3];
/** Inspectors patrol from 8:00 to 20:00, fewer on days off. */
const PATROL_BY_HOUR = [0, 0, 0, 0, 0, 0, 0, 0, 10, 16, 17, 14, 6, 9, 15, 16, 14, 10, 6, 3, 0, 0, 0, 0];

/** What people report of each type (the panorama's case types), and what the department reports back. */
const TEXTS: Record<string, { weight: number; said: readonly string[]; done: string }> = {
  noise: { weight: 16, said: ['深夜施工噪声扰民', '商铺外放音响声音过大', '广场舞音响噪声扰民', '空调外机噪声过大'], done: '已现场劝导，噪声已停止' },
  vending: { weight: 14, said: ['流动摊贩占道经营', '商铺出店经营占用人行道', '早市摊档占用车行道', '夜宵档占道摆卖'], done: '已劝离摊贩，道路恢复通行' },
  dumping: { weight: 14, said: ['建筑垃圾乱堆乱放', '废旧家具堆放在人行道', '杂物堆放堵塞消防通道', '装修垃圾随意倾倒'], done: '已清运完毕，现场恢复整洁' },
  construction: { weight: 6, said: ['天台违法搭建铁皮房', '首层违规加建雨棚', '私自圈地搭建围墙', '楼顶加建未见规划许可'], done: '已下达整改通知，违建已拆除' },
  component: { weight: 14, said: ['井盖缺失存在安全隐患', '路灯不亮', '人行道砖松动破损', '交通护栏损坏', '垃圾桶破损'], done: '已更换修复' },
  sanitation: { weight: 16, said: ['垃圾桶满溢未及时清运', '路面油污严重', '公厕卫生差', '绿化带内垃圾较多'], done: '已清扫保洁' },
  waterlogging: { weight: 5, said: ['路面积水影响通行', '雨后下穿隧道积水', '排水口堵塞导致积水', '小区门口积水较深'], done: '已疏通排水口，积水已消退' },
  parking: { weight: 15, said: ['车辆违规停放占用人行道', '消防通道被车辆堵塞', '共享单车乱停放', '货车长期占道停放'], done: '已张贴违停告知单，车辆已驶离' },
};
const OTHER_TEXT = { weight: 4, said: ['市容环境问题'], done: '已处理完毕' };
const WHERE = ['', '路口', '小区门口', '学校附近', '地铁站出口', '市场旁', '公交站旁'];
const REJECTED = ['不属于城市管理范围', '信息不全，无法核实', '经核实问题不存在'];
const SENT_BACK = ['非本部门职责', '不在本单位辖区'];
const EXTENDED = ['需协调多个部门，申请延期', '材料采购需时', '需等待天气好转后施工'];

export interface HistoryOptions {
  seed: number;
  count: number;
  /** The history ends here (epoch ms): no step is later. */
  end: number;
  days: number;
  calendar: WorkingCalendar;
  /** Where cases happen: lon, lat pairs (buildings where people live and shop). */
  places: Float64Array;
  districtOf(i: number): string;
  /** A place's grid cell; a case where there is none is not the grid's, and is rejected. */
  cellOf(i: number): string | null;
  /** The dispatch table's department for a type in a district. */
  departmentsFor(type: string, district: string): string;
  types: readonly string[];
  /** The dispatch table's time limits; the loop's defaults when left out. */
  limitOf?: LimitOf;
}

export interface HistoryCase {
  case: Case;
  rows: StepRow[];
}

/** A few of the latest filed cases, for a duplicate to be merged into. */
interface Earlier {
  id: string;
  place: number;
  type: string;
  reportedAt: number;
}

interface Gen extends HistoryOptions {
  rnd: () => number;
  start: number;
  limitOf: LimitOf;
  earlier: Earlier[];
}


const between = (g: Gen, lo: number, hi: number): number => lo + (hi - lo) * g.rnd();
const oneOf = <T>(g: Gen, items: readonly T[]): T => items[Math.floor(g.rnd() * items.length)]!;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function weighted(g: Gen, weights: readonly number[]): number {
  let r = g.rnd() * weights.reduce((a, w) => a + w, 0);
  for (const [i, w] of weights.entries()) if ((r -= w) < 0) return i;
  return weights.length - 1;
}

const textOf = (type: string) => TEXTS[type] ?? OTHER_TEXT;

/** When a report came in: a day of the window, an hour by the source's day, a second in it. */
function reportTime(g: Gen, source: Report['source']): number {
  const firstDay = Math.floor((g.start + CST) / DAY);
  const days = Math.floor((g.end + CST) / DAY) - firstDay + 1;
  for (let tries = 0; tries < 1000; tries++) {
    const day = firstDay + Math.floor(g.rnd() * days);
    const t = day * DAY - CST + weighted(g, source === 'inspector' ? PATROL_BY_HOUR : CALLS_BY_HOUR) * HOUR + Math.floor(g.rnd() * 3600) * 1000;
    if (t < g.start || t > g.end) continue;
    if (source === 'inspector' && !g.calendar.isWorkingDay(t) && g.rnd() > 0.6) continue;
    return t;
  }
  // A window of a few night hours that no patrol covers.
  return Math.floor(between(g, g.start, g.end));
}

function report(g: Gen, i: number, source: Report['source'], place: number, type: string, at: number): Report {
  const date = new Date(at + CST).toISOString().slice(0, 10).replaceAll('-', '');
  const said = `${oneOf(g, WHERE)}${oneOf(g, textOf(type).said)}`;
  const jitter = (): number => Math.round((g.rnd() - 0.5) * 400) / 1e6;
  return {
    // H: history, a name no case the service opens takes.
    id: `AJH${date}${pad(i + 1, 6)}`,
    source,
    cell: g.cellOf(place),
    district: g.districtOf(place),
    lon: g.places[2 * place]! + jitter(),
    lat: g.places[2 * place + 1]! + jitter(),
    reportedAt: at,
    description: source === 'hotline' ? `市民来电反映：${said}` : said,
    caller: source === 'hotline' ? `1380013${pad(Math.floor(g.rnd() * 10_000), 4)}` : null,
    photos: [],
    origin: null,
    // The reporter's category: the dispatcher files it as that.
    type,
  };
}

const dispatcher = (g: Gen): Actor => ({ login: `dispatcher-${pad(1 + Math.floor(g.rnd() * 8), 2)}`, role: 'dispatcher' });
const handler = (g: Gen, department: string): Actor => ({ login: `${department}-${1 + Math.floor(g.rnd() * 4)}`, role: 'handler', department });
const inspector = (cell: string): Actor => ({ login: `inspector-${cell}`, role: 'inspector', cells: [cell] });
const collector = (g: Gen, r: Report): Actor => (r.source === 'hotline' ? { login: `hotline-${pad(1 + Math.floor(g.rnd() * 12), 2)}`, role: 'hotline' } : inspector(r.cell!));

/** One case on its way through the loop: each step applied, or the case left where it is at `end`. */
class Run {
  c: Case;
  readonly rows: StepRow[];
  stopped = false;

  constructor(
    private readonly g: Gen,
    r: Report,
  ) {
    const made = collect(r, collector(g, r));
    if (!made.ok) throw new Error(`history case ${r.id}: ${made.reason}`);
    this.c = made.case;
    this.rows = [made.row];
  }

  get at(): number {
    return this.rows[this.rows.length - 1]!.at;
  }

  /** Takes the step at `at`, or stops the case where it is when `at` is past the end. */
  take(step: Step, by: Actor, at: number): boolean {
    if (this.stopped || at > this.g.end) {
      this.stopped = true;
      return false;
    }
    const r = applyStep(this.c, step, this.c.version, by, at, this.g.calendar, this.g.limitOf);
    if (!r.ok) throw new Error(`history case ${this.c.id}: ${r.reason}`);
    this.c = r.case;
    this.rows.push(r.row);
    return true;
  }

  /** `lo` to `hi` minutes of wall-clock time on (the command centre works round the clock). */
  wall(lo: number, hi: number): number {
    return this.at + Math.round(between(this.g, lo, hi) * 60) * 1000;
  }

  /** `lo` to `hi` working minutes on (departments and inspectors work office hours). */
  work(lo: number, hi: number): number {
    return this.g.calendar.addWorkingMinutes(this.at, Math.max(1, Math.round(between(this.g, lo, hi))));
  }

  /** Working minutes to the case's deadline from its last step. */
  left(): number {
    return this.g.calendar.workingMinutesBetween(this.at, this.c.deadline!);
  }
}

interface Plan {
  type: string;
  urgency: Urgency;
  reject: string | null;
  sentBack: boolean;
  rework: boolean;
  extension: boolean;
}

/** A department's report back: within the time left mostly, after the deadline now and then. */
function reportBack(run: Run, g: Gen, by: Actor, plan: Plan): boolean {
  const left = run.left();
  const step: Step = { kind: 'report-back', note: textOf(plan.type).done, photos: [] };
  if (left >= 2 && g.rnd() >= RATES.late) return run.take(step, by, g.calendar.addWorkingMinutes(run.at, Math.max(1, Math.floor(left * between(g, 0.15, 0.95)))));
  const limit = g.limitOf(plan.type, plan.urgency);
  return run.take(step, by, g.calendar.addWorkingMinutes(Math.max(run.at, run.c.deadline!), Math.max(1, Math.round(between(g, 0.02, 0.6) * limit))));
}

/** A department asks for more time halfway; the dispatcher mostly grants it. */
function extend(run: Run, g: Gen, by: Actor): boolean {
  const left = run.left();
  if (left < 10) return true;
  const minutes = g.calendar.dayMinutes * (1 + Math.floor(g.rnd() * 3));
  if (!run.take({ kind: 'request-extension', minutes, reason: oneOf(g, EXTENDED) }, by, run.work(left * 0.3, left * 0.7))) return false;
  const approve = g.rnd() < RATES.approve;
  return run.take(approve ? { kind: 'decide', approve } : { kind: 'decide', approve, reason: '请按原时限办结' }, dispatcher(g), run.wall(10, 90));
}

/** The department the dispatcher wrongly sent it to first: the table's choice for another type. */
function wrongDepartment(g: Gen, district: string, right: string): string {
  const first = Math.floor(g.rnd() * g.types.length);
  for (let k = 0; k < g.types.length; k++) {
    const d = g.departmentsFor(g.types[(first + k) % g.types.length]!, district);
    if (d !== right) return d;
  }
  return right;
}

/** From reported to closed (or rejected), as far as `end` lets it go. */
function lifecycle(run: Run, g: Gen, plan: Plan): void {
  if (plan.reject !== null) {
    run.take({ kind: 'reject', reason: plan.reject }, dispatcher(g), run.wall(5, 60));
    return;
  }
  if (!run.take({ kind: 'file', type: plan.type, urgency: plan.urgency }, dispatcher(g), run.wall(5, 60))) return;
  const right = g.departmentsFor(plan.type, run.c.district);
  if (plan.sentBack) {
    const wrong = wrongDepartment(g, run.c.district, right);
    if (!run.take({ kind: 'dispatch', department: wrong }, dispatcher(g), run.wall(5, 30))) return;
    if (!run.take({ kind: 'send-back', reason: wrong === right ? '地址有误，请核实' : oneOf(g, SENT_BACK) }, handler(g, wrong), run.work(10, 120))) return;
  }
  if (!run.take({ kind: 'dispatch', department: right }, dispatcher(g), run.wall(5, 30))) return;
  const by = handler(g, right);
  if (plan.extension && !extend(run, g, by)) return;
  if (!reportBack(run, g, by, plan)) return;
  const checker = inspector(run.c.cell!);
  if (plan.rework) {
    if (!run.take({ kind: 'verify', pass: false, reason: '现场复核未整改到位' }, checker, run.work(20, 240))) return;
    if (!reportBack(run, g, by, plan)) return;
  }
  run.take({ kind: 'verify', pass: true }, checker, run.work(20, 240));
}

/** A place with a grid cell, mostly: a case where there is none is not the grid's. */
function placeOf(g: Gen): number {
  const n = g.places.length / 2;
  let place = Math.floor(g.rnd() * n);
  for (let tries = 0; tries < 10 && g.cellOf(place) === null; tries++) place = Math.floor(g.rnd() * n);
  return place;
}

/** A second report of a case filed a little earlier, merged into it. */
function duplicate(g: Gen, i: number): HistoryCase {
  const first = oneOf(g, g.earlier);
  const run = new Run(g, report(g, i, 'hotline', first.place, first.type, Math.min(g.end, first.reportedAt + Math.round(between(g, 10, 24 * 60)) * MINUTE)));
  run.take({ kind: 'merge', into: first.id }, dispatcher(g), run.wall(5, 60));
  return { case: run.c, rows: run.rows };
}

function oneCase(g: Gen, i: number): HistoryCase {
  const roll = g.rnd();
  if (roll < RATES.merge && g.earlier.length > 0) return duplicate(g, i);
  const place = placeOf(g);
  // An inspector reports in their cells; a caller anywhere.
  const source = g.cellOf(place) !== null && g.rnd() < RATES.inspector ? 'inspector' : 'hotline';
  const type = g.types[weighted(g, g.types.map((t) => textOf(t).weight))]!;
  const urgency = URGENCIES[weighted(g, URGENCIES.map((u) => URGENCY_WEIGHTS[u]))]!;
  const reject = g.cellOf(place) === null ? '不在网格管理范围内' : roll < RATES.merge + RATES.reject ? oneOf(g, REJECTED) : null;
  const plan: Plan = { type, urgency, reject, sentBack: g.rnd() < RATES.sentBack, rework: g.rnd() < RATES.rework, extension: urgency !== 'urgent' && g.rnd() < RATES.extension };
  // The same case reported at another time when it would not be through by the end.
  let run: Run;
  for (let tries = 0; ; tries++) {
    run = new Run(g, report(g, i, source, place, type, reportTime(g, source)));
    lifecycle(run, g, plan);
    if (!run.stopped || tries === 8) break;
  }
  if (reject === null) {
    g.earlier.push({ id: run.c.id, place, type, reportedAt: run.c.reportedAt });
    if (g.earlier.length > 200) g.earlier.shift();
  }
  return { case: run.c, rows: run.rows };
}

/** `count` cases of the `days` days to `end`, one at a time (a few hundred bytes each), seeded. */
export function* generateHistory(o: HistoryOptions): Generator<HistoryCase> {
  if (!(o.days > 0) || o.places.length < 2 || o.types.length === 0) throw new RangeError('a history needs days, places and types');
  const g: Gen = { ...o, rnd: mulberry32(o.seed), start: o.end - o.days * DAY, limitOf: o.limitOf ?? ((_type, urgency) => DEFAULT_LIMITS[urgency]), earlier: [] };
  for (let i = 0; i < o.count; i++) yield oneCase(g, i);
}

/** The columns of case_steps (server/ops/database.ts), each with its array's type; times as epoch ms. */
const STEP_COLUMNS: [string, string, (r: StepRow) => unknown][] = [
  ['case_id', 'text', (r) => r.case],
  ['version', 'integer', (r) => r.version],
  ['kind', 'text', (r) => r.kind],
  ['at', 'time', (r) => r.at],
  ['actor', 'text', (r) => r.actor],
  ['role', 'text', (r) => r.role],
  ['from_state', 'text', (r) => r.from],
  ['to_state', 'text', (r) => r.to],
  ['department', 'text', (r) => r.department],
  ['deadline', 'time', (r) => r.deadline],
  ['detail', 'text', (r) => r.detail],
];

/** One statement for a batch, each column one array: the cases and their steps, both written, or neither. */
function statement(batch: readonly HistoryCase[]): { sql: string; params: unknown[] } {
  const rows = batch.flatMap((h) => h.rows);
  const arrays = STEP_COLUMNS.map(([, type], i) => `$${i + 5}::${type === 'time' ? 'float8' : type}[]`).join(', ');
  const values = STEP_COLUMNS.map(([name, type]) => (type === 'time' ? `to_timestamp(${name} / 1000)` : name)).join(', ');
  const names = STEP_COLUMNS.map(([name]) => name).join(', ');
  const sql = `with made as (insert into cases (id, version, state, record) select * from unnest($1::text[], $2::integer[], $3::text[], $4::jsonb[]))
    insert into case_steps (${names}) select ${values} from unnest(${arrays}) as s(${names})`;
  const cases = batch.map((h) => h.case);
  const params = [cases.map((c) => c.id), cases.map((c) => c.version), cases.map((c) => c.state), cases.map((c) => JSON.stringify(c)), ...STEP_COLUMNS.map(([, , of]) => rows.map(of))];
  return { sql, params };
}

export interface Loaded {
  cases: number;
  steps: number;
  ms: number;
  /** The cases table held history already: nothing was loaded. */
  skipped: boolean;
}

/**
 * Writes the history in batches of up to `batchSize` cases; none when the cases table holds
 * history already (its ids, AJH…), whatever live cases came first.
 */
export async function loadHistory(db: Database, history: Iterable<HistoryCase>, o: { batchSize?: number } = {}): Promise<Loaded> {
  const started = performance.now();
  const [held] = await db.query<{ any: boolean }>("select exists (select 1 from cases where id like 'AJH%') as any");
  if (held?.any) return { cases: 0, steps: 0, ms: Math.round(performance.now() - started), skipped: true };
  const size = o.batchSize ?? 2000;
  let batch: HistoryCase[] = [];
  let cases = 0;
  let steps = 0;
  const flush = async (): Promise<void> => {
    const { sql, params } = statement(batch);
    await db.query(sql, params);
    cases += batch.length;
    steps += batch.reduce((n, b) => n + b.rows.length, 0);
    batch = [];
  };
  for (const h of history) {
    batch.push(h);
    if (batch.length < size) continue;
    await flush();
    // A running service loads in the background: its readings and requests go between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (batch.length > 0) await flush();
  // Fresh statistics for the evaluation's plans: PGlite has no autovacuum, PostgreSQL's comes in its own time.
  await db.query('analyze case_steps');
  await db.query('analyze cases');
  return { cases, steps, ms: Math.round(performance.now() - started), skipped: false };
}
