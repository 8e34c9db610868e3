/**
 * The muck trucks' part of the operations service (server/ops/opsPart.ts): the truck rules on
 * every GPS fix of an owned truck (./truckGovernance.ts), and the operators' routes for the
 * violations report and a truck's day.
 */
import type { ServerResponse } from 'node:http';
import { loadTruckSetup, type TruckSetup } from './loadTruckWorld.ts';
import { truckDay, TruckGovernance, violationReport, type TruckGovernanceStats } from './truckGovernance.ts';
import { opsSpan, sendJson } from '../../../../server/ops/httpAnswers.ts';
import type { OpsPart } from '../../../../server/ops/opsPart.ts';
import { OPS_API_PREFIX } from '../../../live/opsApiContract.ts';

declare module '../../../../server/ops/opsPart.ts' {
  interface DomainOpsOptions {
    /** The muck trucks' world, fleet and grid: the service then runs the truck rules on every GPS fix. */
    trucks?: TruckSetup;
  }
  interface DomainOpsParts {
    trucks: TruckGovernance;
  }
  interface DomainOpsStats {
    trucks?: TruckGovernanceStats;
  }
}

const badRequest = (res: ServerResponse, text: string): boolean => {
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
  return true;
};

export const part = {
  name: 'trucks',
  /** TRUCK_WORLD and TRUCK_FLEET (default: the generated ones; TRUCK_WORLD empty: no truck rules) and GRID (default: the generated grid.bin). */
  fromEnv: (env, registry) => (env.TRUCK_WORLD === '' ? undefined : loadTruckSetup(registry, { world: env.TRUCK_WORLD, fleet: env.TRUCK_FLEET, grid: env.GRID })),
  start: (ctx) => (ctx.options.trucks ? new TruckGovernance(ctx.options.trucks, ctx.registry, ctx.database, ctx.prefix, ctx.publishRetained, ctx.owns, ctx.now) : null),
  api: (service) => ({
    operator: async (_req, url, res) => {
      switch (url.pathname.slice(OPS_API_PREFIX.length)) {
        case 'violations': {
          // Muck-truck violations that started in the span, with their counts per rule, district, cell and company.
          const { from, to } = opsSpan(url);
          sendJson(res, 'violations', await violationReport(service.database, from, to));
          return true;
        }
        case 'truck-day': {
          // One truck's day (China Standard Time) for the replay: its track and its violations.
          const truck = url.searchParams.get('truck') ?? '';
          const date = url.searchParams.get('date') ?? '';
          if (!/^[A-Za-z0-9_.-]{1,64}$/.test(truck) || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) return badRequest(res, 'truck=<id>&date=YYYY-MM-DD');
          sendJson(res, 'truck-day', await truckDay(service.database, truck, date));
          return true;
        }
        default:
          return false;
      }
    },
  }),
} satisfies OpsPart;
