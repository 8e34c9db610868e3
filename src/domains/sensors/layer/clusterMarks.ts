import { Cartesian3, Color, HorizontalOrigin, LabelCollection, LabelStyle, PointPrimitiveCollection, VerticalOrigin, type PrimitiveCollection, type Scene } from 'cesium';
import { declutterOf, type DeclutterItem } from '../../../layers/declutter.ts';
import { GLYPH_FRAMES, hasNewGlyphs, type frameScheduler } from '../../../layers/frameScheduler.ts';
import type { Cluster } from './clusters.ts';
import { SENSOR_HEIGHT_M, STATUS_RANK, statusColors } from './sensorPainter.ts';

const BADGE_PLACE = [[0, 0]] as const;
const clusterColors = Object.fromEntries(Object.entries(statusColors).map(([s, c]) => [s, c.withAlpha(0.85)])) as typeof statusColors;
const RANK_STATUS = Object.fromEntries(Object.entries(STATUS_RANK).map(([s, r]) => [r, s])) as Record<number, keyof typeof STATUS_RANK>;

/** What a point of the sensor layer carries as its id: a sensor, or a cluster by its index. */
export interface PointId {
  layerId: string;
  featureId?: string;
  cluster?: number;
}

/**
 * The clusters as drawn: a badge and its count per cluster, updated in place (rebuilding the
 * labels cost their glyphs' layout again, 15–40 ms a time), and kept clear of names by the
 * declutter pass.
 */
export class ClusterMarks {
  private readonly points: PointPrimitiveCollection;
  private readonly labels: LabelCollection;
  private readonly declutter;
  private badges: DeclutterItem[] = [];
  /** The characters the labels have drawn so far. */
  private readonly glyphsSeen = new Set<string>();

  constructor(
    private readonly scene: Scene,
    root: PrimitiveCollection,
    private readonly layerId: string,
    private readonly frames: ReturnType<typeof frameScheduler>['frames'],
  ) {
    this.points = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.labels = root.add(new LabelCollection({ scene })) as LabelCollection;
    this.declutter = declutterOf(scene);
  }

  draw(clusterList: readonly Cluster[], visible: boolean): void {
    const { scene, layerId, frames, glyphsSeen } = this;
    const [clusterPoints, clusterLabels] = [this.points, this.labels];
    clusterList.forEach((c, k) => {
      const position = Cartesian3.fromDegrees(c.lon, c.lat, SENSOR_HEIGHT_M);
      const color = clusterColors[RANK_STATUS[c.worst] ?? 'nodata'];
      const pixelSize = 16 + 3 * Math.log2(c.size);
      const text = String(c.size);
      if (k === clusterPoints.length) {
        clusterPoints.add({ id: { layerId, cluster: k } satisfies PointId, position, pixelSize, color, outlineColor: Color.BLACK.withAlpha(0.6), outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY });
        clusterLabels.add({ position, text, font: '600 13px "Noto Sans CJK SC", sans-serif', fillColor: Color.BLACK, style: LabelStyle.FILL, horizontalOrigin: HorizontalOrigin.CENTER, verticalOrigin: VerticalOrigin.CENTER, disableDepthTestDistance: Number.POSITIVE_INFINITY });
        return;
      }
      const point = clusterPoints.get(k);
      const label = clusterLabels.get(k);
      point.show = label.show = true;
      point.position = label.position = position;
      point.pixelSize = pixelSize;
      point.color = color;
      label.text = text;
    });
    for (let k = clusterList.length; k < clusterPoints.length; k++) clusterPoints.get(k).show = clusterLabels.get(k).show = false;
    // The badges are counts that must not vanish: they stand where they are, and names step aside.
    this.badges = clusterList.map((c, k) => {
      const side = clusterPoints.get(k).pixelSize + 6;
      return { priority: 10 + c.worst, fixed: true, position: clusterPoints.get(k).position, size: () => [side, side] as const, offsets: BADGE_PLACE, place: () => undefined };
    });
    this.declutter.set(layerId, visible ? this.badges : []);
    // Counts are digits: once each has been drawn, no new glyph waits for the atlas.
    if (hasNewGlyphs(glyphsSeen, clusterList.map((c) => String(c.size)))) frames.keepDrawing(GLYPH_FRAMES);
    else scene.requestRender();
  }

  show(visible: boolean): void {
    this.declutter.set(this.layerId, visible ? this.badges : []);
  }

  destroy(): void {
    this.declutter.remove(this.layerId);
  }
}
