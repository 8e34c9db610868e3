/**
 * The case loop's part of the operations service (server/ops/opsPart.ts): the loop's record and
 * announcements (./caseService.ts) on the files of ./caseSetup.ts, and its routes of the HTTP
 * API: for the loop's signed-in people (../apiContract.ts), and open to all the departments'
 * names, the evaluation and the funnel (./evaluationRoutes.ts), which name nobody. Every refusal is answered with its
 * reason and counted in the service's status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpsPart, ServiceView } from '../../../../server/ops/opsPart.ts';
import type { ApiLogin } from '../../../../server/ops/httpLogin.ts';
import { BodyProblem, readBody, readJson, send, sendJson, sendProblem } from '../../../../server/ops/httpAnswers.ts';
import { OPS_API_PREFIX } from '../../../live/opsApiContract.ts';
import { CASE_VIEWS, reportRequestSchema, stepRequestSchema, type CaseListView } from '../apiContract.ts';
import { CaseRefusal, CaseService, type CasePartStats } from './caseService.ts';
import { caseFilesFromEnv, loadCaseSetup, type CaseSetup } from './caseSetup.ts';
import { MAX_PHOTO_BYTES, PHOTO_TYPES, PhotoStore, photoProblem } from './photos.ts';
import { EvaluationRoutes } from './evaluationRoutes.ts';

declare module '../../../../server/ops/opsPart.ts' {
  interface DomainOpsOptions {
    cases?: CaseSetup;
  }
  interface DomainOpsParts {
    cases?: CaseService;
  }
  interface DomainOpsStats {
    cases?: CasePartStats;
  }
}

async function route(cases: CaseService, photos: PhotoStore, req: IncomingMessage, url: URL, res: ServerResponse, who: ApiLogin): Promise<boolean> {
  const path = url.pathname.slice(OPS_API_PREFIX.length);
  const post = req.method === 'POST';
  switch (path) {
    case 'cases': {
      const view = (url.searchParams.get('view') ?? 'all') as CaseListView;
      if (!CASE_VIEWS.includes(view)) throw new BodyProblem(400, `view is one of ${CASE_VIEWS.join(', ')}`);
      sendJson(res, 'cases', await cases.list(view, who));
      return true;
    }
    case 'case':
      sendJson(res, 'case', await cases.get(url.searchParams.get('id') ?? '', who));
      return true;
    case 'case-report': {
      if (!post) throw new BodyProblem(405, 'a report is a POST');
      const body = await readJson(req, reportRequestSchema);
      const missing = (body.photos ?? []).find((p) => !photos.has(p));
      if (missing) throw new BodyProblem(400, `no photo ${missing}: send it to case-photo first`);
      sendJson(res, 'case-report', { case: await cases.report(body, who) });
      return true;
    }
    case 'case-step': {
      if (!post) throw new BodyProblem(405, 'a step is a POST');
      const body = await readJson(req, stepRequestSchema);
      const missing = body.step.kind === 'report-back' ? body.step.photos.find((p) => !photos.has(p)) : undefined;
      if (missing) throw new BodyProblem(400, `no photo ${missing}: send it to case-photo first`);
      sendJson(res, 'case-step', { case: await cases.step(body.id, body.version, body.step, who) });
      return true;
    }
    case 'case-photo':
      return post ? keepPhoto(photos, req, res, who) : sendPhoto(photos, url, res);
    default:
      return false;
  }
}

async function keepPhoto(photos: PhotoStore, req: IncomingMessage, res: ServerResponse, who: ApiLogin): Promise<boolean> {
  if (who.role !== 'inspector' && who.role !== 'handler') throw new BodyProblem(403, `a ${who.role} login sends no photos`);
  const { type, body } = await readBody(req, MAX_PHOTO_BYTES, PHOTO_TYPES);
  const checked = photoProblem(body, type);
  if (!(PHOTO_TYPES as readonly string[]).includes(checked)) throw new BodyProblem(400, checked);
  send(res, 'application/json; charset=utf-8', JSON.stringify({ photo: photos.keep(body, checked as (typeof PHOTO_TYPES)[number]) }));
  return true;
}

function sendPhoto(photos: PhotoStore, url: URL, res: ServerResponse): boolean {
  const photo = photos.read(url.searchParams.get('id') ?? '');
  if (!photo) throw new BodyProblem(404, 'no such photo');
  res.writeHead(200, { 'Content-Type': photo.type, 'Cache-Control': 'private, max-age=86400, immutable', 'X-Content-Type-Options': 'nosniff' }).end(photo.bytes);
  return true;
}

export const part = {
  name: 'cases',
  fromEnv: (env) => {
    const files = caseFilesFromEnv(env);
    return files && loadCaseSetup(files);
  },
  start: (ctx) => (ctx.options.cases ? new CaseService(ctx, ctx.options.cases) : null),
  api: (service: ServiceView) => {
    let photos: PhotoStore | null = null;
    let evaluation: EvaluationRoutes | null = null;
    return {
      // The departments' names, the evaluation and the funnel are as public as the wall that shows them.
      open: async (_req, url, res) => {
        const cases = service.parts.cases;
        if (!cases) return false;
        if (url.pathname === `${OPS_API_PREFIX}case-departments`) {
          sendJson(res, 'case-departments', [...cases.setup.table.departments]);
          return true;
        }
        evaluation ??= new EvaluationRoutes(service.database);
        try {
          return await evaluation.route(url, res);
        } catch (e) {
          if (e instanceof BodyProblem) sendProblem(res, e.status, e.message);
          else sendProblem(res, 503, `the case record cannot be reached (${(e as Error).message})`);
          return true;
        }
      },
      signedIn: async (req, url, res, who) => {
        const cases = service.parts.cases;
        if (!cases || !url.pathname.startsWith(`${OPS_API_PREFIX}case`)) return false;
        photos ??= new PhotoStore(cases.setup.photosDir);
        try {
          return await route(cases, photos, req, url, res, who);
        } catch (e) {
          if (e instanceof CaseRefusal) sendProblem(res, e.status, e.message, e.current ? { current: e.current } : {});
          else if (e instanceof BodyProblem) sendProblem(res, e.status, e.message);
          else throw e;
          return true;
        }
      },
    };
  },
} satisfies OpsPart;
