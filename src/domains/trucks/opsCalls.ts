/** The muck trucks' calls to the operations service's HTTP API (./apiContract.ts), with the operator's login. */
import { opsGetJson } from '../../live/opsApi.ts';
import { TRUCK_ROUTES, type TruckDayView, type ViolationReportView } from './apiContract.ts';

/** One truck's track and violations over a day in China Standard Time (YYYY-MM-DD), for its replay. */
export const truckDay = (truck: string, date: string): Promise<TruckDayView> => opsGetJson(TRUCK_ROUTES['truck-day'], `truck-day?truck=${encodeURIComponent(truck)}&date=${date}`);

/** The muck-truck violations since `from` (ms), with their counts per rule, district, cell and company, from the service's database. */
export const violationsSince = (from: number): Promise<ViolationReportView> => opsGetJson(TRUCK_ROUTES.violations, `violations?hours=${Math.max(0.1, (Date.now() - from) / 3600_000).toFixed(3)}`);
