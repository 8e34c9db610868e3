import { Cartesian3, Color, PointPrimitiveCollection, type PointPrimitive, type PrimitiveCollection, type Scene } from 'cesium';
import { STATUS_COLORS } from '../sensorColors.ts';
import { reducedMotion } from '../../../ui/motion.ts';

/** Three rings, 0.9 s each: enough to catch an eye across the room, then the map is still again. */
const PERIOD_MS = 900;
const CYCLES = 3;
/** At most this many at once: in a storm the list rolls up by district, and so do the pulses' claims on the eye. */
const MAX_PULSES = 24;
const HEIGHT_M = 40;

/**
 * Rings that spread from a sensor that has just gone into alarm, drawn in one point collection of
 * their own over the sensors (so a sensor inside a cluster badge still shows where it is). The
 * scene renders on demand: while a ring spreads it asks for the next frame, and none after.
 */
export class AlarmPulses {
  private readonly points: PointPrimitiveCollection;
  private readonly active: { point: PointPrimitive; start: number }[] = [];
  private readonly idle: PointPrimitive[] = [];
  private readonly colour = Color.fromCssColorString(STATUS_COLORS.alarm);
  private readonly removeListener: () => void;

  constructor(
    private readonly scene: Scene,
    root: PrimitiveCollection,
  ) {
    this.points = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.removeListener = scene.preRender.addEventListener(() => this.step());
  }

  start(lon: number, lat: number): void {
    if (this.active.length >= MAX_PULSES || reducedMotion()) return;
    const point =
      this.idle.pop() ??
      this.points.add({ pixelSize: 0, color: Color.TRANSPARENT, outlineWidth: 3, disableDepthTestDistance: Number.POSITIVE_INFINITY });
    point.position = Cartesian3.fromDegrees(lon, lat, HEIGHT_M, undefined, point.position);
    point.show = true;
    this.active.push({ point, start: performance.now() });
    this.scene.requestRender();
  }

  private step(): void {
    if (this.active.length === 0) return;
    const now = performance.now();
    for (let k = this.active.length - 1; k >= 0; k--) {
      const { point, start } = this.active[k]!;
      const t = (now - start) / PERIOD_MS;
      if (t >= CYCLES) {
        point.show = false;
        this.idle.push(point);
        this.active.splice(k, 1);
        continue;
      }
      const phase = t % 1;
      point.pixelSize = 10 + 38 * phase;
      point.color = Color.TRANSPARENT;
      point.outlineColor = this.colour.withAlpha(0.9 * (1 - phase));
    }
    if (this.active.length > 0) requestAnimationFrame(() => this.scene.requestRender());
  }

  destroy(): void {
    this.removeListener();
  }
}
