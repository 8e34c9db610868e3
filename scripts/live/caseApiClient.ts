/**
 * The case loop's HTTP API as the driver's bots call it (./caseLoopDriver.ts): global fetch with
 * each bot's own login, every answer validated with the API's schemas, and every refusal counted
 * by its status. It keeps the bots polite to a service in trouble, the way a person at a desk
 * would be: a login told 429 waits its Retry-After; a 503 (the database is down) or no answer at
 * all (the service restarting) makes every bot wait, longer after each failure in a row, up to
 * half a minute, and go on at the first answer. A login refused (401) is not tried again: guessing
 * on would have the service's login guard lock out the address people sign in from as well. No
 * request is retried here: the bots decide again from what they read next.
 */
import type { z } from 'zod';
import { OPS_API_PREFIX } from '../../src/live/opsApiContract.ts';
import { CASE_ROUTES, type CaseListView, type CaseView, type ReportRequest, type StepRequest } from '../../src/domains/cases/apiContract.ts';

export interface Cred {
  name: string;
  password: string;
}

/** A step's outcome: the case after it, or the status it was refused with (and the case as it is now, on a 409 that says). */
export type StepOutcome = { ok: true; case: CaseView } | { ok: false; status: number | 'network' | 'invalid'; current?: CaseView };

const FIRST_PAUSE_MS = 500;
const MAX_PAUSE_MS = 30_000;
/** A request that takes longer is given up (and counted as no answer). */
const REQUEST_TIMEOUT_MS = 10_000;

type Answer = { status: number; json: unknown; retryAfter: number } | { status: 'network' };

export class CaseApiClient {
  /** Refusals by HTTP status, 'network' (no answer) and 'invalid' (an answer its schema refuses). */
  readonly refused: Record<string, number> = {};
  private pausedUntil = 0;
  private failuresInARow = 0;
  private readonly loginPausedUntil = new Map<string, number>();

  constructor(
    private readonly apiUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a login may send now: not while the service is away, nor while this login was told to wait. */
  ready(cred: Cred): boolean {
    const now = this.now();
    return now >= this.pausedUntil && now >= (this.loginPausedUntil.get(cred.name) ?? 0);
  }

  async list(cred: Cred, view: CaseListView): Promise<CaseView[] | null> {
    const a = await this.call(cred, 'GET', `cases?view=${view}`);
    return (a && this.parse(CASE_ROUTES.cases, a)?.cases) ?? null;
  }

  async get(cred: Cred, id: string): Promise<CaseView | null> {
    const a = await this.call(cred, 'GET', `case?id=${encodeURIComponent(id)}`);
    return (a && this.parse(CASE_ROUTES.case, a)?.case) ?? null;
  }

  async report(cred: Cred, body: ReportRequest): Promise<CaseView | null> {
    const a = await this.call(cred, 'POST', 'case-report', body);
    return (a && this.parse(CASE_ROUTES['case-report'], a)?.case) ?? null;
  }

  async step(cred: Cred, body: StepRequest): Promise<StepOutcome> {
    const a = await this.call(cred, 'POST', 'case-step', body);
    if (a === null) return { ok: false, status: 'network' };
    if (a.status === 200) {
      const c = this.parse(CASE_ROUTES['case-step'], a)?.case;
      return c ? { ok: true, case: c } : { ok: false, status: 'invalid' };
    }
    const current = CASE_ROUTES['case-step'].shape.case.safeParse((a.json as { current?: unknown }).current);
    return { ok: false, status: a.status, current: current.success ? current.data : undefined };
  }

  /** One request; null when it was not answered at all. A refusal is counted here, whoever handles it. */
  private async call(cred: Cred, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown } | null> {
    const a = await this.send(cred, method, path, body);
    if (a.status === 'network' || a.status === 503) this.failed();
    else this.failuresInARow = 0;
    if (a.status === 'network') {
      this.count('network');
      return null;
    }
    if (a.status === 429) this.loginPausedUntil.set(cred.name, this.now() + Math.max(1, a.retryAfter) * 1000);
    if (a.status === 401 && this.loginPausedUntil.get(cred.name) !== Infinity) {
      this.loginPausedUntil.set(cred.name, Infinity);
      console.error(`case loop driver: ${cred.name} was refused (401): its desk stops`);
    }
    if (a.status !== 200) this.count(String(a.status));
    return a;
  }

  private async send(cred: Cred, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${cred.name}:${cred.password}`).toString('base64')}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const url = new URL(`${OPS_API_PREFIX}${path}`, this.apiUrl);
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const res = await fetch(url, method === 'POST' ? { method, headers, body: JSON.stringify(body), signal } : { headers, signal });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = { error: text };
      }
      return { status: res.status, json, retryAfter: Number(res.headers.get('retry-after') ?? 1) || 1 };
    } catch {
      return { status: 'network' };
    }
  }

  /** An answer's value when it is a 200 its schema accepts; otherwise null (counted when the schema refused it). */
  private parse<T>(schema: z.ZodType<T>, a: { status: number; json: unknown }): T | null {
    if (a.status !== 200) return null;
    const r = schema.safeParse(a.json);
    if (!r.success) this.count('invalid');
    return r.success ? r.data : null;
  }

  /** The service is away: everyone waits, twice as long after each failure that came after a wait. */
  private failed(): void {
    const now = this.now();
    if (now < this.pausedUntil) return;
    this.failuresInARow++;
    this.pausedUntil = now + Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (this.failuresInARow - 1));
  }

  private count(key: string): void {
    this.refused[key] = (this.refused[key] ?? 0) + 1;
  }
}
