import { Cartesian3, Color, Material, NearFarScalar, PointPrimitiveCollection, PolylineCollection, type PointPrimitive, type Polyline, type PrimitiveCollection, type Scene } from 'cesium';
import type { PanoramaPoints } from '../analysisHandlers.ts';
import { POINT_CLASSES } from '../recordPoints.ts';
import { recordColor } from '../panoramaColors.ts';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import type { LiveCase } from '../panoramaSlice.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';

export interface PanoramaLayerProps {
  visible: boolean;
  /** The records of the cells in view, as points; null when the camera is too far for records. */
  points: PanoramaPoints | null;
  /** Cases that arrived live, drawn with the cases' points (larger: they are new). */
  live: readonly LiveCase[] | null;
  selectedId: string | null;
}

/** Points stand at street level, drawn over the grid, the district fill and the buildings' lower floors. */
const POINT_M = 6;
/** Parcel outlines lie just over the grid (30 m), which would hide them lower. */
const OUTLINE_M = 32;

/**
 * The panoramas' records near the camera: one point collection, its points reused in place when
 * the view moves (positions and colours rewritten, extras hidden), never one entity per record.
 */
export function createPanoramaLayer(scene: Scene, root: PrimitiveCollection, layerId: string): SceneLayer<PanoramaLayerProps> {
  // Parcels' outlines under their points; both reused in place as the view moves.
  const outlines = root.add(new PolylineCollection()) as PolylineCollection;
  const lines: Polyline[] = [];
  const materials = new Map<string, Material>();
  const collection = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const points: PointPrimitive[] = [];
  const colours = new Map<string, Color>();
  const colourOf = (set: string, code: string, index: number): Color => {
    const key = `${set}:${code}`;
    let c = colours.get(key);
    if (!c) colours.set(key, (c = Color.fromCssColorString(recordColor(set, code, index))));
    return c;
  };
  const scratch = new Cartesian3();
  let shownIds: string[] = [];
  const outline = Color.fromCssColorString('#0b1220');
  const selectedOutline = Color.WHITE;
  return {
    update(props, old) {
      root.show = props.visible;
      if (props.points !== old?.points || props.live !== old?.live) {
        const p = props.points;
        const fileCount = p?.ids.length ?? 0;
        const live = p && props.live ? props.live : [];
        const classes = p ? POINT_CLASSES[p.set].list : [];
        const place = (i: number, lon: number, lat: number, set: string, code: string, k: number, featureId: string, size: number): void => {
          const position = Cartesian3.fromDegrees(lon, lat, POINT_M, undefined, scratch);
          const color = colourOf(set, code, k);
          const id = { layerId, featureId };
          let point = points[i];
          if (!point) {
            point = collection.add({ position, color, pixelSize: size, outlineColor: outline, outlineWidth: 1, scaleByDistance: new NearFarScalar(300, 1.6, 4000, 0.7), disableDepthTestDistance: Number.POSITIVE_INFINITY, id });
            points.push(point);
          } else {
            point.position = position;
            point.color = color;
            point.pixelSize = size;
            point.id = id;
            point.show = true;
          }
        };
        for (let i = 0; i < fileCount; i++) {
          const k = p!.classIndex[i]!;
          place(i, p!.lonLat[2 * i]!, p!.lonLat[2 * i + 1]!, p!.set, classes[k]?.code ?? '', k, `${p!.set}:${p!.ids[i]}`, 7);
        }
        live.forEach((c, j) => place(fileCount + j, c.lon, c.lat, 'cases', c.status, 0, `cases:${c.id}`, 10));
        const ringCount = p?.rings && p.ringStarts ? p.ringStarts.length - 1 : 0;
        for (let i = 0; i < ringCount; i++) {
          const from = p!.ringStarts![i]!;
          const to = p!.ringStarts![i + 1]!;
          const flat: number[] = [];
          for (let v = from; v < to; v += 2) flat.push(p!.rings![v]!, p!.rings![v + 1]!, OUTLINE_M);
          const positions = Cartesian3.fromDegreesArrayHeights(flat);
          const k = p!.classIndex[i]!;
          const key = classes[k]?.code ?? '';
          let material = materials.get(key);
          if (!material) materials.set(key, (material = Material.fromType('Color', { color: colourOf(p!.set, key, k) })));
          const line = lines[i];
          if (!line) lines.push(outlines.add({ positions, width: 2, material }));
          else {
            line.positions = positions;
            line.material = material;
            line.show = true;
          }
        }
        for (let i = ringCount; i < lines.length; i++) lines[i]!.show = false;
        const n = fileCount + live.length;
        for (let i = n; i < points.length; i++) points[i]!.show = false;
        shownIds = [...(p ? p.ids.map((id) => `${p.set}:${id}`) : []), ...live.map((c) => `cases:${c.id}`)];
      }
      if (props.selectedId !== old?.selectedId || props.points !== old?.points || props.live !== old?.live) {
        for (let i = 0; i < shownIds.length; i++) {
          const sel = shownIds[i] === props.selectedId;
          points[i]!.outlineColor = sel ? selectedOutline : outline;
          points[i]!.outlineWidth = sel ? 3 : 1;
        }
      }
      scene.requestRender();
    },
    pick(picked): PickResult | undefined {
      const id = (picked as { id?: { layerId?: string; featureId?: string } } | undefined)?.id;
      return id?.layerId === layerId && id.featureId ? { featureId: id.featureId } : undefined;
    },
    ...lifecycle(scene, root),
  };
}
