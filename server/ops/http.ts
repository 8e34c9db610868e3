/**
 * The operations service's HTTP side, mounted by the app's server at /api/ops/ (same origin, so
 * the page's Content-Security-Policy needs nothing more): the service's status, who is signed in
 * (`me`), and the domains' routes (./opsPart.ts: found by folder, ./domainParts.ts), the alarms'
 * history, load figures and audit trail among them.
 *
 * Each request but a domain's open routes carries a login as HTTP Basic credentials, checked
 * against the same users file as the brokers (httpLogin.ts: a removed login is refused at once,
 * repeated failures are slowed and locked out with 429); anyone else gets 401. The operators'
 * routes are for duty officers (and the service) only; the signed-in routes get the login, its
 * role and reach, and decide for themselves. Writes are POSTs with a JSON or image body of a
 * bounded size, to signed-in routes only, limited per login (429 with Retry-After beyond it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpsService } from './service.ts';
import { HttpLogins, type ApiLogin } from './httpLogin.ts';
import type { LoginGuard } from './loginGuard.ts';
import { OPS_API_PREFIX, opsPath } from '../../src/live/opsApiContract.ts';
import { domainParts } from './domainParts.ts';
import type { DomainApiOptions, PartApi } from './opsPart.ts';
import { send, sendJson, sendProblem } from './httpAnswers.ts';
import { RateLimit } from './rateLimit.ts';

export interface OpsApiOptions extends DomainApiOptions {
  /** The login guard (its back-off and lockout figures); one with the defaults otherwise. */
  guard?: LoginGuard;
  /** Writes per second per login, on average and at once (default 20 and 60). */
  writes?: { perSecond: number; burst: number };
}

const OPERATOR_ROLES: ReadonlySet<string> = new Set(['operator', 'service']);

export function opsApi(service: OpsService, usersDir: string, o: OpsApiOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const parts = domainParts.flatMap((p) => p.api?.(service, o) ?? []) satisfies PartApi[];
  const logins = new HttpLogins(usersDir, o.guard);
  const writes = new RateLimit(o.writes?.perSecond ?? 20, o.writes?.burst ?? 60);
  const signedIn = async (req: IncomingMessage, url: URL, res: ServerResponse, who: ApiLogin): Promise<boolean> => {
    for (const p of parts) if (p.signedIn && (await p.signedIn(req, url, res, who))) return true;
    return false;
  };
  return async (req, res) => {
    if (!req.url?.startsWith(OPS_API_PREFIX)) return false;
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST' }).end();
      return true;
    }
    const url = new URL(req.url, 'http://ops');
    if (req.method === 'GET') for (const p of parts) if (p.open && (await p.open(req, url, res))) return true;
    const who = await logins.authorise(req, res);
    if (!who) return true;
    if (req.method === 'POST') {
      const wait = writes.take(who.name);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        sendProblem(res, 429, `too many writes from ${who.name}: try again in ${Math.ceil(wait / 1000)} s`);
        return true;
      }
      if (!(await signedIn(req, url, res, who))) sendProblem(res, 404, 'no such route');
      return true;
    }
    if (url.pathname === opsPath('me')) {
      sendJson(res, 'me', { name: who.name, role: who.role, department: who.department ?? null, cells: who.cells ? [...who.cells] : null });
      return true;
    }
    if (await signedIn(req, url, res, who)) return true;
    if (OPERATOR_ROLES.has(who.role)) {
      for (const p of parts) if (p.operator && (await p.operator(req, url, res))) return true;
      if (url.pathname === opsPath('status')) {
        send(res, 'application/json; charset=utf-8', JSON.stringify({ ...service.stats(), http: Object.assign({ logins: logins.stats, guard: logins.guard.stats, writes: writes.stats }, ...parts.map((p) => p.status?.() ?? {})) }));
        return true;
      }
    } else {
      sendProblem(res, 403, `${who.role} logins may not read ${url.pathname}`);
      return true;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    return true;
  };
}
