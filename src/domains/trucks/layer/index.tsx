/** The muck-truck layer kind: trucks as heading arrows, the closed zones and sites, and the evidence of the violation looked at. */
import { z } from 'zod';
import { assignFleet, type FleetAssignment, type TruckFleetDocument } from '../fleet.ts';
import type { TruckWorld } from '../truckWorld.ts';
import { parseTruckWorld } from '../worldFormat.ts';
import { baseLayerSchema, sameOrigin } from '../../../config/citySchema.ts';
import { RULE_KEYS } from '../../../i18n/messages.ts';
import { failedLoad } from '../../../sources/fetchLayer.ts';
import { useAppStore, type AppState } from '../../../state/store.ts';
import { selectedViolationRecord } from '../trucksSlice.ts';
import type { ViolationRecord } from '../contract.ts';
import { InfoContent } from '../../../ui/InfoContent.tsx';
import type { DataOf, InfoProps, LayerKind } from '../../../layers/layerKind.ts';
import { isVisible, selectedIn } from '../../../layers/layerProps.ts';
import { liveSensorTable, type SensorTable } from '../../sensors/index.ts';
import { createTrucksLayer, type TrucksLayerProps } from './trucksLayer.ts';

const fleetSchema = z.object({
  companies: z.array(z.object({ id: z.string(), name: z.string() })),
  trucks: z.array(z.object({ id: z.string(), company: z.string(), route: z.string() })),
});

const config = baseLayerSchema.extend({
  kind: z.literal('trucks'),
  /** The fleet file: each truck's company and route (relative to city.json). */
  fleetUrl: sameOrigin,
});

declare module '../../../config/citySchema.ts' { interface LayerConfigByKind { trucks: z.infer<typeof config> } }
declare module '../../../sources/layerLoad.ts' { interface LayerDataByKind { trucks: { kind: 'trucks'; world: TruckWorld; fleet: TruckFleetDocument } } }
export type TrucksData = DataOf<'trucks'>;

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** The fleet against the live registry's trucks, worked out once per table. */
const assignments = new WeakMap<SensorTable, { ids: string[]; slots: number[]; fleet: FleetAssignment }>();
function fleetOf(table: SensorTable, data: TrucksData): { ids: string[]; slots: number[]; fleet: FleetAssignment } {
  let a = assignments.get(table);
  if (!a) {
    const slots = table.registry.kinds.flatMap((k, i) => (k === 'truck' ? [i] : []));
    const ids = slots.map((i) => table.registry.ids[i]!);
    assignments.set(table, (a = { ids, slots, fleet: assignFleet(data.fleet, data.world, ids) }));
  }
  return a;
}

/** The trucks in breach, as a set that changes only when the violations do. */
const breachCache = new WeakMap<readonly ViolationRecord[], ReadonlySet<string>>();
function breaching(violations: readonly ViolationRecord[]): ReadonlySet<string> {
  let set = breachCache.get(violations);
  if (!set) breachCache.set(violations, (set = new Set(violations.map((v) => v.truck))));
  return set;
}

/** The approved route of a truck: the world's own array, so the props stay === while it is the same. */
function routeOfTruck(s: AppState, data: TrucksData, truck: string | null): readonly (readonly [number, number])[] | null {
  const table = liveSensorTable(s);
  if (!truck || !table) return null;
  const a = fleetOf(table, data);
  const k = a.ids.indexOf(truck);
  return k < 0 ? null : (data.world.routes[a.fleet.route[k]!]?.coords ?? null);
}

function TruckInfo({ selection, data, t, lang }: InfoProps<TrucksData>) {
  const table = useAppStore(liveSensorTable);
  const open = useAppStore((s) => s.violations);
  if (!table) return <InfoContent info={null} />;
  const a = fleetOf(table, data);
  const k = a.ids.indexOf(selection.featureId);
  if (k < 0) return <InfoContent info={null} />;
  const i = a.slots[k]!;
  const company = a.fleet.companies[a.fleet.company[k]!];
  const route = data.world.routes[a.fleet.route[k]!];
  const mine = open.filter((v) => v.truck === selection.featureId);
  return (
    <InfoContent
      info={{
        title: `${t('muckTruck')} ${selection.featureId}`,
        rows: [
          [t('company'), company?.name ?? '—'],
          [t('speed'), table.ts[i]! > 0 ? `${table.value[i]!.toLocaleString(lang)} km/h` : t('status_nodata')],
          [t('approvedRoute'), route ? `${route.id} (${route.from} → ${route.to})` : '—'],
          [t('openViolations'), mine.length === 0 ? t('none') : mine.map((v) => t(RULE_KEYS[v.rule])).join(lang === 'zh-CN' ? '、' : ', ')],
        ],
      }}
    />
  );
}

export const trucksKind: LayerKind<'trucks', TrucksLayerProps> = {
  kind: 'trucks',
  config,
  load: async (cfg, ctx) => {
    try {
      const [worldJson, fleetJson] = await Promise.all([fetchJson(ctx.url), fetchJson(new URL(cfg.fleetUrl, ctx.cityBase).href)]);
      const world = parseTruckWorld(worldJson);
      const fleet = fleetSchema.parse(fleetJson);
      return { state: 'ready', report: { accepted: world.routes.length + world.zones.length + world.sites.length, repaired: 0, rejected: {}, examples: [] }, data: { kind: 'trucks', world, fleet } };
    } catch (e) {
      // A broken world or fleet file is named with its first fault, like any layer's bad data.
      return failedLoad(cfg.url, e);
    }
  },
  create: (ctx, data) => createTrucksLayer(ctx.scene, ctx.root, ctx.layerId, data.world, (table) => fleetOf(table, data).slots),
  props: (s, layerId, data) => {
    const selected = selectedViolationRecord(s);
    const selectedTruck = selected?.truck ?? selectedIn(s, layerId);
    return {
      visible: isVisible(s, layerId),
      table: liveSensorTable(s),
      breaching: breaching(s.violations),
      selected,
      selectedRoute: routeOfTruck(s, data, selectedTruck),
      selectedTruck,
      day: s.truckDay,
      dayAt: s.truckDayAt,
    };
  },
  Info: TruckInfo,
  liveInfo: true,
};
