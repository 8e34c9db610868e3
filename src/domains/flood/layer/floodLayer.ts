import {
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  EllipsoidSurfaceAppearance,
  GeometryInstance,
  Material,
  Math as CesiumMath,
  BillboardCollection,
  VerticalOrigin,
  Primitive,
  PrimitiveCollection,
  Rectangle,
  RectangleGeometry,
  type Billboard,
  type Scene,
} from 'cesium';
import type { Feature, Point } from 'geojson';
import type { FloodImage, FloodResult } from '../floodEngine.ts';
import { isShelter, type FacilityProperties } from '../../../sources/basemapSchemas.ts';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import { FACILITY_COLORS } from '../floodColors.ts';
import { frameScheduler, GLYPH_FRAMES, hasNewGlyphs } from '../../../layers/frameScheduler.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';
import { PERF_MARKS } from '../../../perf/marks.ts';
import { MESSAGES, type Lang } from '../../../i18n/messages.ts';
import { declutterOf, labelItem, textBox, type DeclutterItem } from '../../../layers/declutter.ts';

/**
 * Beyond this distance (the whole of a district in view) the facilities count per district, one
 * badge each, instead of a few hundred symbols; closer in, each stands at its place.
 */
const SYMBOLS_WITHIN_M = 14_000;
const BADGE_FONT_PX = 14;
const BADGE_PLACES = [
  [0, 0],
  [0, 1.1],
  [0, -1.1],
] as const;

/** The water surface floats over the river (20 m) and the grid (30 m), so that it reads as water. */
const SURFACE_HEIGHT_M = 36;

export interface FloodLayerProps {
  visible: boolean;
  /** The flood to draw, null when the flood view is off or has no result yet. */
  result: Pick<FloodResult, 'image' | 'shelterFlooded'> | null;
  /** The result's number, for the drawn-on-screen mark. */
  seq: number;
  selectedId: string | null;
  lang: Lang;
}
const POINT_HEIGHT_M = 45;
/** Frames from a new image to it being on screen: the upload frame and the one that draws it. */
const IMAGE_FRAMES = 2;

type Icon = keyof typeof FACILITY_COLORS;

/** Map symbols, drawn once: a square for a shelter (crossed out when flooded), a diamond for a pump. */
function drawIcon(kind: Icon): HTMLCanvasElement {
  const size = 26;
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const g = c.getContext('2d')!;
  g.fillStyle = FACILITY_COLORS[kind];
  g.strokeStyle = '#ffffff';
  g.lineWidth = 2.5;
  g.beginPath();
  if (kind === 'pump') {
    g.moveTo(size / 2, 2);
    g.lineTo(size - 2, size / 2);
    g.lineTo(size / 2, size - 2);
    g.lineTo(2, size / 2);
    g.closePath();
  } else {
    g.roundRect(3, 3, size - 6, size - 6, 4);
  }
  g.fill();
  g.stroke();
  if (kind === 'closed') {
    g.beginPath();
    g.moveTo(8, 8);
    g.lineTo(size - 8, size - 8);
    g.moveTo(size - 8, 8);
    g.lineTo(8, size - 8);
    g.stroke();
  } else if (kind === 'shelter') {
    // A roof: where people go.
    g.beginPath();
    g.moveTo(7, 14);
    g.lineTo(size / 2, 7);
    g.lineTo(size - 7, 14);
    g.moveTo(9, 13);
    g.lineTo(9, 19);
    g.lineTo(size - 9, 19);
    g.lineTo(size - 9, 13);
    g.stroke();
  }
  return c;
}

/**
 * The flood view's own layer: shelters and pumping stations as one billboard collection, and the
 * inundation as one translucent rectangle whose image is the flood raster, replaced in place when
 * a new result arrives (one texture upload, no new geometry).
 */
export function createFloodLayer(scene: Scene, root: PrimitiveCollection, layerId: string, facilities: readonly Feature<Point, FacilityProperties>[]): SceneLayer<FloodLayerProps> {
  const icons = root.add(new BillboardCollection({ scene })) as BillboardCollection;
  const images = { shelter: drawIcon('shelter'), closed: drawIcon('closed'), pump: drawIcon('pump') };
  const handles: Billboard[] = facilities.map((f) =>
    icons.add({
      id: { layerId, featureId: f.properties.id },
      position: Cartesian3.fromDegrees(f.geometry.coordinates[0]!, f.geometry.coordinates[1]!, POINT_HEIGHT_M),
      image: isShelter(f.properties) ? images.shelter : images.pump,
      scale: isShelter(f.properties) ? 1 : 0.8,
      verticalOrigin: VerticalOrigin.CENTER,
      distanceDisplayCondition: new DistanceDisplayCondition(0, SYMBOLS_WITHIN_M),
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    }),
  );
  // Shelters in result order: the flood result's arrays index shelters only, pumps excluded.
  const shelterIndex = facilities.flatMap((f, i) => (isShelter(f.properties) ? [i] : []));
  const shelterHandles = shelterIndex.map((i) => handles[i]!);
  // Per district: its facilities (indices) and one badge at their mean position.
  const districts = new Map<string, number[]>();
  facilities.forEach((f, i) => districts.set(f.properties.district, [...(districts.get(f.properties.district) ?? []), i]));
  const badgeLabels = root.add(new LabelCollection({ scene })) as LabelCollection;
  const far = new DistanceDisplayCondition(SYMBOLS_WITHIN_M, Number.POSITIVE_INFINITY);
  const badges = [...districts.values()].map((members) => {
    const lon = members.reduce((a, i) => a + facilities[i]!.geometry.coordinates[0]!, 0) / members.length;
    const lat = members.reduce((a, i) => a + facilities[i]!.geometry.coordinates[1]!, 0) / members.length;
    const label = badgeLabels.add({
      position: Cartesian3.fromDegrees(lon, lat, POINT_HEIGHT_M),
      font: `600 ${BADGE_FONT_PX}px "Noto Sans CJK SC", sans-serif`,
      style: LabelStyle.FILL,
      showBackground: true,
      backgroundColor: Color.fromCssColorString('#071524').withAlpha(0.82),
      backgroundPadding: new Cartesian2(8, 5),
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.CENTER,
      distanceDisplayCondition: far,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    return { members, label, box: [0, 0] as readonly [number, number] };
  });
  /** The shelters' flooded flags by facility index, from the last result. */
  const floodedAt = new Uint8Array(facilities.length);
  const declutter = declutterOf(scene);
  // Nothing to keep clear while the symbols show instead.
  const badgeItems: DeclutterItem[] = badges.map((b) => labelItem(b.label, 6, BADGE_PLACES, (d) => (d < SYMBOLS_WITHIN_M ? [0, 0] : [b.box[0] + 16, b.box[1] + 10])));
  const glyphsSeen = new Set<string>();
  let badgeLang: Lang | null = null;
  let badgeResult: FloodLayerProps['result'] = null;
  const writeBadges = (lang: Lang): void => {
    const m = MESSAGES[lang];
    for (const b of badges) {
      const shelters = b.members.filter((i) => isShelter(facilities[i]!.properties));
      const flooded = shelters.filter((i) => floodedAt[i] === 1).length;
      const pumps = b.members.length - shelters.length;
      const parts = [];
      if (shelters.length > 0) parts.push((flooded > 0 ? m.districtSheltersFlooded : shelters.length === 1 ? m.districtShelter : m.districtShelters).replace('{n}', String(shelters.length)).replace('{f}', String(flooded)));
      if (pumps > 0) parts.push((pumps === 1 ? m.districtPump : m.districtPumps).replace('{n}', String(pumps)));
      b.label.text = parts.join(' · ');
      b.label.fillColor = flooded > 0 ? Color.fromCssColorString(FACILITY_COLORS.closed) : Color.WHITE;
      b.box = textBox(b.label.text, BADGE_FONT_PX);
    }
  };
  let surface: Primitive | null = null;
  let material: Material | null = null;
  let pendingMark: number | null = null;

  const showImage = (image: FloodImage): void => {
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext('2d')!.putImageData(new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
    if (!surface || !material) {
      // The Image material counts as opaque unless its colour is; the water's alpha lives in the image.
      material = new Material({ translucent: true, fabric: { type: 'Image', uniforms: { image: canvas } } });
      surface = root.add(
        new Primitive({
          geometryInstances: new GeometryInstance({
            geometry: new RectangleGeometry({
              rectangle: Rectangle.fromDegrees(image.west, image.south, image.east, image.north),
              height: SURFACE_HEIGHT_M,
              granularity: CesiumMath.toRadians(0.01),
              vertexFormat: EllipsoidSurfaceAppearance.VERTEX_FORMAT,
            }),
          }),
          appearance: new EllipsoidSurfaceAppearance({ material, translucent: true, flat: true }),
          asynchronous: false,
        }),
      ) as Primitive;
    } else {
      // A new canvas object makes Cesium upload it as the texture on the next frame.
      material.uniforms.image = canvas;
    }
  };

  // A new image becomes a texture during one frame and shows in the next; the scene renders on
  // demand, so ask for those frames, and mark the result as drawn once it is on screen.
  const { frames, release } = frameScheduler(scene);
  const markDrawn = (): void => {
    if (pendingMark !== null) performance.mark(PERF_MARKS.floodDrawn, { detail: pendingMark });
    pendingMark = null;
  };

  return {
    update(props, old) {
      root.show = props.visible;
      const flood = props.result;
      if (flood && flood.image !== old?.result?.image) {
        showImage(flood.image);
        shelterHandles.forEach((b, s) => (flood.shelterFlooded[s] ? b.setImage('closed', images.closed) : b.setImage('shelter', images.shelter)));
        shelterIndex.forEach((i, s) => (floodedAt[i] = flood.shelterFlooded[s] ? 1 : 0));
        pendingMark = props.seq;
        frames.keepDrawing(IMAGE_FRAMES, markDrawn);
      }
      if (surface) surface.show = flood !== null;
      if (!flood && badgeResult) floodedAt.fill(0);
      if (props.lang !== badgeLang || flood !== badgeResult) {
        writeBadges(props.lang);
        if (hasNewGlyphs(glyphsSeen, badges.map((b) => b.label.text))) frames.keepDrawing(GLYPH_FRAMES);
        [badgeLang, badgeResult] = [props.lang, flood];
        declutter.set(layerId, props.visible ? badgeItems : []);
      } else if (props.visible !== old?.visible) declutter.set(layerId, props.visible ? badgeItems : []);
      if (props.selectedId !== (old?.selectedId ?? null)) {
        const was = old?.selectedId ?? null;
        for (const [i, f] of facilities.entries()) {
          if (f.properties.id === was || f.properties.id === props.selectedId) handles[i]!.scale = f.properties.id === props.selectedId ? 1.6 : isShelter(f.properties) ? 1 : 0.8;
        }
      }
      scene.requestRender();
    },
    pick(picked): PickResult | undefined {
      const id = (picked as { id?: { layerId?: string; featureId?: string } } | undefined)?.id;
      return id?.layerId === layerId && typeof id.featureId === 'string' ? { featureId: id.featureId } : undefined;
    },
    ...lifecycle(scene, root, release, () => declutter.remove(layerId)),
  };
}
