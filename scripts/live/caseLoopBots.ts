/**
 * The case loop's desks as bots (./caseLoopDriver.ts starts them): a dispatcher, a handler per
 * department and the grid inspectors, each reading its own view of the service's API as its
 * login may see it and taking the steps a person at that desk would, after a person's delay.
 * A bot decides once per version of a case: what it means to do is kept until the case changes
 * (someone else acted, or its own step went through), and decided again from the case as it is
 * then. What a desk has decided about a case for good (a department that will be late, an
 * inspector who failed it once) it remembers, so that a case read again is not a new die roll.
 */
import { between, type Random } from '../city/random.ts';
import type { CaseListView, CaseView, StepRequest } from '../../src/domains/cases/apiContract.ts';
import type { Urgency } from '../../src/domains/cases/caseLoop.ts';
import { districtGovernment } from '../../src/domains/cases/dispatchTable.ts';
import type { CaseApiClient, Cred } from './caseApiClient.ts';
import { REPORTED_TYPES, say } from './hotlineCalls.ts';

type Step = StepRequest['step'];

/** What every bot shares: the API, the dice, the clock and the counts. */
export interface BotContext {
  client: CaseApiClient;
  rnd: Random;
  now(): number;
  /** Wall milliseconds for a person's delay of `lo`–`hi` minutes (compressed by the driver's speed). */
  minutes(lo: number, hi: number): number;
  count(action: string): void;
  /** Cases the dispatcher bot sent to a wrong department on purpose: that department sends them back. */
  misrouted: Set<string>;
  /** The departments that have a handler bot. */
  departments: readonly string[];
  /** The inspectors' cells: the dispatcher bot takes only cases there, which an inspector bot can close. */
  beat: ReadonlySet<string>;
  /** Share of new reports the dispatcher bot leaves to a person at the desk. */
  leaveForPeople: number;
}

/** What a bot means to do with a case at one version: a step from `at` on (and once `when` holds), or nothing. */
interface Plan {
  c: CaseView;
  at: number;
  step: Step | null;
  label: string;
  when?: (c: CaseView) => boolean;
}
type Intent = Omit<Plan, 'c'>;
const NOTHING: Intent = { at: 0, step: null, label: '' };

/** Desks remember this many cases at most, the oldest forgotten first. */
const MEMORY = 10_000;

abstract class CaseBot<Memo extends object> {
  private readonly plans = new Map<string, Plan>();
  private readonly memos = new Map<string, Memo>();

  constructor(
    protected readonly x: BotContext,
    readonly cred: Cred,
    private readonly view: CaseListView,
  ) {}

  /** One round: read the view, decide again on what changed, take the steps that are due. */
  async round(): Promise<void> {
    if (!this.x.client.ready(this.cred)) return;
    const cases = await this.x.client.list(this.cred, this.view);
    if (!cases) return;
    const seen = new Set(cases.map((c) => c.id));
    for (const id of this.plans.keys()) if (!seen.has(id)) this.plans.delete(id);
    for (const c of cases) this.observe(c);
    // A copy: a step taken plans the case anew, and that plan waits for the next round.
    for (const p of Array.from(this.plans.values())) {
      if (p.step === null || this.x.now() < p.at || (p.when && !p.when(p.c))) continue;
      if (!this.x.client.ready(this.cred)) return;
      await this.take(p);
    }
  }

  /** What this desk means to do with a case it has not seen at this version. */
  protected abstract decide(c: CaseView, memo: Memo): Intent;
  protected abstract newMemo(c: CaseView): Memo;
  /** After a step went through: what the desk remembers of it. */
  protected abstract took(step: Step, label: string, memo: Memo, c: CaseView): void;

  private memo(c: CaseView): Memo {
    let m = this.memos.get(c.id);
    if (!m) {
      m = this.newMemo(c);
      this.memos.set(c.id, m);
      if (this.memos.size > MEMORY) this.memos.delete(this.memos.keys().next().value!);
    }
    return m;
  }

  private observe(c: CaseView): void {
    const p = this.plans.get(c.id);
    if (p && p.c.version === c.version) p.c = c;
    else this.plans.set(c.id, { c, ...this.decide(c, this.memo(c)) });
  }

  /**
   * Takes a planned step. On a 409 the case changed under the desk: it reads the case again and
   * decides anew. No answer, a 429 or a 503: the plan stays, for the next round once the client
   * lets this login send again.
   */
  private async take(p: Plan): Promise<void> {
    const r = await this.x.client.step(this.cred, { id: p.c.id, version: p.c.version, step: p.step! });
    if (!r.ok && (r.status === 'network' || r.status === 429 || r.status === 503)) return;
    this.plans.delete(p.c.id);
    if (r.ok) {
      this.x.count(p.step!.kind === 'report-back' && (p.c.minutesLeft ?? 0) < 0 ? 'report-back-late' : p.label);
      this.took(p.step!, p.label, this.memo(p.c), r.case);
      this.observe(r.case);
    } else if (r.status === 409) {
      const now = r.current ?? (await this.x.client.get(this.cred, p.c.id));
      if (now) this.observe(now);
    }
  }
}

const TYPES = Object.keys(REPORTED_TYPES);
const URGENCY_OF: Record<'waterlogging' | 'other', Record<Urgency, number>> = { waterlogging: { urgent: 0.7, normal: 0.3, complex: 0 }, other: { urgent: 0.2, normal: 0.7, complex: 0.1 } };

/** Whether a case was left to the desk's people, and whether the bot has sent it to a wrong department once. */
interface DispatchMemo {
  people: boolean;
  misrouted: boolean;
}

/** The dispatcher: files, dispatches (now and then to a wrong department), rejects a few, answers requests, resumes. */
export class DispatcherBot extends CaseBot<DispatchMemo> {
  constructor(x: BotContext, cred: Cred) {
    super(x, cred, 'queue');
  }

  protected newMemo(c: CaseView): DispatchMemo {
    return { people: c.state === 'reported' && c.version === 1 && this.x.rnd() < this.x.leaveForPeople, misrouted: false };
  }

  protected decide(c: CaseView, memo: DispatchMemo): Intent {
    if (c.cell === null || !this.x.beat.has(c.cell)) return NOTHING;
    const intent = this.next(c, memo);
    // A case left to the desk's people is taken over only once it has sat untouched for half an hour.
    return memo.people && intent.step ? { ...intent, at: this.x.now() + this.x.minutes(30, 30), label: `${intent.label}-taken-over` } : intent;
  }

  private next(c: CaseView, memo: DispatchMemo): Intent {
    const { rnd, minutes, now } = this.x;
    const at = now() + minutes(0.5, 3);
    switch (c.state) {
      case 'reported': {
        if (rnd() < 0.04) return { at, step: { kind: 'reject', reason: say(rnd, 'reject') }, label: 'reject' };
        const type = rnd() < 0.05 ? TYPES[Math.floor(rnd() * TYPES.length)]! : (c.type ?? 'sanitation');
        return { at, step: { kind: 'file', type, urgency: urgencyFor(rnd, type) }, label: 'file' };
      }
      case 'filed': {
        const right = c.suggested ?? districtGovernment(c.district);
        const wrong = this.x.departments.filter((d) => d !== right);
        if (!memo.misrouted && wrong.length > 0 && rnd() < 0.1) {
          memo.misrouted = true;
          return { at, step: { kind: 'dispatch', department: wrong[Math.floor(rnd() * wrong.length)]! }, label: 'dispatch-wrong' };
        }
        return { at, step: { kind: 'dispatch', department: right }, label: 'dispatch' };
      }
      case 'dispatched': {
        if (!c.pending) return NOTHING;
        const approve = rnd() < (c.pending.kind === 'extension' ? 0.8 : 0.7);
        const step: Step = approve ? { kind: 'decide', approve } : { kind: 'decide', approve, reason: say(rnd, 'refuse') };
        return { at: now() + minutes(1, 5), step, label: `${approve ? 'approve' : 'refuse'}-${c.pending.kind}` };
      }
      case 'suspended':
        return { at: now() + minutes(10, 40), step: { kind: 'resume' }, label: 'resume' };
      default:
        return NOTHING;
    }
  }

  protected took(_step: Step, label: string, _memo: DispatchMemo, c: CaseView): void {
    if (label.startsWith('dispatch-wrong')) this.x.misrouted.add(c.id);
  }
}

function urgencyFor(rnd: Random, type: string): Urgency {
  const shares = URGENCY_OF[type === 'waterlogging' ? 'waterlogging' : 'other'];
  const r = rnd();
  return r < shares.urgent ? 'urgent' : r < shares.urgent + shares.normal ? 'normal' : 'complex';
}

/** How a department means to handle a case, decided the first time it is its to handle. */
type HandlerFate = 'on-time' | 'late' | 'extension' | 'dispute' | 'suspension';
interface HandlerMemo {
  fate: HandlerFate | null;
  /** An extension or a suspension has been asked for. */
  asked: boolean;
  /** The department has sent it back once (it will not again). */
  sentBack: boolean;
  /** Reports back made: another is rework. */
  reportsBack: number;
}

/** A department: reports back after a while (an urgent case now and then only once it is overdue), asks for more time, sends back. */
export class HandlerBot extends CaseBot<HandlerMemo> {
  constructor(x: BotContext, cred: Cred) {
    super(x, cred, 'mine');
  }

  protected newMemo(): HandlerMemo {
    return { fate: null, asked: false, sentBack: false, reportsBack: 0 };
  }

  protected decide(c: CaseView, memo: HandlerMemo): Intent {
    if (c.state !== 'dispatched' || c.pending) return NOTHING;
    const { rnd, minutes, now } = this.x;
    const soon = now() + minutes(1, 5);
    if (this.x.misrouted.has(c.id)) return { at: soon, step: { kind: 'send-back', reason: say(rnd, 'misrouted') }, label: 'send-back' };
    const reportBack = (lo: number, hi: number, label = 'report-back'): Intent => ({ at: now() + minutes(lo, hi), step: { kind: 'report-back', note: say(rnd, 'reportBack'), photos: [] }, label });
    if (memo.reportsBack > 0) return reportBack(5, 30, 'report-back-rework');
    memo.fate ??= this.fate(c, memo);
    switch (memo.fate) {
      case 'dispute':
        return memo.sentBack ? reportBack(3, 20) : { at: soon, step: { kind: 'send-back', reason: say(rnd, 'dispute') }, label: 'send-back' };
      case 'extension':
        return memo.asked ? reportBack(3, 20) : { at: soon, step: { kind: 'request-extension', minutes: 30 * Math.ceil(between(rnd, 2, 16)), reason: say(rnd, 'extension') }, label: 'request-extension' };
      case 'suspension':
        return memo.asked ? reportBack(3, 20) : { at: soon, step: { kind: 'request-suspension', reason: say(rnd, 'suspension') }, label: 'request-suspension' };
      case 'late':
        // Held until its working time has run out, whatever the speed: the deadline is the service's.
        return { ...reportBack(1, 5), when: (seen) => (seen.minutesLeft ?? 0) < 0 };
      default:
        return reportBack(3, 20);
    }
  }

  private fate(c: CaseView, memo: HandlerMemo): HandlerFate {
    const r = this.x.rnd();
    if (c.urgency === 'urgent' && r < 0.25) return 'late';
    if (r < 0.08) return 'extension';
    if (r < 0.11 && !memo.sentBack) return 'dispute';
    return r < 0.13 ? 'suspension' : 'on-time';
  }

  protected took(step: Step, _label: string, memo: HandlerMemo, c: CaseView): void {
    if (step.kind === 'send-back') {
      memo.sentBack = true;
      this.x.misrouted.delete(c.id);
    }
    if (step.kind === 'request-extension' || step.kind === 'request-suspension') memo.asked = true;
    if (step.kind === 'report-back') memo.reportsBack++;
  }
}

/** A grid inspector: verifies what was handled in their cells, failing about one case in ten once (rework). */
export class InspectorBot extends CaseBot<{ failed: boolean }> {
  constructor(x: BotContext, cred: Cred) {
    super(x, cred, 'mine');
  }

  protected newMemo(): { failed: boolean } {
    return { failed: false };
  }

  protected decide(c: CaseView, memo: { failed: boolean }): Intent {
    if (c.state !== 'handled') return NOTHING;
    const { rnd, minutes, now } = this.x;
    const at = now() + minutes(2, 10);
    if (!memo.failed && rnd() < 0.1) return { at, step: { kind: 'verify', pass: false, reason: say(rnd, 'rework') }, label: 'verify-fail' };
    return { at, step: { kind: 'verify', pass: true }, label: 'verify-pass' };
  }

  protected took(step: Step, _label: string, memo: { failed: boolean }): void {
    if (step.kind === 'verify' && !step.pass) memo.failed = true;
  }
}
