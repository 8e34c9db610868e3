import type { TruckWorld } from './truckWorld.ts';

/**
 * Which company a muck truck belongs to and which approved route its trip follows, from the fleet
 * file (generated/truck-fleet.json, or a transport authority's own). The rule engine, the
 * simulator and the page all read it through `assignFleet`, so they agree on every truck.
 */
export interface TruckFleetDocument {
  companies: { id: string; name: string }[];
  trucks: { id: string; company: string; route: string }[];
}

export interface FleetAssignment {
  /** Route index in the world per truck. */
  route: Int32Array;
  /** Company index in `companies` per truck. */
  company: Int32Array;
  companies: TruckFleetDocument['companies'];
}

/**
 * Assigns each truck of `truckIds` its route and company from the fleet file. A truck the file
 * does not list (a registry scaled past the default, --sensors) takes route k mod the route count
 * and company k mod the company count, k being its place in `truckIds`; so does a truck whose
 * route or company is not in the world.
 */
export function assignFleet(fleet: TruckFleetDocument, world: Pick<TruckWorld, 'routes'>, truckIds: readonly string[]): FleetAssignment {
  const routeIndex = new Map(world.routes.map((r, i) => [r.id, i]));
  const companyIndex = new Map(fleet.companies.map((c, i) => [c.id, i]));
  const listed = new Map(fleet.trucks.map((t) => [t.id, t]));
  const route = new Int32Array(truckIds.length);
  const company = new Int32Array(truckIds.length);
  truckIds.forEach((id, k) => {
    const entry = listed.get(id);
    route[k] = (entry && routeIndex.get(entry.route)) ?? k % Math.max(1, world.routes.length);
    company[k] = (entry && companyIndex.get(entry.company)) ?? k % Math.max(1, fleet.companies.length);
  });
  return { route, company, companies: fleet.companies };
}
