import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  NearFarScalar,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineGeometry,
  PolylineMaterialAppearance,
  Primitive,
  PrimitiveCollection,
  VerticalOrigin,
  type Scene,
} from 'cesium';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Lang } from '../../i18n/messages.ts';
import type { Look } from '../../legend/look.ts';
import type { PickResult, SceneLayer } from '../layerKind.ts';
import { pickInstance, type InstanceId } from '../instanceId.ts';
import { lifecycle } from '../lifecycle.ts';
import { frameScheduler, GLYPH_FRAMES, hasNewGlyphs } from '../frameScheduler.ts';
import { declutterOf, labelItem, scaleAt, textBox, type DeclutterItem } from '../declutter.ts';

const LABEL_FONT_PX = 20;
const LABEL_SCALE = new NearFarScalar(5e3, 1.1, 3e5, 0.55);
/** Where a name may stand, in its own sizes: on its point, else above, below, right or left of it. */
const LABEL_PLACES = [
  [0, 0],
  [0, -0.9],
  [0, 0.9],
  [0.75, 0],
  [-0.75, 0],
] as const;


/** Accessors in the deck.gl manner: the layer knows nothing of what the features mean. */
export interface PolygonLayerOptions<P> {
  layerId: string;
  features: readonly Feature<Polygon | MultiPolygon, P>[];
  getId: (p: P) => string;
  getFill: (p: P, look: Look) => Color;
  /**
   * Fills on demand: unless the props ask for them, every feature takes this near-clear fill
   * (kept above zero alpha so that a tap still picks the feature).
   */
  quietFill?: (look: Look) => Color;
  /** Fill of the selected feature. */
  selectedFill: Color;
  /**
   * On the dark look a glowing line (Cesium's PolylineGlow: a white-hot core fading out to the
   * colour across `width` pixels); by day a plain line of the colour, a third as wide.
   */
  outline?: { width: number; color: (look: Look) => Color; glowPower: number };
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
  look: Look;
  /** The features' own fills are asked for (see `quietFill`). */
  filled: boolean;
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
  const { layerId, features, getId, getFill, quietFill, selectedFill, outline, label, height } = options;
  const instanceIds = new Map<string, InstanceId[]>();
  const byId = new Map(features.map((f) => [getId(f.properties), f.properties]));

  const fillInstances = features.flatMap((f) => {
    const featureId = getId(f.properties);
    const color = quietFill ? quietFill('dark') : getFill(f.properties, 'dark');
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

  const lineMaterial = (look: Look): Material | null =>
    outline ? (look === 'dark' ? Material.fromType('PolylineGlow', { color: outline.color(look), glowPower: outline.glowPower, taperPower: 1 }) : Material.fromType('PolylineOutline', { color: outline.color(look), outlineColor: outline.color(look).withAlpha(0.35), outlineWidth: outline.width / 3 })) : null;
  let lines: Primitive | null = null;
  if (outline) {
    const instances = features.flatMap((f) =>
      polygonsOf(f.geometry).flatMap((rings) =>
        rings.map(
          (ring) =>
            new GeometryInstance({
              geometry: new PolylineGeometry({
                positions: toCartesians(ring, height + 2, true),
                width: outline.width,
                vertexFormat: PolylineMaterialAppearance.VERTEX_FORMAT,
              }),
            }),
        ),
      ),
    );
    lines = collection.add(new Primitive({ geometryInstances: instances, appearance: new PolylineMaterialAppearance({ material: lineMaterial('dark')!, translucent: true }) })) as Primitive;
  }

  const labels = label ? (collection.add(new LabelCollection({ scene })) as LabelCollection) : null;
  const declutter = declutterOf(scene);
  const { frames, release } = frameScheduler(scene);
  const glyphsSeen = new Set<string>();
  /** The names, to be placed among every layer's labels: below the data's badges, above nothing else. */
  let labelItems: DeclutterItem[] = [];

  let selected: string | null = null;
  let look: Look = 'dark';
  let filled = false;
  /** What the instances were last painted with; they are repainted when any of it changes. */
  let painted: { selected: string | null; look: Look; filled: boolean } | null = null;
  const fillOf = (featureId: string): Color => {
    if (featureId === selected) return selectedFill;
    const p = byId.get(featureId)!;
    return quietFill && !filled ? quietFill(look) : getFill(p, look);
  };
  const setFill = (featureId: string): void => {
    const color = fillOf(featureId);
    for (const id of instanceIds.get(featureId) ?? []) {
      const attrs = fills.getGeometryInstanceAttributes(id) as { color?: Uint8Array } | undefined;
      if (attrs) attrs.color = ColorGeometryInstanceAttribute.toValue(color, attrs.color);
    }
  };
  // Instance attributes exist only once the primitive is ready, which happens during a render.
  const paint = (): void => {
    if (!fills.ready) return;
    if (painted && painted.look === look && painted.filled === filled) {
      if (painted.selected === selected) return;
      if (painted.selected !== null) setFill(painted.selected);
      if (selected !== null) setFill(selected);
    } else {
      for (const featureId of instanceIds.keys()) setFill(featureId);
    }
    painted = { selected, look, filled };
    scene.requestRender();
  };
  const removePreRender = scene.preRender.addEventListener(paint);

  return {
    update(props, old) {
      collection.show = props.visible;
      fills.show = !(options.hideFillWhenGroundCovered && props.groundCovered);
      selected = props.selectedId;
      look = props.look;
      filled = props.filled;
      // A primitive takes a new material in place: the geometry stays, only its shader changes.
      if (lines && props.look !== (old?.look ?? 'dark')) lines.appearance.material = lineMaterial(props.look)!;
      if (labels && label && props.lang !== old?.lang) {
        labels.removeAll();
        labelItems = features.map((f) => {
          const [lon, lat] = label.position(f.properties);
          const text = label.text(f.properties, props.lang);
          const box = textBox(text, LABEL_FONT_PX);
          const l = labels.add({
            position: Cartesian3.fromDegrees(lon, lat, height + 50),
            text,
            font: `600 ${LABEL_FONT_PX}px "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`,
            fillColor: Color.WHITE,
            outlineColor: Color.fromCssColorString('#0b1a2b'),
            outlineWidth: 4,
            style: LabelStyle.FILL_AND_OUTLINE,
            horizontalOrigin: HorizontalOrigin.CENTER,
            verticalOrigin: VerticalOrigin.CENTER,
            scaleByDistance: LABEL_SCALE,
            disableDepthTestDistance: Number.POSITIVE_INFINITY,
          });
          return labelItem(l, 1, LABEL_PLACES, (d) => {
            const k = scaleAt(LABEL_SCALE, d);
            return [box[0] * k + 8, box[1] * k + 4] as const;
          });
        });
      }
      if (labels && (props.lang !== old?.lang || props.visible !== old.visible)) {
        declutter.set(layerId, props.visible ? labelItems : []);
        if (hasNewGlyphs(glyphsSeen, features.map((f) => label!.text(f.properties, props.lang)))) frames.keepDrawing(GLYPH_FRAMES);
      }
      paint();
      scene.requestRender();
    },
    pick: (picked): PickResult | undefined => pickInstance(picked, layerId),
    ...lifecycle(scene, collection, removePreRender, release, () => declutter.remove(layerId)),
  };
}
