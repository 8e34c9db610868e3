import {
  BillboardCollection,
  Cartesian3,
  Color,
  Material,
  NearFarScalar,
  PolylineCollection,
  type Billboard,
  type PrimitiveCollection,
  type Scene,
} from 'cesium';
import type { LonLat, TruckWorld } from '../truckWorld.ts';
import { metresPerDegree } from '../../../analysis/ellipsoid.ts';
import type { SensorTable } from '../../sensors/index.ts';
import type { ViolationRecord } from '../contract.ts';
import { dayPositionAt } from '../trucksSlice.ts';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';
import { TRUCK_COLORS, ZONE_COLORS } from '../truckColors.ts';

export interface TrucksLayerProps {
  visible: boolean;
  /** The live positions (the sensors layer's table), null until it is in. */
  table: SensorTable | null;
  /** Trucks with an open violation, drawn in the alarm colour. */
  breaching: ReadonlySet<string>;
  /** The violation whose evidence track, truck route and place are drawn. */
  selected: ViolationRecord | null;
  /** The approved route of the selected violation's truck, if known. */
  selectedRoute: readonly LonLat[] | null;
  selectedTruck: string | null;
  /** A truck's day being replayed: its track, and the cursor time (the truck drawn there). */
  day: { truck: string; points: readonly (readonly [number, number, number, number])[] } | null;
  dayAt: number | null;
}

/** Zone and site outlines sit just above the ground and the river; tracks and trucks above them. */
const OUTLINE_M = 25;
const TRACK_M = 40;
const TRUCK_M = 45;
/** A truck must move this far before its arrow turns: GPS wander does not spin it. */
const TURN_AFTER_M = 3;

/** An arrowhead pointing up (north before rotation), drawn once per colour. */
function arrow(fill: string): HTMLCanvasElement {
  const size = 28;
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const g = c.getContext('2d')!;
  g.fillStyle = fill;
  g.strokeStyle = '#0b1220';
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(size / 2, 2);
  g.lineTo(size - 5, size - 4);
  g.lineTo(size / 2, size - 9);
  g.lineTo(5, size - 4);
  g.closePath();
  g.fill();
  g.stroke();
  return c;
}

const at = (c: LonLat, h: number): Cartesian3 => Cartesian3.fromDegrees(c[0], c[1], h);

function line(collection: PolylineCollection, positions: Cartesian3[], width: number, css: string, id?: unknown): void {
  collection.add({ positions, width, id, material: Material.fromType('Color', { color: Color.fromCssColorString(css) }) });
}

/**
 * The muck-truck layer: every truck as a heading arrow in one billboard collection, moved in
 * place once per frame from the live table; the closed zones and the sites as outlines in one
 * polyline collection; and, for the violation looked at, its truck's approved route and the
 * evidence track in a second, small collection.
 */
export function createTrucksLayer(scene: Scene, root: PrimitiveCollection, layerId: string, world: TruckWorld, truckIds: (table: SensorTable) => number[]): SceneLayer<TrucksLayerProps> {
  const outlines = root.add(new PolylineCollection()) as PolylineCollection;
  for (const z of world.zones) for (const polygon of z.polygons) for (const ring of polygon) line(outlines, ring.map((c) => at(c, OUTLINE_M)), z.kind === 'central' ? 2.5 : 2, ZONE_COLORS[z.kind]);
  for (const s of world.sites) line(outlines, s.ring.map((c) => at(c, OUTLINE_M)), 2, s.kind === 'construction' ? TRUCK_COLORS.construction : TRUCK_COLORS.disposal);
  const evidence = root.add(new PolylineCollection()) as PolylineCollection;
  const dayTrack = root.add(new PolylineCollection()) as PolylineCollection;
  const trucks = root.add(new BillboardCollection({ scene })) as BillboardCollection;
  const images = { moving: arrow(TRUCK_COLORS.truck), breaching: arrow(TRUCK_COLORS.breaching), replay: arrow(TRUCK_COLORS.replay) };
  const replayMarker = root.add(new BillboardCollection({ scene })) as BillboardCollection;
  const marker = replayMarker.add({ position: Cartesian3.ZERO, image: images.replay, show: false, scale: 1.5, alignedAxis: Cartesian3.UNIT_Z, disableDepthTestDistance: Number.POSITIVE_INFINITY });

  let table: SensorTable | null = null;
  let slots: number[] = [];
  let handles: Billboard[] = [];
  let lastLon = new Float64Array(0);
  let lastLat = new Float64Array(0);
  /** 1 where a truck's arrow shows the breach colour. */
  let shownBreaching = new Uint8Array(0);
  let breaching: ReadonlySet<string> = new Set();
  /** Where each arrow was last put: a truck that has not moved is not touched. */
  let paintedLon = new Float64Array(0);
  let paintedLat = new Float64Array(0);
  let frame = 0;
  let visible = false;
  let unsubscribe: (() => void) | null = null;

  const paint = (): void => {
    frame = 0;
    if (!table || !visible) return;
    for (let k = 0; k < slots.length; k++) {
      const i = slots[k]!;
      const lon = table.lon[i]!;
      const lat = table.lat[i]!;
      const breach = breaching.has(table.registry.ids[i]!) ? 1 : 0;
      if (lon === paintedLon[k] && lat === paintedLat[k] && shownBreaching[k] === breach) continue;
      paintedLon[k] = lon;
      paintedLat[k] = lat;
      const m = metresPerDegree(lat);
      const dx = (lon - lastLon[k]!) * m.x;
      const dy = (lat - lastLat[k]!) * m.y;
      const b = handles[k]!;
      if (dx * dx + dy * dy > TURN_AFTER_M * TURN_AFTER_M) {
        // Billboard rotation is counter-clockwise about the aligned axis; heading is clockwise from north.
        b.rotation = -Math.atan2(dx, dy);
        lastLon[k] = lon;
        lastLat[k] = lat;
      }
      b.position = at([lon, lat], TRUCK_M);
      if (shownBreaching[k] !== breach) {
        shownBreaching[k] = breach;
        b.setImage(breach ? 'breaching' : 'moving', breach ? images.breaching : images.moving);
      }
    }
    scene.requestRender();
  };
  const schedule = (): void => {
    if (visible) frame ||= requestAnimationFrame(paint);
  };

  const bind = (next: SensorTable): void => {
    unsubscribe?.();
    table = next;
    slots = truckIds(next);
    trucks.removeAll();
    lastLon = Float64Array.from(slots, (i) => next.lon[i]!);
    lastLat = Float64Array.from(slots, (i) => next.lat[i]!);
    shownBreaching = new Uint8Array(slots.length);
    paintedLon = new Float64Array(slots.length).fill(Number.NaN);
    paintedLat = new Float64Array(slots.length).fill(Number.NaN);
    handles = slots.map((i) =>
      trucks.add({
        id: { layerId, featureId: next.registry.ids[i]! },
        position: at([next.lon[i]!, next.lat[i]!], TRUCK_M),
        image: images.moving,
        alignedAxis: Cartesian3.UNIT_Z,
        scaleByDistance: new NearFarScalar(2_000, 1, 60_000, 0.35),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      }),
    );
    unsubscribe = next.onChange(schedule);
    schedule();
  };

  const drawSelected = (v: ViolationRecord | null, route: readonly LonLat[] | null): void => {
    evidence.removeAll();
    if (route && route.length > 1) line(evidence, route.map((c) => at(c, TRACK_M - 5)), 4, TRUCK_COLORS.route);
    if (v && v.track.length > 1) line(evidence, v.track.map((p) => at([p[1], p[2]], TRACK_M)), 5, TRUCK_COLORS.evidence, { layerId, featureId: v.truck, evidence: v.id });
  };

  const drawDay = (day: TrucksLayerProps['day']): void => {
    dayTrack.removeAll();
    if (day && day.points.length > 1) line(dayTrack, day.points.map((p) => at([p[1], p[2]], TRACK_M - 2)), 3, TRUCK_COLORS.replay, { layerId, featureId: day.truck, replay: day.truck });
  };
  const placeMarker = (day: TrucksLayerProps['day'], t: number | null): void => {
    const here = day && t !== null ? dayPositionAt(day, t) : null;
    marker.show = here !== null;
    if (!here || !day) return;
    const ahead = dayPositionAt(day, t! + 15_000)!;
    marker.position = at([here.lon, here.lat], TRUCK_M + 2);
    const m = metresPerDegree(here.lat);
    if (ahead.lon !== here.lon || ahead.lat !== here.lat) marker.rotation = -Math.atan2((ahead.lon - here.lon) * m.x, (ahead.lat - here.lat) * m.y);
  };

  return {
    update(props, old) {
      root.show = props.visible;
      // Hidden, the arrows stand still: the live table's changes cost nothing until it shows.
      if (props.visible !== visible) {
        visible = props.visible;
        schedule();
      }
      if (props.day !== old?.day) drawDay(props.day);
      if (props.day !== old?.day || props.dayAt !== old?.dayAt) placeMarker(props.day, props.dayAt);
      if (props.table && props.table !== table) bind(props.table);
      if (props.breaching !== breaching) {
        breaching = props.breaching;
        schedule();
      }
      if (props.selected !== old?.selected || props.selectedRoute !== old?.selectedRoute) drawSelected(props.selected, props.selectedRoute);
      if (props.selectedTruck !== (old?.selectedTruck ?? null)) {
        for (const [k, b] of handles.entries()) b.scale = table && table.registry.ids[slots[k]!] === props.selectedTruck ? 1.6 : 1;
      }
      scene.requestRender();
    },
    pick(picked): PickResult | undefined {
      const id = (picked as { id?: { layerId?: string; featureId?: string } } | undefined)?.id;
      return id?.layerId === layerId && typeof id.featureId === 'string' ? { featureId: id.featureId } : undefined;
    },
    ...lifecycle(scene, root, () => {
      if (frame) cancelAnimationFrame(frame);
      unsubscribe?.();
    }),
  };
}
