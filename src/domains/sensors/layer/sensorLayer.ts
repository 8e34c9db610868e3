import { BoundingSphere, Cartesian2, Cartesian3, Cartographic, Math as CesiumMath, type PrimitiveCollection, type Scene } from 'cesium';
import type { SensorKind } from '../../../live/contract.ts';
import { DirtySet } from '../../../live/dirtySet.ts';
import type { SensorTable } from '../sensorTable.ts';
import { PERF_MARKS } from '../../../perf/marks.ts';
import { frameScheduler } from '../../../layers/frameScheduler.ts';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';
import { AlarmPulses } from './alarmPulses.ts';
import { ClusterClient } from './clusterClient.ts';
import { LivePoints } from './livePoints.ts';
import { zoomForMetresPerPixel, type Cluster, type Clustering } from './clusters.ts';
import { SENSOR_HEIGHT_M, SensorPainter, STATUS_RANK, statusColors } from './sensorPainter.ts';
import { StaleClock } from './staleClock.ts';
import { ClusterMarks, type PointId } from './clusterMarks.ts';

/** Alarms this long after the layer opened are news, and pulse. */
const PULSE_AFTER_MS = 10_000;
/** A cluster's reach on screen, CSS pixels, and the fewest sensors that make one. */
const CLUSTER_PX = 64;
const CLUSTER_MIN = 6;
/** Cluster colours follow status changes this often; camera moves recluster at once. */
const RECLUSTER_MS = 2000;
/**
 * Main-thread time a frame may spend painting sensors, and how many it paints between clock
 * reads. At 50,000 sensors a flood changed 3,000–5,000 of them per SwiftShader frame; painted all
 * at once, those frames were 100–200 ms tasks (bench:live).
 */
const PAINT_BUDGET_MS = 6;
const PAINT_CHUNK = 256;

export interface SensorLayerProps {
  visible: boolean;
  selectedId: string | null;
  /** Sensor kinds to show, null for all. */
  kinds: ReadonlySet<SensorKind> | null;
  /** While replaying: the table reconstructed at the replay time, and that time (ms); null when live. */
  replayTable: SensorTable | null;
  replayAt: number | null;
}

/** Each sensor's position on the globe, x y z, at the points' height. */
function sensorPositions(table: SensorTable): Float64Array {
  const positions = new Float64Array(3 * table.count);
  const scratch = new Cartesian3();
  for (let i = 0; i < table.count; i++) {
    Cartesian3.fromDegrees(table.lon[i]!, table.lat[i]!, SENSOR_HEIGHT_M, undefined, scratch);
    positions[3 * i] = scratch.x;
    positions[3 * i + 1] = scratch.y;
    positions[3 * i + 2] = scratch.z;
  }
  return positions;
}

/** Each sensor's district as a number, for the counts per district at city scale. */
function districtNumbers(props: readonly { district?: string | null }[]): Int16Array {
  const numbers = new Map<string, number>();
  const number = (d: string): number => numbers.get(d) ?? numbers.set(d, numbers.size).size - 1;
  return Int16Array.from(props, (p) => (p.district ? number(p.district) : -1));
}

const centre = new Cartesian2();
/**
 * The clusters' zoom: from the metres per CSS pixel where the view's centre meets the ground.
 * The whole city is queried, not the view's rectangle: Cesium's rectangle of a tilted view
 * leaves out the near ground at the bottom of the screen.
 */
function viewZoom(scene: Scene): number {
  const { clientWidth: w, clientHeight: h } = scene.canvas;
  centre.x = w / 2;
  centre.y = h / 2;
  const camera = scene.camera;
  const ground = camera.pickEllipsoid(centre) ?? Cartesian3.fromRadians(camera.positionCartographic.longitude, camera.positionCartographic.latitude, 0);
  const mpp = camera.getPixelSize(new BoundingSphere(ground, 0), w, h);
  return zoomForMetresPerPixel(mpp, CesiumMath.toDegrees(Cartographic.fromCartesian(ground).latitude));
}

/** Paints from each queue in turn, a chunk at a time, until the frame's budget is spent; the rest wait, in order, for the next frame. */
function paintWithin(queues: readonly ((max: number) => ArrayLike<number>)[], each: (i: number) => void): void {
  const until = performance.now() + PAINT_BUDGET_MS;
  for (const queue of queues) {
    while (performance.now() < until) {
      const chunk = queue(PAINT_CHUNK);
      if (chunk.length === 0) break;
      for (let k = 0; k < chunk.length; k++) each(chunk[k]!);
    }
  }
}

/** Calls `moved` on every camera change, small ones too (clusters follow them); returns the call that stops and puts the camera's setting back. */
function watchCamera(scene: Scene, moved: () => void): () => void {
  const percentageChanged = scene.camera.percentageChanged;
  scene.camera.percentageChanged = Math.min(percentageChanged, 0.1);
  const removeChanged = scene.camera.changed.addEventListener(moved);
  const removeMoveEnd = scene.camera.moveEnd.addEventListener(moved);
  return () => {
    removeChanged();
    removeMoveEnd();
    scene.camera.percentageChanged = percentageChanged;
  };
}

/** What a tap on one of the layer's points is: a sensor, or a cluster, which zooms to its members rather than selecting anything. */
function pickPoint(picked: unknown, layerId: string, clusterList: readonly Cluster[]): PickResult | undefined {
  const id = (picked as { id?: PointId } | undefined)?.id;
  if (!id || id.layerId !== layerId) return undefined;
  if (typeof id.featureId === 'string') return { featureId: id.featureId };
  const c = id.cluster !== undefined ? clusterList[id.cluster] : undefined;
  return c ? { featureId: '', zoomTo: { west: c.west, south: c.south, east: c.east, north: c.north } } : undefined;
}

/**
 * Every sensor as one point of one primitive (livePoints.ts), updated in place once per frame from
 * the SensorTable's dirty list (sensorPainter.ts), with staleness from a clock (staleClock.ts) and
 * frames asked for through the scene's shared scheduler. Zoomed out, crowded points merge into
 * clusters (clusters.ts, on supercluster, in a worker) coloured by their worst member; a tap on
 * one zooms in. Until the first clustering arrives the points stay hidden, so the city does not
 * flash every sensor at once.
 */
export function createSensorLayer(scene: Scene, root: PrimitiveCollection, layerId: string, table: SensorTable): SceneLayer<SensorLayerProps> {
  const created = performance.now();
  const { registry } = table;
  const positions = sensorPositions(table);
  // Every point starts hidden, in the no-data colour and its kind's outline; picks return the id.
  const points = root.add(new LivePoints(positions, (i) => ({ id: { layerId, featureId: registry.ids[i]! } satisfies PointId }))) as LivePoints;
  for (let i = 0; i < table.count; i++) points.setStyle(i, statusColors.nodata, 6, SensorPainter.kindColor(registry.kinds[i]!), 1.5);
  const { frames, release } = frameScheduler(scene);
  const marks = new ClusterMarks(scene, root, layerId, frames);
  const painter = new SensorPainter(registry, points);
  /** Built at the first selection, not with the layer: at 50,000 sensors the map costs 8–115 ms. */
  let indexOf: Map<string, number> | null = null;
  let visible = false;
  /** The live table, or while replaying the table rebuilt at the replay time. */
  let source = table;
  let replayAt: number | null = null;
  let kinds: ReadonlySet<SensorKind> | null = null;
  const shown = (i: number): boolean => !kinds || kinds.has(registry.kinds[i]!);
  let selected = -1;
  let clusterOf: Int32Array = new Int32Array(table.count).fill(-1);
  let clusterList: Cluster[] = [];
  /** The first clustering has arrived: until then no point shows. */
  let clustered = false;
  /** The camera moved: query the clusters again on the next frame. */
  let cameraMoved = true;
  /** Statuses changed: rebuild the cluster index soon, but not every frame of a storm. */
  let clustersDirty = true;
  let lastIndexed = -Infinity;

  const pulses = new AlarmPulses(scene, root);
  /** A page that opens in a storm receives every retained reading at once: none of those is news. */
  const newsFrom = performance.now() + PULSE_AFTER_MS;
  const paint = (i: number, now: number): void => {
    const was = painter.status[i];
    if (!painter.paint(source, i, now, i === selected, clustered && clusterOf[i]! < 0 && shown(i))) return;
    clustersDirty = true;
    // A live sensor that goes into alarm pulses; a replay, or the readings a page finds on opening, do not.
    if (painter.status[i] === 'alarm' && was !== 'alarm' && source === table && visible && shown(i) && performance.now() > newsFrom) pulses.start(source.lon[i]!, source.lat[i]!);
  };
  /** Sensors to paint again without a new reading (stale, a replay, a filter), within the frame budget. */
  const repaint = new DirtySet(table.count);
  const repaintAll = (): void => {
    repaint.addAll();
    clustersDirty = true;
    cameraMoved = true;
  };

  const stale = new StaleClock(
    () => {
      const now = replayAt ?? Date.now();
      const out: number[] = [];
      for (let i = 0; i < source.count; i++) if (painter.statusAt(source, i, now) !== painter.status[i]) out.push(i);
      return out;
    },
    () => frames.requestPaced(),
  );

  /** Draws a clustering from the worker: the clusters at their members' mean position, the rest as points. */
  const applyClusters = (result: Clustering): void => {
    const before = clusterOf;
    ({ clusterOf, clusters: clusterList } = result);
    // Points that join or leave a cluster are shown or hidden by the frames' budgeted repaint: a
    // regrouping of 50,000 sensors changes thousands at once. Until the first clustering every
    // point was hidden.
    if (!clustered) repaint.addAll();
    else for (let i = 0; i < clusterOf.length; i++) if (before[i]! < 0 !== clusterOf[i]! < 0) repaint.add(i);
    clustered = true;
    marks.draw(clusterList, visible);
  };
  const worker = new ClusterClient(applyClusters, (message) => {
    console.warn(`sensors: clustering is off (${message}); every sensor is drawn on its own`);
    applyClusters({ clusterOf: new Int32Array(table.count).fill(-1), clusters: [] });
  });

  /** Each sensor's district as a number, made at the first clustering so that creating the layer stays one short task. */
  let districtOf: Int16Array | null = null;
  /** Asks the worker for the clusters at the view's zoom, with the sensors when they changed. */
  const recluster = (now: number): void => {
    let sensors = null;
    if (clustersDirty) {
      const rank = new Int8Array(source.count);
      for (let i = 0; i < source.count; i++) rank[i] = shown(i) ? STATUS_RANK[painter.status[i]!] : -1;
      sensors = { lon: source.lon.slice(0, source.count), lat: source.lat.slice(0, source.count), rank, district: (districtOf ??= districtNumbers(registry.props)).slice(0, source.count) };
      clustersDirty = false;
      lastIndexed = now;
    }
    cameraMoved = false;
    worker.request({ radiusPx: CLUSTER_PX, minPoints: CLUSTER_MIN, zoom: viewZoom(scene), sensors });
  };

  /** New readings of the shown table first, then repaints; made once, they read `source` when called. */
  const paintQueues = [(max: number) => source.drain(max), (max: number) => repaint.take(max)];
  const applyFrame = (): void => {
    const now = replayAt ?? Date.now();
    // The live table keeps filling while a replay shows; its changes wait for the return to live.
    if (source !== table) table.drain();
    for (const i of stale.take()) repaint.add(i);
    // A truck that moves keeps its cluster until the next regrouping (a status change or a camera
    // move): rebuilding the index for every move would cost more than the frame itself.
    // New readings first, then repaints, a chunk at a time until the frame's budget is spent: the
    // rest wait, in order, for the next frame. Cesium's own write of the changed points follows
    // in this frame at about the same cost, so a flood never makes one long task.
    paintWithin(paintQueues, (i) => {
      painter.move(source, i);
      paint(i, now);
    });
    if (source.pending > 0 || repaint.size > 0) frames.requestPaced();
    if (cameraMoved || (clustersDirty && now - lastIndexed > RECLUSTER_MS)) recluster(now);
    else if (clustersDirty) frames.requestPaced();
  };

  const removePreRender = scene.preRender.addEventListener(applyFrame);
  performance.measure(PERF_MARKS.sensorLayerCreate, { start: created, detail: table.count });
  const removeTableListener = table.onChange(() => frames.requestPaced());
  let removeReplayListener: (() => void) | null = null;
  const unwatchCamera = watchCamera(scene, () => {
    cameraMoved = true;
    scene.requestRender();
  });

  return {
    update(v) {
      if (v.visible !== visible) marks.show(v.visible);
      visible = v.visible;
      root.show = v.visible;
      const nextSource = v.replayTable ?? table;
      replayAt = v.replayAt;
      if (nextSource !== source || v.kinds !== kinds) {
        if (nextSource !== source) {
          removeReplayListener?.();
          removeReplayListener = nextSource === table ? null : nextSource.onChange(() => frames.requestPaced());
        }
        source = nextSource;
        kinds = v.kinds;
        repaintAll();
      }
      const next = v.selectedId ? ((indexOf ??= new Map(registry.ids.map((id, i) => [id, i]))).get(v.selectedId) ?? -1) : -1;
      if (next !== selected) {
        const prev = selected;
        selected = next;
        const now = Date.now();
        if (prev >= 0) paint(prev, now);
        if (next >= 0) paint(next, now);
      }
      scene.requestRender();
    },
    pick: (picked) => (visible ? pickPoint(picked, layerId, clusterList) : undefined),
    ...lifecycle(scene, root, () => marks.destroy(), () => pulses.destroy(), () => stale.stop(), () => worker.terminate(), release, removePreRender, removeTableListener, () => removeReplayListener?.(), unwatchCamera),
  };
}
