/** The alarms' calls to the operations service's HTTP API (./apiContract.ts), with the operator's login. */
import { opsGet, opsGetJson } from '../../live/opsApi.ts';
import { ALARM_ROUTES, type AlarmLoadView, type HistoryRow } from './apiContract.ts';

export const alarmHistory = (alarm: string): Promise<HistoryRow[]> => opsGetJson(ALARM_ROUTES.history, `history?alarm=${encodeURIComponent(alarm)}`);
export const alarmLoadFigures = (hours: number): Promise<AlarmLoadView> => opsGetJson(ALARM_ROUTES.load, `load?hours=${hours}`);
export const auditCsv = async (hours: number): Promise<string> => (await opsGet(`audit.csv?hours=${hours}`)).text();
export const loadCsv = async (hours: number): Promise<string> => (await opsGet(`load.csv?hours=${hours}`)).text();
