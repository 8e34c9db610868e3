import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Cartographic,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Math as CesiumMath,
  PointPrimitiveCollection,
  PrimitiveCollection,
  VerticalOrigin,
  type PointPrimitive,
  type Scene,
} from 'cesium';
import type { SensorKind } from '../../live/contract.ts';
import type { SensorTable } from '../../live/sensorTable.ts';
import { frameScheduler } from '../frameScheduler.ts';
import type { PickResult, SceneLayer } from '../layerKind.ts';
import { lifecycle } from '../lifecycle.ts';
import { SensorClusters, zoomForMetresPerPixel, type Cluster } from './clusters.ts';
import { SENSOR_HEIGHT_M, SensorPainter, STATUS_RANK, statusColors } from './sensorPainter.ts';
import { StaleClock } from './staleClock.ts';

/** A cluster's reach on screen, CSS pixels, and the fewest sensors that make one. */
const CLUSTER_PX = 64;
const CLUSTER_MIN = 6;
/** Cluster colours follow status changes this often; camera moves recluster at once. */
const RECLUSTER_MS = 2000;
const RANK_STATUS = Object.fromEntries(Object.entries(STATUS_RANK).map(([s, r]) => [r, s])) as Record<number, keyof typeof STATUS_RANK>;

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
 * the SensorTable's dirty list (sensorPainter.ts), with staleness from a clock (staleClock.ts) and
 * frames asked for through the scene's shared scheduler. Zoomed out, crowded points merge into
 * clusters (clusters.ts, on supercluster) coloured by their worst member; a tap on one zooms in.
 */
export function createSensorLayer(scene: Scene, root: PrimitiveCollection, layerId: string, table: SensorTable): SceneLayer<SensorLayerProps> {
  const { registry } = table;
  const points = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const clusterPoints = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const clusterLabels = root.add(new LabelCollection({ scene })) as LabelCollection;
  const handles: PointPrimitive[] = registry.ids.map((id, i) =>
    points.add({
      id: { layerId, featureId: id } satisfies PointId,
      position: Cartesian3.fromDegrees(table.lon[i]!, table.lat[i]!, SENSOR_HEIGHT_M),
      pixelSize: 6,
      color: statusColors.nodata,
      outlineColor: SensorPainter.kindColor(registry.kinds[i]!),
      outlineWidth: 1.5,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    }),
  );
  const painter = new SensorPainter(registry, handles);
  const { frames, release } = frameScheduler(scene);
  const indexOf = new Map(registry.ids.map((id, i) => [id, i]));
  let visible = false;
  /** The live table, or while replaying the table rebuilt at the replay time. */
  let source = table;
  let replayAt: number | null = null;
  let kinds: ReadonlySet<SensorKind> | null = null;
  const shown = (i: number): boolean => !kinds || kinds.has(registry.kinds[i]!);
  let selected = -1;
  const clusters = new SensorClusters(CLUSTER_PX, CLUSTER_MIN);
  let clusterOf: Int32Array = new Int32Array(table.count).fill(-1);
  let clusterList: Cluster[] = [];
  /** The camera moved: query the clusters again on the next frame. */
  let cameraMoved = true;
  /** Statuses changed: rebuild the cluster index soon, but not every frame of a storm. */
  let clustersDirty = true;
  let lastIndexed = -Infinity;

  const paint = (i: number, now: number): void => {
    if (painter.paint(source, i, now, i === selected, clusterOf[i]! < 0 && shown(i))) clustersDirty = true;
  };
  const repaintAll = (): void => {
    const now = replayAt ?? Date.now();
    for (let i = 0; i < source.count; i++) {
      painter.move(source, i);
      paint(i, now);
    }
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

  /**
   * The clusters' zoom: from the metres per CSS pixel where the view's centre meets the ground.
   * The whole city is queried, not the view's rectangle: Cesium's rectangle of a tilted view
   * leaves out the near ground at the bottom of the screen.
   */
  const centre = new Cartesian2();
  const viewZoom = (): number => {
    const { clientWidth: w, clientHeight: h } = scene.canvas;
    centre.x = w / 2;
    centre.y = h / 2;
    const camera = scene.camera;
    const ground = camera.pickEllipsoid(centre) ?? Cartesian3.fromRadians(camera.positionCartographic.longitude, camera.positionCartographic.latitude, 0);
    const mpp = camera.getPixelSize(new BoundingSphere(ground, 0), w, h);
    return zoomForMetresPerPixel(mpp, CesiumMath.toDegrees(Cartographic.fromCartesian(ground).latitude));
  };
  const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

  const recluster = (now: number): void => {
    if (clustersDirty) {
      clusters.load(source.lon, source.lat, shown, (i) => STATUS_RANK[painter.status[i]!]);
      clustersDirty = false;
      lastIndexed = now;
    }
    cameraMoved = false;
    ({ clusterOf, clusters: clusterList } = clusters.query(table.count, WORLD, viewZoom()));
    clusterPoints.removeAll();
    clusterLabels.removeAll();
    clusterList.forEach((c, k) => {
      const position = new Cartesian3();
      for (const i of c.members) Cartesian3.add(position, handles[i]!.position, position);
      Cartesian3.divideByScalar(position, c.members.length, position);
      const color = statusColors[RANK_STATUS[c.worst] ?? 'nodata'];
      clusterPoints.add({ id: { layerId, cluster: k } satisfies PointId, position, pixelSize: 16 + 3 * Math.log2(c.members.length), color: color.withAlpha(0.85), outlineColor: Color.BLACK.withAlpha(0.6), outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY });
      clusterLabels.add({ position, text: String(c.members.length), font: '600 13px "Noto Sans CJK SC", sans-serif', fillColor: Color.BLACK, style: LabelStyle.FILL, horizontalOrigin: HorizontalOrigin.CENTER, verticalOrigin: VerticalOrigin.CENTER, disableDepthTestDistance: Number.POSITIVE_INFINITY });
    });
    for (let i = 0; i < table.count; i++) handles[i]!.show = clusterOf[i]! < 0 && shown(i);
  };

  const applyFrame = (): void => {
    const now = replayAt ?? Date.now();
    // The live table keeps filling while a replay shows; its changes wait for the return to live.
    if (source !== table) table.drain();
    // A truck that moves keeps its cluster until the next regrouping (a status change or a camera
    // move): rebuilding the index for every move would cost more than the frame itself.
    for (const i of source.drain()) {
      painter.move(source, i);
      paint(i, now);
    }
    for (const i of stale.take()) paint(i, now);
    if (cameraMoved || (clustersDirty && now - lastIndexed > RECLUSTER_MS)) recluster(now);
    else if (clustersDirty) frames.requestPaced();
  };

  const removePreRender = scene.preRender.addEventListener(applyFrame);
  const removeTableListener = table.onChange(() => frames.requestPaced());
  let removeReplayListener: (() => void) | null = null;
  const cameraChanged = (): void => {
    cameraMoved = true;
    scene.requestRender();
  };
  // Clusters follow small camera moves too; the camera's own setting is put back on destroy.
  const percentageChanged = scene.camera.percentageChanged;
  scene.camera.percentageChanged = Math.min(percentageChanged, 0.1);
  const removeCameraChanged = scene.camera.changed.addEventListener(cameraChanged);
  const removeMoveEnd = scene.camera.moveEnd.addEventListener(cameraChanged);

  return {
    update(v) {
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
      const c = id.cluster !== undefined ? clusterList[id.cluster] : undefined;
      // A tap on a cluster zooms to its members rather than selecting anything.
      return c ? { featureId: '', zoomTo: { west: c.west, south: c.south, east: c.east, north: c.north } } : undefined;
    },
    ...lifecycle(scene, root, () => stale.stop(), release, removePreRender, removeTableListener, () => removeReplayListener?.(), removeCameraChanged, removeMoveEnd, () => {
      scene.camera.percentageChanged = percentageChanged;
    }),
  };
}
