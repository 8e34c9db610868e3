/**
 * The operations service's HTTP side, mounted by the app's server at /api/ops/ (same origin, so
 * the page's Content-Security-Policy needs nothing more): the service's status and the domains'
 * routes (./opsPart.ts: found by folder, ./domainParts.ts), the alarms' history, load figures
 * and audit trail among them. Read-only, and for duty officers only but
 * for the routes a domain opens to all (as public as what they serve): each request carries an
 * operator's (or the service's) login as HTTP Basic credentials, checked against the same users
 * file as the brokers (httpLogin.ts: a removed login is refused at once, repeated failures are
 * slowed and locked out with 429); anyone else gets 401.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpsService } from './service.ts';
import { HttpLogins } from './httpLogin.ts';
import type { LoginGuard } from './loginGuard.ts';
import { OPS_API_PREFIX, opsPath } from '../../src/live/opsApiContract.ts';
import { domainParts } from './domainParts.ts';
import type { DomainApiOptions, PartApi } from './opsPart.ts';
import { send } from './httpAnswers.ts';

export interface OpsApiOptions extends DomainApiOptions {
  /** The login guard (its back-off and lockout figures); one with the defaults otherwise. */
  guard?: LoginGuard;
}

export function opsApi(service: OpsService, usersDir: string, o: OpsApiOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const parts = domainParts.flatMap((p) => p.api?.(service, o) ?? []) satisfies PartApi[];
  const logins = new HttpLogins(usersDir, o.guard);
  return async (req, res) => {
    if (!req.url?.startsWith(OPS_API_PREFIX)) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return true;
    }
    const url = new URL(req.url, 'http://ops');
    for (const p of parts) if (p.open && (await p.open(req, url, res))) return true;
    if (!(await logins.authorise(req, res))) return true;
    for (const p of parts) if (p.operator && (await p.operator(req, url, res))) return true;
    if (url.pathname === opsPath('status')) {
      send(res, 'application/json; charset=utf-8', JSON.stringify({ ...service.stats(), http: Object.assign({ logins: logins.stats, guard: logins.guard.stats }, ...parts.map((p) => p.status?.() ?? {})) }));
      return true;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    return true;
  };
}
