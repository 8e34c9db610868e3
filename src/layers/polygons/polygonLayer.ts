import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  PrimitiveCollection,
  VerticalOrigin,
  type Scene,
} from 'cesium';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Lang } from '../../i18n/messages.ts';
import type { PickResult, SceneLayer } from '../layerKind.ts';
import { pickInstance, type InstanceId } from '../instanceId.ts';
import { lifecycle } from '../lifecycle.ts';


/** Accessors in the deck.gl manner: the layer knows nothing of what the features mean. */
export interface PolygonLayerOptions<P> {
  layerId: string;
  features: readonly Feature<Polygon | MultiPolygon, P>[];
  getId: (p: P) => string;
  getFill: (p: P) => Color;
  /** Fill of the selected feature. */
  selectedFill: Color;
  outline?: { color: Color; width: number };
  label?: { position: (p: P) => [number, number]; text: (p: P, lang: Lang) => string };
  /** Hide the fill (keeping outlines and labels) while a layer that paints the ground is shown over it. */
  hideFillWhenGroundCovered?: boolean;
  /**
   * Metres above the ellipsoid. Layers are stacked a few metres apart rather than draped with
   * GroundPrimitive: classification volumes of city-sized polygons showed rectangular artefacts,
   * and flat primitives are cheaper for the many-polygon layers that follow.
   */
  height: number;
}

export interface PolygonLayerProps {
  visible: boolean;
  lang: Lang;
  selectedId: string | null;
  /** A layer that paints the ground is shown over this one: its fill steps back so those colours read true. */
  groundCovered: boolean;
}

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function toCartesians(ring: Position[], height: number, closed: boolean): Cartesian3[] {
  // GeoJSON rings repeat the first point; Cesium closes polygons itself but not polylines.
  const points = closed ? ring : ring.slice(0, -1);
  return Cartesian3.fromDegreesArrayHeights(points.flatMap((p) => [p[0]!, p[1]!, height]));
}

/**
 * Polygon features over the globe: one Primitive for all fills, one Primitive for all outlines and one LabelCollection, whatever the feature count.
 * Selection recolours instances in place; the geometry is never rebuilt.
 */
export function createPolygonLayer<P>(scene: Scene, collection: PrimitiveCollection, options: PolygonLayerOptions<P>): SceneLayer<PolygonLayerProps> {
  const { layerId, features, getId, getFill, selectedFill, outline, label, height } = options;
  const fillByFeature = new Map<string, Color>();
  const instanceIds = new Map<string, InstanceId[]>();

  const fillInstances = features.flatMap((f) => {
    const featureId = getId(f.properties);
    const color = getFill(f.properties);
    fillByFeature.set(featureId, color);
    return polygonsOf(f.geometry).map((rings) => {
      // One id object per part: Cesium finds instance attributes by object identity.
      const id: InstanceId = { layerId, featureId };
      instanceIds.set(featureId, [...(instanceIds.get(featureId) ?? []), id]);
      const hierarchy = new PolygonHierarchy(
        toCartesians(rings[0]!, height, false),
        rings.slice(1).map((hole) => new PolygonHierarchy(toCartesians(hole, height, false))),
      );
      return new GeometryInstance({
        id,
        geometry: new PolygonGeometry({ polygonHierarchy: hierarchy, height, perPositionHeight: false, vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT }),
        attributes: { color: ColorGeometryInstanceAttribute.fromColor(color) },
      });
    });
  });
  const fills = collection.add(
    new Primitive({
      geometryInstances: fillInstances,
      appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
    }),
  ) as Primitive;

  if (outline) {
    const lines = features.flatMap((f) =>
      polygonsOf(f.geometry).flatMap((rings) =>
        rings.map(
          (ring) =>
            new GeometryInstance({
              geometry: new PolylineGeometry({
                positions: toCartesians(ring, height + 2, true),
                width: outline.width,
                vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
              }),
              attributes: { color: ColorGeometryInstanceAttribute.fromColor(outline.color) },
            }),
        ),
      ),
    );
    collection.add(new Primitive({ geometryInstances: lines, appearance: new PolylineColorAppearance({ translucent: false }) }));
  }

  const labels = label ? (collection.add(new LabelCollection({ scene })) as LabelCollection) : null;

  let selected: string | null = null;
  let appliedSelection: string | null = null;
  const setFill = (featureId: string, color: Color): void => {
    for (const id of instanceIds.get(featureId) ?? []) {
      const attrs = fills.getGeometryInstanceAttributes(id) as { color?: Uint8Array } | undefined;
      if (attrs) attrs.color = ColorGeometryInstanceAttribute.toValue(color, attrs.color);
    }
  };
  // Instance attributes exist only once the primitive is ready, which happens during a render.
  const applySelection = (): void => {
    if (!fills.ready || appliedSelection === selected) return;
    if (appliedSelection !== null) setFill(appliedSelection, fillByFeature.get(appliedSelection) ?? Color.WHITE);
    if (selected !== null) setFill(selected, selectedFill);
    appliedSelection = selected;
    scene.requestRender();
  };
  const removePreRender = scene.preRender.addEventListener(applySelection);

  return {
    update(props, old) {
      collection.show = props.visible;
      fills.show = !(options.hideFillWhenGroundCovered && props.groundCovered);
      selected = props.selectedId;
      if (labels && label && props.lang !== old?.lang) {
        labels.removeAll();
        for (const f of features) {
          const [lon, lat] = label.position(f.properties);
          labels.add({
            position: Cartesian3.fromDegrees(lon, lat, height + 50),
            text: label.text(f.properties, props.lang),
            font: '600 20px "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
            fillColor: Color.WHITE,
            outlineColor: Color.fromCssColorString('#0b1a2b'),
            outlineWidth: 4,
            style: LabelStyle.FILL_AND_OUTLINE,
            horizontalOrigin: HorizontalOrigin.CENTER,
            verticalOrigin: VerticalOrigin.CENTER,
            scaleByDistance: new NearFarScalar(5e3, 1.1, 3e5, 0.55),
            disableDepthTestDistance: Number.POSITIVE_INFINITY,
          });
        }
      }
      applySelection();
      scene.requestRender();
    },
    pick: (picked): PickResult | undefined => pickInstance(picked, layerId),
    ...lifecycle(scene, collection, removePreRender),
  };
}
