/**
 * The operations service's HTTP side, mounted by the app's server at /api/ops/ (same origin, so
 * the page's Content-Security-Policy needs nothing more): an alarm's history, the alarm-load
 * figures after ISA-18.2, the audit trail and the figures as CSV, and the muck-truck violations.
 * Read-only, and for duty officers only (but for the vital signs' history and the enterprise
 * search, public like the signs): each request carries an operator's (or the service's) login as
 * HTTP Basic credentials, checked against the same users file as the brokers (httpLogin.ts: a
 * removed login is refused at once, repeated failures are slowed and locked out with 429);
 * anyone else gets 401.
 *
 * The enterprise register is built in the database once the service is ready, in the background:
 * a search before it is ready answers 503 with its progress and starts nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { alarmLoad, alarmLoadCsv, toCsv, type LoadEvent } from '../../src/domains/alarms/alarmLoad.ts';
import type { OpsService } from './service.ts';
import { HttpLogins } from './httpLogin.ts';
import type { LoginGuard } from './loginGuard.ts';
import { signHistoryRoute } from '../../src/domains/signs/server/signs.ts';
import { truckDay, violationReport } from '../../src/domains/trucks/server/truckGovernance.ts';
import { EnterpriseSearch, enterpriseRoute } from '../../src/domains/panorama/server/enterpriseSearch.ts';
import { OPS_API_PREFIX, type OpsAnswer, type OpsRoute } from '../../src/live/opsApiContract.ts';

const MAX_HOURS = 24 * 31;

function span(url: URL): { from: number; to: number } {
  const hours = Math.min(MAX_HOURS, Math.max(0.1, Number(url.searchParams.get('hours') ?? 24) || 24));
  const to = Date.now();
  return { from: to - hours * 3600_000, to };
}

function send(res: ServerResponse, type: string, body: string, filename?: string): void {
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...(filename ? { 'Content-Disposition': `attachment; filename="${filename}"` } : {}) }).end(body);
}

/** A route's answer, typed by the API's contract so that what is sent is what the page parses. */
function sendJson<R extends OpsRoute>(res: ServerResponse, _route: R, answer: OpsAnswer<R>): void {
  send(res, 'application/json; charset=utf-8', JSON.stringify(answer));
}

export interface OpsApiOptions {
  /** The panorama folder whose enterprises are searchable; none, no search. */
  panoramaDir?: string;
  /** The login guard (its back-off and lockout figures); one with the defaults otherwise. */
  guard?: LoginGuard;
}

export function opsApi(service: OpsService, usersDir: string, o: OpsApiOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const db = service.database;
  const search = o.panoramaDir ? new EnterpriseSearch(db, o.panoramaDir) : null;
  // Built at start, never by a request; a failure is the search's state, which every answer reports.
  if (search) void service.ready.then(() => search.ensure()).catch(() => undefined);
  const logins = new HttpLogins(usersDir, o.guard);
  const load = async (url: URL) => {
    const { from, to } = span(url);
    const rows = await db.query<{ at: Date; alarm: string; district: string; event: string }>(`select at, alarm, district, event from alarm_audit where at >= to_timestamp($1 / 1000.0) and event in ('raise', 'realarm', 'escalate')`, [from]);
    const events: LoadEvent[] = rows.map((r) => ({ at: r.at.getTime(), alarm: r.alarm, district: r.district, event: r.event }));
    return alarmLoad(events, service.alarms(), from, to);
  };
  return async (req, res) => {
    if (!req.url?.startsWith(OPS_API_PREFIX)) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return true;
    }
    // The signs' history is as public as the signs, and the enterprise register as public as the
    // national credit publicity system: the routes without a login.
    if (service.signs && signHistoryRoute(service.signs, req, res)) return true;
    if (search && req.url.startsWith(`${OPS_API_PREFIX}enterprises?`)) {
      await enterpriseRoute(search, new URL(req.url, 'http://ops'), res);
      return true;
    }
    if (!(await logins.authorise(req, res))) return true;
    const url = new URL(req.url, 'http://ops');
    const what = url.pathname.slice(OPS_API_PREFIX.length);
    switch (what) {
      case 'history': {
        const alarm = url.searchParams.get('alarm') ?? '';
        const rows = await db.query<OpsAnswer<'history'>[number]>(`select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, event, from_state, to_state, actor, reason, value from alarm_audit where alarm = $1 order by seq desc limit 200`, [alarm]);
        sendJson(res, 'history', rows);
        return true;
      }
      case 'load':
        sendJson(res, 'load', await load(url));
        return true;
      case 'load.csv':
        send(res, 'text/csv; charset=utf-8', alarmLoadCsv(await load(url)), 'alarm-load.csv');
        return true;
      case 'audit.csv': {
        const { from } = span(url);
        const rows = await db.query<Record<string, string | number | null>>(
          `select seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, 'transition' as entry, alarm, district, kind, event, from_state, to_state, actor, reason, command_id, value, instance from alarm_audit where at >= to_timestamp($1 / 1000.0)
           union all
           select seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'command', alarm, null, null, op, null, outcome, operator, detail, command_id, null, instance from command_log where at >= to_timestamp($1 / 1000.0)
           order by at, entry desc, seq`,
          [from],
        );
        const header = ['seq', 'at', 'entry', 'alarm', 'district', 'kind', 'event', 'from_state', 'to_state', 'actor', 'reason', 'command_id', 'value', 'instance'];
        send(res, 'text/csv; charset=utf-8', toCsv([header, ...rows.map((r) => header.map((h) => r[h] ?? null))]), 'alarm-audit.csv');
        return true;
      }
      case 'violations': {
        // Muck-truck violations that started in the span, with their counts per rule, district, cell and company.
        const { from, to } = span(url);
        sendJson(res, 'violations', await violationReport(db, from, to));
        return true;
      }
      case 'truck-day': {
        // One truck's day (China Standard Time) for the replay: its track and its violations.
        const truck = url.searchParams.get('truck') ?? '';
        const date = url.searchParams.get('date') ?? '';
        if (!/^[A-Za-z0-9_.-]{1,64}$/.test(truck) || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
          res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('truck=<id>&date=YYYY-MM-DD');
          return true;
        }
        sendJson(res, 'truck-day', await truckDay(db, truck, date));
        return true;
      }
      case 'status':
        send(res, 'application/json; charset=utf-8', JSON.stringify({ ...service.stats(), http: { logins: logins.stats, guard: logins.guard.stats, enterprises: search?.state ?? null } }));
        return true;
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return true;
    }
  };
}
