/**
 * Paints sensors onto their points: the status colour, a size from the reading, the kind as the
 * outline, the selection as a white ring, and where trucks are now. It keeps each sensor's last
 * painted status, so the layer knows when clusters need their colours again.
 */
import { Cartesian3, Color } from 'cesium';
import { KIND_COLORS, STATUS_COLORS } from '../sensorColors.ts';
import type { SensorKind } from '../../../live/contract.ts';
import type { RegistryColumns } from '../../../live/liveProtocol.ts';
import { sensorSize, sensorStatus, SENSOR_STATUSES, type SensorStatus } from '../sensorStatus.ts';
import type { SensorTable } from '../sensorTable.ts';
import type { LivePoints } from './livePoints.ts';

export const STATUS_RANK: Record<SensorStatus, number> = { nodata: 0, stale: 1, normal: 2, warning: 3, alarm: 4 };
export const SENSOR_HEIGHT_M = 40;

export const statusColors = Object.fromEntries(SENSOR_STATUSES.map((s) => [s, Color.fromCssColorString(STATUS_COLORS[s])])) as Record<SensorStatus, Color>;
const kindColors = Object.fromEntries(Object.entries(KIND_COLORS).map(([k, c]) => [k, Color.fromCssColorString(c)])) as Record<SensorKind, Color>;

export class SensorPainter {
  /** The status each sensor was last painted with. */
  readonly status: SensorStatus[];
  private readonly scratch = new Cartesian3();

  constructor(
    private readonly registry: RegistryColumns,
    private readonly points: LivePoints,
  ) {
    this.status = Array.from({ length: points.count }, () => 'nodata');
  }

  static kindColor(kind: SensorKind): Color {
    return kindColors[kind];
  }

  /** The status a sensor shows at `now`, from the table it is read from. */
  statusAt(source: SensorTable, i: number, now: number): SensorStatus {
    return sensorStatus(source.level[i]!, source.ts[i]!, this.registry.props[i]!.interval, now);
  }

  /** Paints one sensor; returns whether its status changed. */
  paint(source: SensorTable, i: number, now: number, selected: boolean, visible: boolean): boolean {
    const s = this.statusAt(source, i, now);
    const changed = s !== this.status[i];
    this.status[i] = s;
    const size = sensorSize(source.value[i]!, this.registry.props[i]!.alarm, source.ts[i]!) + (selected ? 6 : 0);
    this.points.setStyle(i, statusColors[s], size, selected ? Color.WHITE : kindColors[this.registry.kinds[i]!], selected ? 3 : 1.5);
    this.points.setShow(i, visible);
    return changed;
  }

  /** Trucks move: their points follow the table's positions. */
  move(source: SensorTable, i: number): void {
    if (this.registry.kinds[i] !== 'truck') return;
    const p = Cartesian3.fromDegrees(source.lon[i]!, source.lat[i]!, SENSOR_HEIGHT_M, undefined, this.scratch);
    this.points.setPosition(i, p.x, p.y, p.z);
  }
}
