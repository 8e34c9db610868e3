import { savedLogin } from './liveFeed.ts';
import { OPS_API_PREFIX, OPS_ROUTES, type OpsAnswer, type OpsRoute } from './opsApiContract.ts';

/**
 * The page's side of the operations service's HTTP API (opsApiContract.ts defines the routes):
 * an alarm's history, the alarm-load figures, the audit trail as CSV, the muck-truck reports and
 * the enterprise search. A signed-in operator's login goes with each request but the search;
 * answers are validated here, at the edge.
 */
export type { EnterpriseHit, HistoryRow } from './opsApiContract.ts';
export type AlarmLoadView = OpsAnswer<'load'>;
export type TruckDayView = OpsAnswer<'truck-day'>;
export type ViolationReportView = OpsAnswer<'violations'>;
export type EnterpriseSearchAnswer = OpsAnswer<'enterprises'>;

async function get(path: string): Promise<Response> {
  const login = savedLogin();
  const headers: Record<string, string> = login ? { Authorization: `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${login.username}:${login.password}`)))}` } : {};
  const res = await fetch(`${OPS_API_PREFIX}${path}`, { headers, cache: 'no-store' });
  if (!res.ok) throw new Error(`${OPS_API_PREFIX}${path}: HTTP ${res.status}`);
  return res;
}

function parse<R extends OpsRoute>(route: R, path: string, json: unknown): OpsAnswer<R> {
  const parsed = OPS_ROUTES[route].safeParse(json);
  if (!parsed.success) throw new Error(`${OPS_API_PREFIX}${path}: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data as OpsAnswer<R>;
}

async function getJson<R extends OpsRoute>(route: R, query: string): Promise<OpsAnswer<R>> {
  const path = `${route}?${query}`;
  return parse(route, path, await (await get(path)).json());
}

export const alarmHistory = (alarm: string): Promise<OpsAnswer<'history'>> => getJson('history', `alarm=${encodeURIComponent(alarm)}`);
export const alarmLoadFigures = (hours: number): Promise<AlarmLoadView> => getJson('load', `hours=${hours}`);
export const auditCsv = async (hours: number): Promise<string> => (await get(`audit.csv?hours=${hours}`)).text();
export const loadCsv = async (hours: number): Promise<string> => (await get(`load.csv?hours=${hours}`)).text();

/** One truck's track and violations over a day in China Standard Time (YYYY-MM-DD), for its replay. */
export const truckDay = (truck: string, date: string): Promise<TruckDayView> => getJson('truck-day', `truck=${encodeURIComponent(truck)}&date=${date}`);

/** The muck-truck violations since `from` (ms), with their counts per rule, district, cell and company, from the service's database. */
export const violationsSince = (from: number): Promise<ViolationReportView> => getJson('violations', `hours=${Math.max(0.1, (Date.now() - from) / 3600_000).toFixed(3)}`);

/** Enterprises by part of a name or the start of a credit code; public, so no login is sent. 202 while the service loads them. */
export async function searchEnterprises(q: string): Promise<EnterpriseSearchAnswer> {
  const path = `enterprises?q=${encodeURIComponent(q)}`;
  const res = await fetch(`${OPS_API_PREFIX}${path}`, { cache: 'no-store' });
  if (res.status !== 200 && res.status !== 202 && res.status !== 503) throw new Error(`${OPS_API_PREFIX}${path}: HTTP ${res.status}`);
  return parse('enterprises', path, await res.json());
}
