/**
 * The alarms' part of the operations service (server/ops/opsPart.ts): the alarm state of the
 * sensors an instance owns, always running (./alarmService.ts), and its routes of the HTTP API
 * for a signed-in operator: an alarm's transitions, the alarm-load figures after ISA-18.2 and
 * both as CSV with the audit trail.
 */
import { alarmLoad, alarmLoadCsv, toCsv, type LoadEvent } from '../alarmLoad.ts';
import { OPS_API_PREFIX, type OpsAnswer } from '../../../live/opsApiContract.ts';
import { opsSpan, send, sendJson } from '../../../../server/ops/httpAnswers.ts';
import type { OpsPart, ServiceView } from '../../../../server/ops/opsPart.ts';
import type { Database } from '../../../../server/ops/database.ts';
import { AlarmService, type AlarmPartStats } from './alarmService.ts';

declare module '../../../../server/ops/opsPart.ts' {
  interface DomainOpsParts {
    alarms: AlarmService;
  }
  interface DomainOpsStats {
    alarms?: AlarmPartStats;
  }
}

async function loadFigures(service: ServiceView, url: URL) {
  const { from, to } = opsSpan(url);
  const rows = await service.database.query<{ at: Date; alarm: string; district: string; event: string }>(`select at, alarm, district, event from alarm_audit where at >= to_timestamp($1 / 1000.0) and event in ('raise', 'realarm', 'escalate')`, [from]);
  const events: LoadEvent[] = rows.map((r) => ({ at: r.at.getTime(), alarm: r.alarm, district: r.district, event: r.event }));
  return alarmLoad(events, service.parts.alarms?.list() ?? [], from, to);
}

/** The alarms' transitions and the operators' commands since `from`, one CSV in time order. */
async function auditCsv(db: Database, from: number): Promise<string> {
  const rows = await db.query<Record<string, string | number | null>>(
    `select seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, 'transition' as entry, alarm, district, kind, event, from_state, to_state, actor, reason, command_id, value, instance from alarm_audit where at >= to_timestamp($1 / 1000.0)
     union all
     select seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'command', alarm, null, null, op, null, outcome, operator, detail, command_id, null, instance from command_log where at >= to_timestamp($1 / 1000.0)
     order by at, entry desc, seq`,
    [from],
  );
  const header = ['seq', 'at', 'entry', 'alarm', 'district', 'kind', 'event', 'from_state', 'to_state', 'actor', 'reason', 'command_id', 'value', 'instance'];
  return toCsv([header, ...rows.map((r) => header.map((h) => r[h] ?? null))]);
}

export const part = {
  name: 'alarms',
  start: (ctx) => new AlarmService(ctx),
  api: (service) => ({
    operator: async (_req, url, res) => {
      switch (url.pathname.slice(OPS_API_PREFIX.length)) {
        case 'history': {
          const alarm = url.searchParams.get('alarm') ?? '';
          const rows = await service.database.query<OpsAnswer<'history'>[number]>(`select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, event, from_state, to_state, actor, reason, value from alarm_audit where alarm = $1 order by seq desc limit 200`, [alarm]);
          sendJson(res, 'history', rows);
          return true;
        }
        case 'load':
          sendJson(res, 'load', await loadFigures(service, url));
          return true;
        case 'load.csv':
          send(res, 'text/csv; charset=utf-8', alarmLoadCsv(await loadFigures(service, url)), 'alarm-load.csv');
          return true;
        case 'audit.csv':
          send(res, 'text/csv; charset=utf-8', await auditCsv(service.database, opsSpan(url).from), 'alarm-audit.csv');
          return true;
        default:
          return false;
      }
    },
  }),
} satisfies OpsPart;
