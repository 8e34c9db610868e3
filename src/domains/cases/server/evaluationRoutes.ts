/**
 * The evaluation's and the funnel's routes of the operations service's HTTP API (GET
 * case-evaluation?hours=…&by=…, GET case-funnel?hours=…; ../evaluationContract.ts), open without a
 * login: they answer counts and rates per department, district or type, nobody's name or number,
 * and the display wall reads them signed out. Since anyone may ask, a month's count is not theirs
 * to order at will: only the panel's periods are taken, and an answer is kept for CACHE_MS and
 * shared by everyone who asks meanwhile (each wall screen asks every 30 s), so the database counts
 * each at most once in that time however many ask.
 */
import type { ServerResponse } from 'node:http';
import type { Database } from '../../../../server/ops/database.ts';
import { BodyProblem, sendJson } from '../../../../server/ops/httpAnswers.ts';
import { OPS_API_PREFIX } from '../../../live/opsApiContract.ts';
import { EVALUATION_BYS, EVALUATION_HOURS, type CaseEvaluation, type CaseFunnel, type EvaluationBy } from '../evaluationContract.ts';
import { evaluationAnswer, funnelAnswer } from './evaluationQuery.ts';

export const CACHE_MS = 15_000;
const HOUR = 3_600_000;

export class EvaluationRoutes {
  private readonly kept = new Map<string, { at: number; answer: Promise<unknown> }>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Answers the two routes (true), or leaves the request to others (false); a bad query is a BodyProblem (400). */
  async route(url: URL, res: ServerResponse): Promise<boolean> {
    const path = url.pathname.slice(OPS_API_PREFIX.length);
    if (path !== 'case-evaluation' && path !== 'case-funnel') return false;
    const hours = Number(url.searchParams.get('hours') ?? 24);
    if (!(EVALUATION_HOURS as readonly number[]).includes(hours)) throw new BodyProblem(400, `hours is one of ${EVALUATION_HOURS.join(', ')}`);
    if (path === 'case-funnel') {
      sendJson(res, 'case-funnel', await this.answer(`funnel|${hours}`, (from, to) => funnelAnswer(this.db, from, to), hours));
      return true;
    }
    const by = url.searchParams.get('by') ?? 'department';
    if (!(EVALUATION_BYS as readonly string[]).includes(by)) throw new BodyProblem(400, `by is one of ${EVALUATION_BYS.join(', ')}`);
    sendJson(res, 'case-evaluation', await this.answer(`${by}|${hours}`, (from, to) => evaluationAnswer(this.db, from, to, by as EvaluationBy), hours));
    return true;
  }

  /** The answer kept for `key` if it is younger than CACHE_MS, else a new one (a failed one is not kept). */
  private answer<T extends CaseEvaluation | CaseFunnel>(key: string, count: (from: number, to: number) => Promise<T>, hours: number): Promise<T> {
    const now = this.now();
    const kept = this.kept.get(key);
    // A key names one route's answer (the funnel's begin `funnel|`), so what it keeps is a T.
    if (kept && now - kept.at < CACHE_MS) return kept.answer as Promise<T>;
    const answer = count(now - hours * HOUR, now);
    this.kept.set(key, { at: now, answer });
    answer.catch(() => {
      if (this.kept.get(key)?.answer === answer) this.kept.delete(key);
    });
    return answer;
  }
}
