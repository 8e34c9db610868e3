import {
  Cartesian2,
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PointPrimitiveCollection,
  PrimitiveCollection,
  SceneTransforms,
  VerticalOrigin,
  type PointPrimitive,
  type Scene,
} from 'cesium';
import type { SensorTable } from '../../live/sensorTable.ts';
import { sensorSize, sensorStatus, SENSOR_STATUSES, type SensorStatus } from '../../live/sensorStatus.ts';
import type { SensorKind } from '../../live/contract.ts';
import type { PickResult, SceneLayer } from '../layerKind.ts';
import { clusterScreen } from './clusters.ts';
import { KIND_COLORS, STATUS_COLORS } from '../../legend/sensorColors.ts';

const STATUS_RANK: Record<SensorStatus, number> = { nodata: 0, stale: 1, normal: 2, warning: 3, alarm: 4 };
const HEIGHT_M = 40;
const CLUSTER_PX = 64;
const CLUSTER_MIN = 6;
const STALE_CHECK_MS = 1000;
/** Cluster colours follow status changes this often; camera moves recluster at once. */
const RECLUSTER_MS = 2000;
/**
 * Frames that take longer than this (software WebGL, weak touch-table GPUs) make live updates wait
 * as long again before asking for the next frame, so that decoding keeps its share of the CPU.
 */
const FRAME_BUDGET_MS = 25;

interface PointId {
  layerId: string;
  featureId?: string;
  cluster?: number;
}

export interface SensorLayerProps {
  visible: boolean;
  selectedId: string | null;
  /** Sensor kinds to show, null for all. */
  kinds: ReadonlySet<SensorKind> | null;
  /** While replaying: the table reconstructed at the replay time, and that time (ms); null when live. */
  replayTable: SensorTable | null;
  replayAt: number | null;
}

/**
 * Every sensor as one point of one PointPrimitiveCollection, updated in place once per frame from
 * the SensorTable's dirty list: colour for status (the outline for the kind), size for the reading.
 * Zoomed out, crowded points merge into clusters coloured by their worst member.
 */
export function createSensorLayer(scene: Scene, root: PrimitiveCollection, layerId: string, table: SensorTable): SceneLayer<SensorLayerProps> {
  const { registry } = table;
  const points = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const clusterPoints = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const clusterLabels = root.add(new LabelCollection({ scene })) as LabelCollection;
  const statusColors = Object.fromEntries(SENSOR_STATUSES.map((s) => [s, Color.fromCssColorString(STATUS_COLORS[s])])) as Record<SensorStatus, Color>;
  const kindColors = Object.fromEntries(Object.entries(KIND_COLORS).map(([k, c]) => [k, Color.fromCssColorString(c)])) as Record<SensorKind, Color>;

  const status: SensorStatus[] = Array.from({ length: table.count }, () => 'nodata');
  const handles: PointPrimitive[] = registry.ids.map((id, i) =>
    points.add({
      id: { layerId, featureId: id } satisfies PointId,
      position: Cartesian3.fromDegrees(table.lon[i]!, table.lat[i]!, HEIGHT_M),
      pixelSize: 6,
      color: statusColors.nodata,
      outlineColor: kindColors[registry.kinds[i]!],
      outlineWidth: 1.5,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    }),
  );
  const indexOf = new Map(registry.ids.map((id, i) => [id, i]));
  let visible = false;
  let destroyed = false;
  /** The live table, or while replaying the table rebuilt at the replay time. */
  let source = table;
  let replayAt: number | null = null;
  let kinds: ReadonlySet<SensorKind> | null = null;
  const shown = (i: number): boolean => !kinds || kinds.has(registry.kinds[i]!);
  let selected = -1;
  let clusterOf: Int32Array = new Int32Array(table.count).fill(-1);
  /** The camera moved: recluster on the next frame. */
  let cameraMoved = true;
  /** Statuses changed: recluster soon, but not every frame of a storm. */
  let clustersDirty = false;
  let lastCluster = 0;

  const paint = (i: number, now: number): void => {
    const p = handles[i]!;
    const s = sensorStatus(source.level[i]!, source.ts[i]!, registry.props[i]!.interval, now);
    if (s !== status[i]) {
      status[i] = s;
      clustersDirty = true;
    }
    p.color = statusColors[s];
    p.pixelSize = sensorSize(source.value[i]!, registry.props[i]!.alarm, source.ts[i]!) + (i === selected ? 6 : 0);
    p.outlineColor = i === selected ? Color.WHITE : kindColors[registry.kinds[i]!];
    p.outlineWidth = i === selected ? 3 : 1.5;
    p.show = clusterOf[i]! < 0 && shown(i);
  };
  const moveTo = (i: number): void => {
    if (registry.kinds[i] === 'truck') handles[i]!.position = Cartesian3.fromDegrees(source.lon[i]!, source.lat[i]!, HEIGHT_M, undefined, scratch);
  };
  const repaintAll = (): void => {
    const now = replayAt ?? Date.now();
    for (let i = 0; i < source.count; i++) {
      moveTo(i);
      paint(i, now);
    }
    cameraMoved = true;
  };

  let lastStaleCheck = 0;
  const scratch = new Cartesian3();
  const applyFrame = (): void => {
    const now = replayAt ?? Date.now();
    // The live table keeps filling while a replay shows; its changes wait for the return to live.
    if (source !== table) table.drain();
    const changed = source.drain();
    for (const i of changed) {
      moveTo(i);
      paint(i, now);
    }
    if (Math.abs(now - lastStaleCheck) > STALE_CHECK_MS) {
      lastStaleCheck = now;
      for (let i = 0; i < source.count; i++) {
        if (sensorStatus(source.level[i]!, source.ts[i]!, registry.props[i]!.interval, now) !== status[i]) paint(i, now);
      }
    }
    if (cameraMoved || (clustersDirty && now - lastCluster > RECLUSTER_MS)) {
      lastCluster = now;
      recluster();
    } else if (clustersDirty) requestLiveFrame();
  };

  // Screen positions are only needed when the camera moved or statuses changed.
  const xs = new Float32Array(table.count);
  const ys = new Float32Array(table.count);
  const onScreen = new Uint8Array(table.count);
  const win = new Cartesian2();
  const recluster = (): void => {
    clustersDirty = false;
    cameraMoved = false;
    for (let i = 0; i < table.count; i++) {
      const w = SceneTransforms.worldToWindowCoordinates(scene, handles[i]!.position, win);
      onScreen[i] = shown(i) && w && w.x >= 0 && w.y >= 0 && w.x <= scene.canvas.clientWidth && w.y <= scene.canvas.clientHeight ? 1 : 0;
      if (w) [xs[i], ys[i]] = [w.x, w.y];
    }
    const result = clusterScreen(xs, ys, onScreen, CLUSTER_PX, CLUSTER_MIN);
    clusterOf = result.clusterOf;
    clusterPoints.removeAll();
    clusterLabels.removeAll();
    result.clusters.forEach((c, k) => {
      let worst: SensorStatus = 'nodata';
      const centre = new Cartesian3();
      for (const i of c.members) {
        if (STATUS_RANK[status[i]!] > STATUS_RANK[worst]) worst = status[i]!;
        Cartesian3.add(centre, handles[i]!.position, centre);
      }
      Cartesian3.divideByScalar(centre, c.members.length, centre);
      clusterPoints.add({ id: { layerId, cluster: k } satisfies PointId, position: centre, pixelSize: 16 + 3 * Math.log2(c.members.length), color: statusColors[worst].withAlpha(0.85), outlineColor: Color.BLACK.withAlpha(0.6), outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY });
      clusterLabels.add({ position: centre, text: String(c.members.length), font: '600 13px "Noto Sans CJK SC", sans-serif', fillColor: Color.BLACK, style: LabelStyle.FILL, horizontalOrigin: HorizontalOrigin.CENTER, verticalOrigin: VerticalOrigin.CENTER, disableDepthTestDistance: Number.POSITIVE_INFINITY });
    });
    for (let i = 0; i < table.count; i++) handles[i]!.show = clusterOf[i]! < 0 && shown(i);
    clusterCentres = result.clusters.map((c) => c.members);
  };
  let clusterCentres: number[][] = [];

  const removePreRender = scene.preRender.addEventListener(applyFrame);
  // Live data asks for frames, paced by how long the last one took to arrive.
  let requestedAt = 0;
  let nextAllowed = 0;
  let paceTimer: ReturnType<typeof setTimeout> | undefined;
  const requestLiveFrame = (): void => {
    if (requestedAt || paceTimer) return;
    const wait = nextAllowed - performance.now();
    if (wait > 0) {
      paceTimer = setTimeout(() => {
        paceTimer = undefined;
        requestLiveFrame();
      }, wait);
      return;
    }
    requestedAt = performance.now();
    scene.requestRender();
  };
  const removePostRender = scene.postRender.addEventListener(() => {
    if (!requestedAt) return;
    const now = performance.now();
    nextAllowed = now + Math.max(0, now - requestedAt - FRAME_BUDGET_MS);
    requestedAt = 0;
  });
  const removeTableListener = table.onChange(requestLiveFrame);
  let removeReplayListener: (() => void) | null = null;
  const cameraChanged = (): void => {
    cameraMoved = true;
    scene.requestRender();
  };
  scene.camera.percentageChanged = Math.min(scene.camera.percentageChanged, 0.1);
  const removeCameraChanged = scene.camera.changed.addEventListener(cameraChanged);
  const removeMoveEnd = scene.camera.moveEnd.addEventListener(cameraChanged);
  // Staleness changes without any reading arriving: check on a timer, and ask for a frame only
  // when some status did change (an idle scene stays idle).
  const staleTimer = setInterval(() => {
    const now = replayAt ?? Date.now();
    for (let i = 0; i < source.count; i++) {
      if (sensorStatus(source.level[i]!, source.ts[i]!, registry.props[i]!.interval, now) !== status[i]) return requestLiveFrame();
    }
  }, STALE_CHECK_MS);

  return {
    update(v) {
      visible = v.visible;
      root.show = v.visible;
      const nextSource = v.replayTable ?? table;
      replayAt = v.replayAt;
      if (nextSource !== source || v.kinds !== kinds) {
        if (nextSource !== source) {
          removeReplayListener?.();
          removeReplayListener = nextSource === table ? null : nextSource.onChange(requestLiveFrame);
        }
        source = nextSource;
        kinds = v.kinds;
        repaintAll();
      }
      const next = v.selectedId ? (indexOf.get(v.selectedId) ?? -1) : -1;
      if (next !== selected) {
        const prev = selected;
        selected = next;
        const now = Date.now();
        if (prev >= 0) paint(prev, now);
        if (next >= 0) paint(next, now);
      }
      scene.requestRender();
    },
    pick(picked): PickResult | undefined {
      const id = (picked as { id?: PointId } | undefined)?.id;
      if (!id || id.layerId !== layerId || !visible) return undefined;
      if (typeof id.featureId === 'string') return { featureId: id.featureId };
      const members = id.cluster !== undefined ? clusterCentres[id.cluster] : undefined;
      if (!members) return undefined;
      // A tap on a cluster zooms to its members rather than selecting anything.
      let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
      for (const i of members) {
        w = Math.min(w, source.lon[i]!);
        e = Math.max(e, source.lon[i]!);
        s = Math.min(s, source.lat[i]!);
        n = Math.max(n, source.lat[i]!);
      }
      return { featureId: '', zoomTo: { west: w, south: s, east: e, north: n } };
    },
    destroy() {
      clearInterval(staleTimer);
      clearTimeout(paceTimer);
      removePreRender();
      removePostRender();
      removeTableListener();
      removeReplayListener?.();
      removeCameraChanged();
      removeMoveEnd();
      destroyed = true;
      scene.primitives.remove(root);
      scene.requestRender();
    },
    isDestroyed: () => destroyed,
  };
}
