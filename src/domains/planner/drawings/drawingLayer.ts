import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PointPrimitiveCollection,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineCollection,
  Primitive,
  PrimitiveCollection,
  type Scene,
} from 'cesium';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';
import type { PlannerState } from '../plannerSlice.ts';

const HEIGHT_M = 50;
const LINE = Color.fromCssColorString('#f472b6');
const ACTIVE = Color.fromCssColorString('#fde047');
const FILL_ALPHA = 0.25;

const at = (p: readonly number[]): Cartesian3 => Cartesian3.fromDegrees(p[0]!, p[1]!, HEIGHT_M);

/**
 * The planner's drawn shapes: one polyline collection for lines and outlines, one point collection
 * for points and vertices, and one primitive holding every polygon fill, rebuilt only when the
 * shapes change (they are few; the draft redraws its lines and points only).
 */
/** The planner's shapes and the one being drawn. */
export type DrawingLayerProps = Pick<PlannerState, 'shapes' | 'draft' | 'active'>;

export function createDrawingLayer(scene: Scene, layerId: string): SceneLayer<DrawingLayerProps> {
  const root = scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const lines = root.add(new PolylineCollection()) as PolylineCollection;
  const points = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  let fills: Primitive | null = null;

  const redraw = ({ shapes, draft, active }: DrawingLayerProps, old: DrawingLayerProps | null): void => {
    lines.removeAll();
    points.removeAll();
    for (const s of shapes) {
      const color = s.id === active ? ACTIVE : LINE;
      const g = s.geometry;
      if (g.type === 'Point') points.add({ id: { layerId, featureId: s.id }, position: at(g.coordinates), pixelSize: 14, color, outlineColor: Color.BLACK, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY });
      else lines.add({ id: { layerId, featureId: s.id }, positions: (g.type === 'LineString' ? g.coordinates : g.coordinates[0]!).map(at), width: 4 }).material.uniforms.color = color;
    }
    if (draft.length > 1) lines.add({ positions: draft.map(at), width: 3 }).material.uniforms.color = ACTIVE;
    for (const p of draft) points.add({ position: at(p), pixelSize: 12, color: ACTIVE, outlineColor: Color.BLACK, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY });
    // Polygon fills are one primitive: rebuilt when the shapes change, not for each draft vertex.
    if (!old || old.shapes !== shapes || old.active !== active) {
      if (fills) root.remove(fills);
      const polygons = shapes.filter((s) => s.geometry.type === 'Polygon');
      fills =
        polygons.length === 0
          ? null
          : (root.add(
              new Primitive({
                geometryInstances: polygons.map(
                  (s) =>
                    new GeometryInstance({
                      id: { layerId, featureId: s.id },
                      geometry: new PolygonGeometry({ polygonHierarchy: new PolygonHierarchy((s.geometry.coordinates as number[][][])[0]!.map(at)), height: HEIGHT_M, perPositionHeight: false }),
                      attributes: { color: ColorGeometryInstanceAttribute.fromColor((s.id === active ? ACTIVE : LINE).withAlpha(FILL_ALPHA)) },
                    }),
                ),
                appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
                asynchronous: false,
              }),
            ) as Primitive);
    }
    scene.requestRender();
  };

  return {
    // The host calls this only when the shapes, the draft or the active shape changed.
    update: redraw,
    pick(picked): PickResult | undefined {
      const id = (picked as { id?: { layerId?: string; featureId?: string } } | undefined)?.id;
      return id?.layerId === layerId && typeof id.featureId === 'string' ? { featureId: id.featureId } : undefined;
    },
    ...lifecycle(scene, root),
  };
}
