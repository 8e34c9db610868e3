/**
 * The live simulator's case loop, driven through the operations service's HTTP API as its people
 * would drive it (the issue: "departments handle them, some late, some sent back, some failing
 * verification", so that the evaluation has something true to show from the first start). A
 * 12345 hotline bot reports a call every `everyMs` (a caller's synthetic number, their words in
 * any script) and grid inspectors report now and then in their own cells; a dispatcher bot, a
 * handler bot per department and the inspectors then take the cases through the loop
 * (./caseLoopBots.ts). Nothing is published or written behind the service's back: every case and
 * step is one the API accepted from a login of the right role, and counted in the evaluation.
 *
 * The bots' delays are a person's (minutes), divided by `speed`; the deadlines are the service's
 * working time and are not, so a department that means to be late waits for its real deadline.
 * A share of new reports is left to a person at the dispatcher's desk, and taken over by the bot
 * only after it has sat untouched for half an hour (of the bots' time); a case outside the
 * inspectors' cells (an alarm's, a call a person took elsewhere) is the people's alone. The service restarting,
 * its database down or a login told to wait: the driver waits (./caseApiClient.ts) and goes on.
 */
import { mulberry32, pick, type Random } from '../city/random.ts';
import { CaseApiClient, type Cred } from './caseApiClient.ts';
import { DispatcherBot, HandlerBot, InspectorBot, type BotContext } from './caseLoopBots.ts';
import { callerPhone, callerSays, inspectorSays, REPORTED_TYPES } from './hotlineCalls.ts';

export type { Cred } from './caseApiClient.ts';

/** Where a case may be reported (WGS84), and the grid cell it is in where known (an inspector reports only in their own). */
export interface DriverPlace {
  lon: number;
  lat: number;
  cell?: string;
}

export interface CaseLoopLogins {
  hotline: Cred;
  dispatcher: Cred;
  /** A handler login per department (the dispatch table's departments for the places' districts). */
  handlers: Record<string, Cred>;
  /** Inspectors and their cells: every place's cell should be one of them, or its cases stay handled. */
  inspectors: { cred: Cred; cells: readonly string[] }[];
}

export interface CaseLoopDriverOptions {
  /** The web server the API is mounted on, e.g. http://127.0.0.1:8080. */
  apiUrl: string;
  logins: CaseLoopLogins;
  places: readonly DriverPlace[];
  seed: number;
  /** Wall milliseconds between new reports. */
  everyMs: number;
  /** How much faster than people the bots act (their delays are divided by it); default 1. */
  speed?: number;
  /** Share of new reports the dispatcher bot leaves to a person at the desk; default 0.3. */
  leaveForPeople?: number;
  /** Share of new reports made by an inspector in their cells rather than by the hotline; default 0.2. */
  inspectorShare?: number;
}

export interface CaseLoopDriverStats {
  /** Requests the API accepted, by what the bot meant: report, file, dispatch-wrong, send-back, verify-fail, report-back-late… */
  actions: Record<string, number>;
  /** Requests refused, by HTTP status, 'network' (no answer) or 'invalid' (an answer its schema refuses). */
  refused: Record<string, number>;
  /** Rounds of the bots and the hotline that threw (a bug: each is logged). */
  errors: number;
}

export interface CaseLoopDriver {
  stats(): CaseLoopDriverStats;
  stop(): Promise<void>;
}

/** A desk reads its view this often, in the bots' minutes, but never more than every MIN_POLL_MS of wall time. */
const POLL_MINUTES = 0.25;
const MIN_POLL_MS = 200;

export function startCaseLoopDriver(o: CaseLoopDriverOptions): CaseLoopDriver {
  const rnd = mulberry32(o.seed ^ 0xd41e5);
  const speed = o.speed ?? 1;
  const client = new CaseApiClient(o.apiUrl);
  const actions: Record<string, number> = {};
  let errors = 0;
  const x: BotContext = {
    client,
    rnd,
    now: Date.now,
    minutes: (lo, hi) => ((lo + (hi - lo) * rnd()) * 60_000) / speed,
    count: (a) => (actions[a] = (actions[a] ?? 0) + 1),
    misrouted: new Set(),
    departments: Object.keys(o.logins.handlers),
    beat: new Set(o.logins.inspectors.flatMap((i) => i.cells)),
    leaveForPeople: o.leaveForPeople ?? 0.3,
  };
  const bots = [new DispatcherBot(x, o.logins.dispatcher), ...Object.values(o.logins.handlers).map((c) => new HandlerBot(x, c)), ...o.logins.inspectors.map((i) => new InspectorBot(x, i.cred))];
  const report = reporter(x, o);
  const guarded = (f: () => Promise<void>) => async (): Promise<void> => {
    try {
      await f();
    } catch (e) {
      errors++;
      console.error(`case loop driver: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };
  const pollMs = Math.max(MIN_POLL_MS, (POLL_MINUTES * 60_000) / speed);
  // The desks start spread over one poll, so that they do not all ask at the same instant.
  const tickers = [...bots.map((b) => new Ticker(guarded(() => b.round()), pollMs, rnd() * pollMs)), new Ticker(guarded(report), o.everyMs, o.everyMs)];
  return {
    stats: () => ({ actions: { ...actions }, refused: { ...client.refused }, errors }),
    stop: async () => {
      await Promise.all(tickers.map((t) => t.stop()));
    },
  };
}

/** One new report: an inspector's in their own cells now and then, a hotline call otherwise. */
function reporter(x: BotContext, o: CaseLoopDriverOptions): () => Promise<void> {
  const beats = o.logins.inspectors.map((i) => ({ cred: i.cred, places: o.places.filter((p) => p.cell !== undefined && i.cells.includes(p.cell)) })).filter((b) => b.places.length > 0);
  const share = o.inspectorShare ?? 0.2;
  return async () => {
    const { rnd, client } = x;
    if (o.places.length === 0) return;
    const type = pick(rnd, REPORTED_TYPES);
    const beat = beats.length > 0 && rnd() < share ? beats[Math.floor(rnd() * beats.length)]! : null;
    if (beat) {
      if (client.ready(beat.cred) && (await client.report(beat.cred, { type, description: inspectorSays(rnd, type), ...placeOf(rnd, beat.places) }))) x.count('inspector-report');
      return;
    }
    if (client.ready(o.logins.hotline) && (await client.report(o.logins.hotline, { type, description: callerSays(rnd, type), phone: callerPhone(rnd), ...placeOf(rnd, o.places) }))) x.count('report');
  };
}

function placeOf(rnd: Random, list: readonly DriverPlace[]): { lon: number; lat: number } {
  const p = list[Math.floor(rnd() * list.length)]!;
  return { lon: p.lon, lat: p.lat };
}

/** Runs `f` after `firstMs`, then `everyMs` after each run ends (never two at once), until stopped. */
class Ticker {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private readonly running: Promise<void>;

  constructor(f: () => Promise<void>, everyMs: number, firstMs: number) {
    this.running = this.run(f, everyMs, firstMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.running;
  }

  private async run(f: () => Promise<void>, everyMs: number, firstMs: number): Promise<void> {
    await this.sleep(firstMs);
    while (!this.stopped) {
      await f();
      await this.sleep(everyMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
