/**
 * Reads the muck-truck world and fleet files (by default the generated ones) for the simulator
 * and the operations service, checked through the world format's schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeGrid, type PackedGrid } from '../../../analysis/gridFormat.ts';
import { GridIndex } from '../../../analysis/gridIndex.ts';
import { assignFleet, type FleetAssignment, type TruckFleetDocument } from '../fleet.ts';
import { CompiledWorld } from '../truckWorld.ts';
import { parseTruckWorld } from '../worldFormat.ts';
import type { SensorRegistry } from '../../../live/contract.ts';

/** What the operations service governs the trucks with: the world, the fleet, and the grid that names each violation's cell. */
export interface TruckSetup {
  world: CompiledWorld;
  fleet: FleetAssignment;
  grid: { packed: PackedGrid; index: GridIndex };
}

const GENERATED = join(import.meta.dirname, '../../../../public/cities/guangzhou/generated');
export const DEFAULT_TRUCK_WORLD = join(GENERATED, 'truck-world.geojson');
export const DEFAULT_TRUCK_FLEET = join(GENERATED, 'truck-fleet.json');
export const DEFAULT_GRID = join(GENERATED, 'grid.bin');

const worlds = new Map<string, CompiledWorld>();

/** The compiled world of a file, compiled once per process. */
export function loadTruckWorld(file = DEFAULT_TRUCK_WORLD): CompiledWorld {
  let world = worlds.get(file);
  if (!world) worlds.set(file, (world = new CompiledWorld(parseTruckWorld(JSON.parse(readFileSync(file, 'utf8'))))));
  return world;
}

/** Each muck truck of the registry, in registry order, with its route and company. */
export function loadFleet(world: CompiledWorld, registry: SensorRegistry, file = DEFAULT_TRUCK_FLEET): FleetAssignment {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as TruckFleetDocument;
  const truckIds = registry.ids.filter((_, i) => registry.kinds[i] === 'truck');
  return assignFleet(doc, world.world, truckIds);
}

/** Everything the operations service needs to govern the trucks. */
export function loadTruckSetup(registry: SensorRegistry, o: { world?: string; fleet?: string; grid?: string } = {}): TruckSetup {
  const world = loadTruckWorld(o.world);
  const packed = decodeGrid(new Uint8Array(readFileSync(o.grid ?? DEFAULT_GRID)));
  return { world, fleet: loadFleet(world, registry, o.fleet), grid: { packed, index: new GridIndex(packed) } };
}
