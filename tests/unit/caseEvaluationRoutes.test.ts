/**
 * The evaluation's open routes (src/domains/cases/server/evaluationRoutes.ts) over a stand-in
 * database that counts its queries: only the panel's periods and groupings are taken, an answer is
 * shared for 15 s by everyone who asks (at once or after), and a failed count is not kept.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../server/ops/database.ts';
import { BodyProblem } from '../../server/ops/httpAnswers.ts';
import { CASE_ROUTES } from '../../src/domains/cases/apiContract.ts';
import { EVALUATION_ROUTES } from '../../src/domains/cases/evaluationContract.ts';
import { CACHE_MS, EvaluationRoutes } from '../../src/domains/cases/server/evaluationRoutes.ts';

const FUNNEL = { reported: 9, filed: 8, dispatched: 7, handled: 6, closed: 5 };
const COUNTS = { g: 'water', to_state: 'handled', filed: 0, dispatched: 0, sent_back: 0, handled: 4, handled_on_time: 3, verified: 0, closed: 0, stays: 0, stay_ms: 0 };

/** A database that answers the funnel's and the evaluation's queries, or fails while `down`. */
function standIn(): { db: Database; queries: () => number; down: (d: boolean) => void } {
  let n = 0;
  let down = false;
  const db = {
    kind: 'postgres',
    query: async (sql: string) => {
      n++;
      if (down) throw new Error('connection refused');
      return sql.includes('with cohort') ? [FUNNEL] : [COUNTS];
    },
  } as unknown as Database;
  return { db, queries: () => n, down: (d) => (down = d) };
}

/** A response that keeps what was sent. */
function response(): ServerResponse & { body: () => unknown } {
  let text = '';
  const res = { writeHead: () => res, end: (b: string) => (text = b), body: () => JSON.parse(text) as unknown };
  return res as unknown as ServerResponse & { body: () => unknown };
}

const url = (q: string): URL => new URL(`http://localhost/api/ops/${q}`);

describe('the evaluation’s open routes', () => {
  it('answer the funnel and the evaluation as their schemas say, and leave other routes alone', async () => {
    const routes = new EvaluationRoutes(standIn().db, () => 1_000_000_000);
    const f = response();
    expect(await routes.route(url('case-funnel?hours=24'), f)).toBe(true);
    expect(EVALUATION_ROUTES['case-funnel'].parse(f.body())).toEqual({ from: 1_000_000_000 - 86_400_000, to: 1_000_000_000, ...FUNNEL });
    const e = response();
    expect(await routes.route(url('case-evaluation?hours=720&by=district'), e)).toBe(true);
    expect(CASE_ROUTES['case-evaluation'].parse(e.body())).toMatchObject({ by: 'district', rows: [{ group: 'water', onTime: 0.75, dispatched: 0 }] });
    expect(await routes.route(url('cases?view=all'), response())).toBe(false);
  });

  it('take only the panel’s periods and groupings', async () => {
    const routes = new EvaluationRoutes(standIn().db);
    await expect(routes.route(url('case-evaluation?hours=743&by=department'), response())).rejects.toThrow(BodyProblem);
    await expect(routes.route(url('case-funnel?hours=0.1'), response())).rejects.toThrow('hours is one of 24, 168, 720');
    await expect(routes.route(url('case-evaluation?hours=24&by=phone'), response())).rejects.toThrow('by is one of department, district, type');
  });

  it('count once for everyone who asks within 15 s, and again after', async () => {
    const { db, queries } = standIn();
    let now = 1_000_000_000;
    const routes = new EvaluationRoutes(db, () => now);
    await Promise.all([1, 2, 3].map(() => routes.route(url('case-funnel?hours=24'), response())));
    now += CACHE_MS - 1;
    await routes.route(url('case-funnel?hours=24'), response());
    expect(queries()).toBe(1);
    // Another period or grouping is another count.
    await routes.route(url('case-funnel?hours=168'), response());
    await routes.route(url('case-evaluation?hours=24&by=type'), response());
    expect(queries()).toBe(3);
    now += 1;
    await routes.route(url('case-funnel?hours=24'), response());
    expect(queries()).toBe(4);
  });

  it('keep no failed count: the next ask counts again', async () => {
    const { db, queries, down } = standIn();
    const routes = new EvaluationRoutes(db, () => 1_000_000_000);
    down(true);
    await expect(routes.route(url('case-funnel?hours=24'), response())).rejects.toThrow('connection refused');
    down(false);
    const res = response();
    await routes.route(url('case-funnel?hours=24'), res);
    expect(queries()).toBe(2);
    expect(res.body()).toMatchObject(FUNNEL);
  });
});
